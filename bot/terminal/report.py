"""`careerbot report` and `careerbot forget`: the maintainers' report in the terminal, and one member's data erased."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.errors import UserFacingError
from bot.settings import load_settings

if TYPE_CHECKING:
    from bot.feedback.report import CoverageReport, Group, SectionCount, SectionRef, Sources, Votes
    from bot.feedback.store import FeedbackReport, FeedbackStore, Pruned, ReportedAnswer
    from bot.settings import Settings

GROUPS_SHOWN = 12  # per part in the terminal; --json has them all
ANSWERS_SHOWN = 10  # of the newest 👎 answers and unsure questions listed one by one
SECTIONS_SHOWN = 10


def gather(settings: Settings, days: int) -> tuple[CoverageReport, FeedbackReport]:
    """Apply the retention period, then build the report and the newest answers' list for the same moment."""
    from bot.feedback.report import coverage_report
    from bot.feedback.store import FeedbackStore
    from bot.rag.index.embeddings import LazyEmbedder

    store = FeedbackStore.existing(settings)
    try:
        now = datetime.now(UTC)
        pruned = store.prune(settings.feedback_retention_days, now=now)
        embedder = LazyEmbedder(settings)
        coverage = coverage_report(store, embedder.query_vectors, embedder.name, live_sections(settings), days,
                                   now=now)
        coverage.retention = pruned
        return coverage, store.report(days, now=now)
    finally:
        store.close()


def live_sections(settings: Settings) -> list[SectionRef] | None:
    """The live index's sections, for the never-cited lists; None when there is no index (or it cannot be read:
    the report is about the feedback, and says the lists are missing)."""
    from bot.feedback.report import index_sections
    from bot.rag.index.store import ChromaStore

    try:
        return index_sections(ChromaStore.from_settings(settings))
    except UserFacingError:
        return None


def as_json_object(coverage: CoverageReport, listed: FeedbackReport) -> dict[str, Any]:
    """The report object: the earlier keys (downvoted, low_confidence, calculators) kept beside the new parts."""
    return {**listed.model_dump(mode="json"), **coverage.model_dump(mode="json")}


def forget_member(store: FeedbackStore, user_id: int) -> Pruned:
    """Erase one member's votes and the questions stored with their hash."""
    if not 0 < user_id < 2**64:
        raise UserFacingError(f"{user_id} is not a Discord user id (a positive number, up to 20 digits)")
    return store.forget(user_id)


def shown(text: str) -> str:
    """Stored text as it may reach a terminal: control characters (escape sequences, carriage returns, bells)
    written as escapes, so a stored question can neither move the cursor nor colour, retitle or link anything."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def format_coverage(report: CoverageReport) -> str:
    """The three parts as text, numbers first."""
    return "\n".join([*summary(report), "", *gaps_part(report), "", *top_part(report), "",
                      *sources_part(report.sources)])


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary(report: CoverageReport) -> list[str]:
    t = report.totals
    lines = [f"Report for the last {report.days} days (since {report.since:%Y-%m-%d %H:%M} UTC): "
             f"{counted(t.questions, 'question')}, {t.answered} answered, {t.unsure} unsure, {t.refused} refused, "
             f"{t.voted_down} voted 👎; {counted(t.members, 'member')} known by their hash"]
    if report.retention is not None:
        lines.append(f"Retention: deleted {counted(report.retention.questions, 'question')} and "
                     f"{counted(report.retention.votes, 'vote')} older than the retention period "
                     "(CAREERBOT_FEEDBACK_RETENTION_DAYS)")
    return lines


def gaps_part(report: CoverageReport) -> list[str]:
    size = sum(g.size for g in report.gaps)
    lines = [f"Coverage gaps: {counted(size, 'question')} refused, unsure or voted 👎, in "
             f"{counted(len(report.gaps), 'group')} "
             "(largest first; a group whose closest section answers it is one the answerer misses)"]
    for group in report.gaps[:GROUPS_SHOWN]:
        lines += [heading(group) + f" · refused {group.refused} · unsure {group.unsure} · 👎 {group.voted_down}",
                  *examples(group), sections_line("closest", group.sections)]
    return lines + rest(report.gaps)


def top_part(report: CoverageReport) -> list[str]:
    size = sum(g.size for g in report.top_questions)
    lines = [f"Top questions: {size} answered, in {counted(len(report.top_questions), 'group')}"]
    for group in report.top_questions[:GROUPS_SHOWN]:
        lines += [heading(group), *examples(group), sections_line("answered from", group.sections)]
    return lines + rest(report.top_questions)


def heading(group: Group) -> str:
    languages = " ".join(f"{shown(lang)} {n}" for lang, n in group.languages.items())
    return (f"  {counted(group.size, 'question'):>13} · {counted(group.members, 'member')} · "
            f"{counted(group.voters, 'voter')} · {languages}  "
            f"[{shown(group.label) or 'no telling words'}]")


def examples(group: Group) -> list[str]:
    return [f"         “{shown(text)}”" for text in group.examples]


def sections_line(what: str, sections: list[SectionCount]) -> str:
    if not sections:
        return f"         {what}: no section"
    return f"         {what}: " + "; ".join(f"{section_name(s)} ({s.count}×" + (
        f", cosine {s.similarity:.2f})" if s.similarity is not None else ")") for s in sections)


def section_name(section: SectionRef) -> str:
    return f"{shown(section.title)} › {shown(section.section)}" if section.section else shown(section.title)


def rest(groups: list[Group]) -> list[str]:
    hidden = groups[GROUPS_SHOWN:]
    return [f"  … and {counted(len(hidden), 'smaller group')} ({counted(sum(g.size for g in hidden), 'question')}); "
            "--json lists them all"
            ] if hidden else []


def sources_part(sources: Sources) -> list[str]:
    lines = ["Sources", f"  Cited most ({counted(len(sources.most_cited), 'section')}):"]
    lines += [f"  {s.count:>5}× {section_name(s)}" for s in sources.most_cited[:SECTIONS_SHOWN]]
    if not sources.index_read:
        lines.append("  Never cited: no live index to compare with (run careerbot ingest)")
    else:
        lines.append(f"  Never cited in the period: {counted(len(sources.never_cited_documents), 'document')}, "
                     f"{counted(len(sources.never_cited_sections), 'section')} of the other documents")
        lines += [f"    document: {section_name(s)} ({shown(s.doc_id)})" for s in sources.never_cited_documents]
        lines += [f"    section: {section_name(s)}" for s in sources.never_cited_sections]
    lines.append("  Votes per document (documents answers):")
    lines += [votes_line(v, shown(v.title or v.name)) for v in sources.documents]
    return lines


def votes_line(votes: Votes, name: str) -> str:
    share = f" ({votes.share_up:.0%} 👍)" if votes.share_up is not None else ""
    return f"    {name}: {counted(votes.answers, 'answer')} 👍{votes.up} 👎{votes.down}{share}"


def report(
    days: Annotated[int, typer.Option(min=1, max=36_500, help="How many days back to look")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """What members asked in the last N days that the documents do not answer (coverage gaps), the top questions and
    the sources used, then the newest 👎 answers and unsure questions; deletes what is past the retention period."""
    coverage, listed = gather(load_settings(), days)  # the configured store: CAREERBOT_FEEDBACK_URL or data_dir's
    if as_json:
        typer.echo(json.dumps(as_json_object(coverage, listed), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_coverage(coverage) + "\n\n" + format_report(listed, limit=ANSWERS_SHOWN))


def forget(
    user_id: Annotated[int, typer.Argument(help="The member's Discord user id")],
) -> None:
    """Delete one member's votes and the questions stored with their hash (a request to erase their data)."""
    from bot.feedback.store import FeedbackStore

    store = FeedbackStore.existing(load_settings())
    try:
        gone = forget_member(store, user_id)
    finally:
        store.close()
    typer.echo(f"deleted {counted(gone.votes, 'vote')} and {counted(gone.questions, 'question')} of that member")


def format_report(result: FeedbackReport, limit: int | None = None) -> str:
    """The answers voted down and the unsure questions, newest first (at most `limit` of each), and the votes per
    calculator, as text a maintainer can read in a terminal."""

    def line(answer: ReportedAnswer) -> str:
        sources = "; ".join(f"[{s.rank}] {shown(s.title)} › {shown(s.section)}" for s in answer.sources) or "no sources"
        return (f"  #{answer.id} {answer.created_at:%Y-%m-%d %H:%M} ({shown(answer.language)}) 👍{answer.up} "
                f"👎{answer.down}  {shown(answer.question)}\n      {sources}")

    def newest(answers: list[ReportedAnswer]) -> str:
        return f" (the newest {limit} below)" if limit is not None and len(answers) > limit else ""

    out = [f"Answers voted down in the last {result.days} days: {len(result.downvoted)}{newest(result.downvoted)}"]
    out += [line(a) for a in result.downvoted[:limit]]
    out += ["", f"Low-confidence questions in the last {result.days} days: {len(result.low_confidence)}"
                f"{newest(result.low_confidence)}"]
    out += [line(a) for a in result.low_confidence[:limit]]
    out += ["", f"Calculator answers in the last {result.days} days: {sum(v.answers for v in result.calculators)}"]
    out += [f"  {shown(v.calculator)}: {v.answers} answers 👍{v.up} 👎{v.down}" for v in result.calculators]
    return "\n".join(out)


def register(app: typer.Typer) -> None:
    """Add the maintainers' commands to the root CLI."""
    app.command("report")(report)
    app.command("forget")(forget)
