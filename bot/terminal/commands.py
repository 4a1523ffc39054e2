"""`careerbot ingest / ask / chat / eval`: terminal front ends over the same runtime the bot uses."""

from __future__ import annotations

import codecs
import contextlib
import json
import logging
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.errors import Unavailable, UserFacingError
from bot.logs import FILE_ONLY, configure_logging
from bot.settings import load_settings
from bot.text.catalogue import say, step_text
from bot.text.language import question_language

if TYPE_CHECKING:  # the answering stack is imported by the commands that use it, not for --help
    from bot.engine import Engine
    from bot.evaluate import EvalReport
    from bot.models import Answer, Turn
    from bot.rates.figures import FigureBook
    from bot.runtime import Runtime
    from bot.settings import Settings

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)
log = logging.getLogger("careerbot")
EXIT_WORDS = {"exit", "quit", "bye", "stop", "q"}


def open_runtime() -> Runtime:
    """Settings, logging and the runtime, as every command needs them."""
    settings = load_settings()
    configure_logging(settings)
    from bot.runtime import build_runtime

    return build_runtime(settings)


def live_figures() -> FigureBook:
    """The figures the calculators use now, read from the live index without the answering stack (a calculation
    needs no model or retrieval): the live build's, checked against its documents at ingest, else the packaged
    ones (before the first ingest, for a build without rates/, or when the index cannot be read)."""
    settings = load_settings()
    configure_logging(settings)
    from bot.rates.figures import FigureBook, default_book  # noqa: F811 - at run time too

    stored = stored_figures_json(settings)
    return FigureBook.model_validate_json(stored) if stored else default_book()


def stored_figures_json(settings: Settings) -> str | None:
    """The live build's figures: from an embedded index's catalogue directly (no chromadb import), else through
    Chroma (a server, or a catalogue that cannot be read directly); None when the live build cannot be read."""
    from bot.rag.index.store import CatalogueUnread, ChromaStore, catalogue_figures_json

    if not settings.chroma_url:
        try:
            return catalogue_figures_json(settings.data_dir / "chroma", settings.collection)
        except CatalogueUnread as err:
            log.info("reading the figures through Chroma: its catalogue could not be read directly (%s)", err)
    store = ChromaStore.from_settings(settings)  # a server or directory Chroma cannot use is the user's to fix
    try:
        return store.live_figures_json()
    except UserFacingError:
        return None
    finally:
        store.close()


def ingest(
    path: Annotated[Path | None, typer.Option("--path", help="Knowledge directory (default: knowledge/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Build or update the knowledge index from the Markdown documents (only changed documents are embedded)."""
    runtime = open_runtime()
    if as_json or not sys.stderr.isatty():
        report = runtime.ingest(path, dry_run=dry_run)
    else:
        with Progress(TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("embed", total=None)
            report = runtime.ingest(path, dry_run=dry_run,
                                    progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        out.print_json(json.dumps(report.model_dump(exclude={"dry_run"}), ensure_ascii=False), indent=None)
    else:
        out.print(escape("\n".join(report.summary_lines())), soft_wrap=True)
    for line in report.problem_lines():
        err.print(escape(line), soft_wrap=True)  # one line each, never wrapped: a maintainer copies from them
    if report.skipped or report.figure_problems:
        raise typer.Exit(2)


def ask(
    question: Annotated[str | None, typer.Argument(help="The question, in English, Dutch or French.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer object as JSON.")] = False,
    batch: Annotated[Path | None, typer.Option("--batch", help="JSON lines file of {\"id\", \"q\"}.")] = None,
) -> None:
    """Answer one question (or a batch file) from the knowledge base and the calculators."""
    if batch is not None:
        raise typer.Exit(ask_batch(batch))
    if question is None:
        raise UserFacingError('give a question, e.g. careerbot ask "What does a junior earn in Brussels?"')
    answer = open_runtime().engine.answer(check_text(question, "the question"))
    if as_json:
        out.print_json(json.dumps(answer.to_json_dict(), ensure_ascii=False), indent=None)
    else:
        print_answer(answer)


def ask_batch(path: Path) -> int:
    """One JSON answer per input line, in order; a bad line gets an error object and exit code 2 at the end, a
    line that an outage failed (the Chroma server, the disk) exit code 1: the rest are tried as they come."""
    if path.is_dir():
        raise UserFacingError(f"batch file {str(path)!r} is a directory; give a JSON lines file")
    if not path.is_file():
        raise UserFacingError(f"batch file {str(path)!r} does not exist")
    engine = open_runtime().engine
    code, empty = 0, True
    with path.open("rb") as lines:  # line by line: a batch may be larger than memory
        for number, line in enumerate(lines, 1):
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)  # some editors start a UTF-8 file with one
            if not line.strip():
                continue
            empty = False
            try:
                result = batch_result(engine, line, number)
            except Unavailable as error:
                result, code = {"id": line_id(line), "error": str(error)}, 1
            code = code or (2 if "error" in result else 0)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    if empty:
        raise UserFacingError(f"batch file {str(path)!r} holds no questions")
    return code


def batch_result(engine: Engine, line: bytes, number: int) -> dict:
    """The answer object for one batch line, or its id and an error saying what is wrong with the line."""
    try:
        item = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return {"id": None, "error": f"line {number}: not valid UTF-8 text"}
    except json.JSONDecodeError:
        return {"id": None, "error": f"line {number}: not valid JSON"}
    if not is_text(json.dumps(item, ensure_ascii=False)):  # a "\ud800" escape is valid JSON but cannot be printed
        return {"id": None, "error": f"line {number}: not valid UTF-8 text"}
    item_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        return {"id": item_id, "error": f"line {number}: expected a JSON object with a string field q"}
    if item_id is None:  # its answer could not be told from another id-less line's
        return {"id": None, "error": f'line {number}: no "id"; give every line an id to match its answer'}
    try:
        return {"id": item_id, **engine.answer(item["q"]).to_json_dict()}
    except Unavailable:
        raise
    except UserFacingError as error:
        return {"id": item_id, "error": str(error)}


def line_id(line: bytes) -> object:
    """The id of a line that was read once already (valid JSON with an id, or it would not have been answered)."""
    return json.loads(line.decode("utf-8")).get("id")


def check_text(text: str, what: str) -> str:
    """Text that can be written out again: bad bytes or a lone surrogate would crash the print of the answer."""
    if not is_text(text):
        raise UserFacingError(f"{what} is not valid UTF-8 text")
    return text


def is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def chat() -> None:
    """A conversation in the terminal (reads lines from standard input when it is not a terminal)."""
    from bot.models import Turn

    runtime = open_runtime()
    interactive = sys.stdin.isatty()
    if interactive:
        out.print("careerbot: ask about salaries, freelance rates, interviews, skills or AI tools "
                  "(English, Dutch or French). Type 'exit' to leave.")
    history: list[Turn] = []
    for question in read_questions(interactive):
        if question is None or not is_text(question):  # one garbled line must not end the conversation
            err.print("error: that line is not valid UTF-8 text; type it again")
            continue
        if question.strip().lower() in EXIT_WORDS:
            break
        if not question.strip():
            continue
        if not interactive:
            out.print(f"[bold]> {escape(question)}[/bold]")
        answer = answer_in_chat(runtime.engine, question, history)
        if answer is None:
            continue
        print_answer(answer)
        history += [Turn(role="user", text=question), Turn(role="assistant", text=answer.text)]


def answer_in_chat(engine: Engine, question: str, history: list[Turn]) -> Answer | None:
    """The answer, or None after one line on stderr: an outage or a bug costs one question, not the conversation
    (the next one is tried afresh, so the chat carries on once the index is back)."""
    try:
        with thinking(question) as progress:
            return engine.answer(question, history, progress=progress)
    except UserFacingError as error:
        err.print(f"error: {escape(' '.join(str(error).split()))}", soft_wrap=True)
    except Exception as error:  # noqa: BLE001 - logged with an id, as the command line's last line of defence does
        error_id = secrets.token_hex(4)
        log.error("error id %s: unexpected failure in chat", error_id, exc_info=True, extra=FILE_ONLY)
        err.print(f"error: unexpected failure ({type(error).__name__}, error id {error_id}); details are in the log; "
                  "ask again or type 'exit'", soft_wrap=True)
    return None


@contextlib.contextmanager
def thinking(question: str) -> Iterator[Callable[[str], None] | None]:
    """A spinner on a terminal that names the step the answer is at; nothing when the output is not a terminal."""
    if not out.is_terminal:
        yield None
        return
    language = question_language(question)
    with out.status(step_text("searching", language) + "…", spinner="dots") as status:
        yield lambda step: status.update(step_text(step, language) + "…")


def read_questions(interactive: bool) -> Iterator[str | None]:
    """Prompted lines on a terminal, plain lines otherwise; None for a line that is not UTF-8; stops at end of input."""
    if not interactive:
        for line in sys.stdin.buffer:  # decoded one line at a time, so a bad line costs only itself
            try:
                yield line.decode("utf-8").strip()
            except UnicodeDecodeError:
                yield None
        return
    while True:
        try:
            yield out.input("[bold]you>[/bold] ").strip()
        except EOFError:
            return
        except UnicodeDecodeError:  # the terminal's decoding failed on this line
            yield None


def print_answer(answer: Answer) -> None:
    """The answer, then its numbered sources, readable in a terminal."""
    out.print(escape(answer.text))
    if answer.shown_sources():
        out.print(f"[dim]{say('sources', answer.language)}:[/dim]")
        for source in answer.shown_sources():
            out.print(f"[dim]  [{source.rank}] {escape(source.title)} › {escape(source.section)} "
                      f"({escape(source.url or source.path)})[/dim]")
    if not answer.confident:
        out.print(f"[dim]({say('cli_low_confidence', answer.language)})[/dim]")
    out.print()


def eval_command(
    file: Annotated[Path, typer.Argument(help="Question file: JSON lines with id, q and expect, must or offtopic.")],
    k: Annotated[int, typer.Option("--k", min=1, max=20, help="How many chunks count as retrieved.")] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    with_documents: Annotated[Path | None, typer.Option(
        "--with-documents", help="Measure on a temporary copy of the knowledge base with these .md files added.",
    )] = None,
) -> None:
    """Measure retrieval (recall@1, recall@k) and answers on a question file."""
    from bot.evaluate import load_questions

    try:
        questions = load_questions(file)
    except UnicodeDecodeError as error:  # load_questions reads the whole file as UTF-8
        line = file.read_bytes()[:error.start].count(b"\n") + 1
        raise UserFacingError(f"question file {str(file)!r} is not UTF-8 text (line {line})") from None
    if with_documents is None:
        report = evaluate_on(open_runtime(), questions, k)
    else:
        report = evaluate_with_documents(with_documents, questions, k)
    if as_json:
        out.print_json(report.model_dump_json(), indent=None)
        return
    print_report(report)


def evaluate_on(runtime: Runtime, questions: list, k: int) -> EvalReport:
    from bot.evaluate import evaluate

    return evaluate(questions, runtime.engine.retriever, runtime.engine, k)


def evaluate_with_documents(extra: Path, questions: list, k: int) -> EvalReport:
    """Copy the knowledge base and the new documents to a temporary directory, ingest it into a temporary data
    directory, and measure there; the real index is not touched."""
    from bot.runtime import build_runtime

    documents = sorted(p for p in extra.glob("*.md") if p.name.lower() != "readme.md") if extra.is_dir() else []
    if not documents:
        raise UserFacingError(f"--with-documents {str(extra)!r} must be a directory holding .md documents")
    settings = load_settings()
    configure_logging(settings)
    known = live_vectors(settings)
    with tempfile.TemporaryDirectory(prefix="careerbot-eval-") as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(settings.knowledge_dir, knowledge)
        for document in documents:
            shutil.copy(document, knowledge / document.name)
        scratch = settings.model_copy(update={"data_dir": Path(tmp) / "data", "knowledge_dir": knowledge,
                                              "chroma_url": None})
        runtime = build_runtime(scratch)
        try:
            runtime.ingest(knowledge, known=known)
            return evaluate_on(runtime, questions, k)
        finally:
            runtime.close()


def live_vectors(settings: Settings) -> dict[str, list[float]]:
    """The live index's vectors, so that a scratch copy embeds only the documents added to it; none when there is
    no index yet (the data directory is not created for this) or it cannot be read."""
    from bot.runtime import build_runtime

    if not settings.chroma_url and not settings.data_dir.is_dir():
        return {}
    try:
        live = build_runtime(settings)
        try:
            return live.known_vectors()
        finally:
            live.close()
    except UserFacingError as err:  # Unavailable too: a server that is down
        log.info("measuring without the live index's vectors: %s", err)
        return {}


def print_report(report: EvalReport) -> None:
    n = report.questions
    if report.retrieval_questions:
        r = report.retrieval_questions
        out.print(f"retrieval: recall@1 {report.recall_at_1}/{r}  recall@{report.k} {report.recall_at_k}/{r}")
    out.print(f"answers pass: {report.answers_pass}/{n}")
    if report.by_kind:
        out.print("  by kind: " + "; ".join(f"{escape(kind)} {passed}/{asked}"
                                            for kind, (passed, asked) in sorted(report.by_kind.items())))
    out.print(f"answers over 1,200 characters: {len(report.long_answers)} {' '.join(report.long_answers)}")
    out.print(f"answers citing one section twice or a missing source: {len(report.citation_problems)} "
              f"{' '.join(report.citation_problems)}")
    for miss in report.misses:
        where = "not retrieved" if miss.in_top_k is False else "answer fails"
        out.print(f"  miss {miss.id} ({where}): {escape(miss.q)} -> {escape(', '.join(miss.top_sections[:2]))}")


def health() -> None:
    """Exit 0 when the settings are valid and the index answers, else 1; one line either way (for a container's
    health check: it opens the index, not the embedding model, so it is cheap to run every half minute)."""
    try:
        line = health_line()
    except Exception as error:  # noqa: BLE001 - every failure means "unhealthy": one line, never a traceback
        typer.echo("unhealthy: " + (" ".join(str(error).split())[:300] or type(error).__name__), err=True)
        raise typer.Exit(1) from None
    typer.echo(line)


def health_line() -> str:
    """What `careerbot health` prints when all is well; raises with the reason otherwise."""
    from bot.rag.index.embeddings import model_identifier
    from bot.rag.index.store import ChromaStore

    settings = load_settings()
    if not settings.chroma_url and not (settings.data_dir / "chroma").is_dir():  # not created by a health check
        raise UserFacingError(f"no index in '{settings.data_dir}': run `careerbot ingest` first")
    store = ChromaStore.from_settings(settings)
    try:
        pointer = store.pointer()
        if pointer is None:
            raise UserFacingError("the knowledge index is empty: run `careerbot ingest` first")
        model = model_identifier(settings)
        if pointer.model != model:
            raise UserFacingError(f"the index was built with {pointer.model!r} but {model!r} is configured; re-ingest")
        chunks = store.collection(pointer.collection).count()
        if not chunks:
            raise UserFacingError(f"the live index {pointer.collection} holds no chunks; re-ingest")
        return f"ok: {chunks} chunks in {pointer.collection} (ingested {pointer.ingested_at})"
    finally:
        close = getattr(store.client, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):  # closing is best effort; the answer was already read
                close()


def clean_chroma(
    path: Annotated[Path, typer.Argument(help="A Chroma directory: a server's --path, or DATA_DIR/chroma.")],
) -> None:
    """Remove the directories Chroma leaves on disk for deleted collections (every ingest does this for its own
    data directory; run it on a Chroma server's host, over the server's --path, e.g. daily)."""
    from bot.rag.index.store import remove_orphan_directories

    if not (path / "chroma.sqlite3").is_file():
        raise UserFacingError(f"{str(path)!r} is not a Chroma directory (it has no chroma.sqlite3)")
    removed = remove_orphan_directories(path)
    out.print(f"removed {len(removed)} directories of deleted collections from {escape(str(path))}")


def register(app: typer.Typer) -> None:
    """Add the core commands to the root CLI."""
    app.command()(ingest)
    app.command()(ask)
    app.command()(chat)
    app.command("eval")(eval_command)
    app.command()(health)
    app.command("clean-chroma")(clean_chroma)
