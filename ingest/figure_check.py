"""The calculators' figures checked against the documents being ingested: each figure's quote must still stand
in the section it names, and its numbers must be numbers of that quote. A figure that fails stops the ingest
(the old index keeps answering), with one line that says what to fix and how the section now reads."""

from __future__ import annotations

import contextlib
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from langchain_text_splitters import MarkdownHeaderTextSplitter

from bot.models import Language
from bot.rag.index.passages import sentence_texts
from bot.rates.figures import Figure, FigureBook, book_and_files
from bot.text import numbers
from ingest.chunking import HEADERS
from ingest.loaders import KnowledgeDocument, Skipped

# Small numbers the documents write out ("two to six years of experience"). Dutch "een" is left out: it is
# mostly the article "a".
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}
# The assumptions every calculation reads (bot/rates/calculators.py): without them no calculator can answer.
REQUIRED_ASSUMPTIONS = ("billable_days", "months_of_pay", "own_costs", "weekdays_per_year")
LIKE_ENOUGH = 0.75  # a section sentence this similar to a failing quote is shown as what the sentence now reads
_CHARACTERS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                             "‑": "-", "\u00a0": " ", "\u202f": " ", "*": ""})
_LIST_MARKER = re.compile(r"^\s*(?:[-+]|\d+[.)])\s+", re.MULTILINE)


@dataclass(frozen=True)
class FigureProblem:
    """One figure that no longer matches its document, said so the maintainer knows what to change."""

    file: str
    figure_id: str
    problem: str
    now_reads: str | None = None

    def __str__(self) -> str:
        line = f"{self.file}: {self.figure_id}: {self.problem}"
        return f'{line}; the section now reads: "{self.now_reads}"' if self.now_reads else line


@dataclass(frozen=True)
class FigureCheck:
    """The figures of a knowledge directory and what the check found."""

    book: FigureBook
    checked: int
    problems: list[FigureProblem]


def normalise(text: str) -> str:
    """Compare words, not typography: list markers, emphasis, curly quotes, dashes and line breaks drop out."""
    return " ".join(_LIST_MARKER.sub("", text.translate(_CHARACTERS)).split())


def numbers_in(text: str, language: Language = "en") -> set[float]:
    """Every number a sentence states, read as its language writes them (nl €3.000 and 20,5%; en €35,000 and
    20.5%), and the small numbers written out."""
    found = set()
    for written in numbers.find(text):
        with contextlib.suppress(ValueError):  # not a number in this notation, so no figure can be it
            found.add(written.value(language))
    words = re.findall(r"\w+", text.lower())
    return found | {float(NUMBER_WORDS[w]) for w in words if w in NUMBER_WORDS}


def sections_of(document: KnowledgeDocument) -> dict[str, str]:
    """Each section's text by its heading (the innermost one), as the chunker splits the document."""
    found: dict[str, str] = {}
    for section in MarkdownHeaderTextSplitter(HEADERS, strip_headers=True).split_text(document.body):
        heading = next((section.metadata[key] for key in ("h3", "h2", "h1") if section.metadata.get(key)),
                       document.meta.title)
        found[heading] = f"{found[heading]}\n{section.page_content}" if heading in found else section.page_content
    return found


def same_heading(a: str, b: str) -> bool:
    return normalise(a).casefold() == normalise(b).casefold()


def check_figures(rates_dir: Path, documents: list[KnowledgeDocument], skipped: list[Skipped]) -> FigureCheck:
    """Check every figure of rates_dir against the documents (a malformed figures file raises UserFacingError)."""
    book, files = book_and_files(rates_dir)
    by_id = {d.doc_id: d for d in documents}
    skipped_ids = {Path(s.path).stem for s in skipped}
    problems = [FigureProblem(files[f.id], f.id, *found) for f in book.figures.values()
                if (found := figure_problem(f, by_id.get(f.doc_id), f.doc_id in skipped_ids))]
    if book.figures:
        problems += [FigureProblem(f"{rates_dir.name}/assumptions.yaml", name, "this assumption is missing, and "
                                   "every calculation needs it")
                     for name in REQUIRED_ASSUMPTIONS if name not in book.assumptions]
    return FigureCheck(book, len(book.figures), problems)


def figure_problem(figure: Figure, document: KnowledgeDocument | None,
                   skipped: bool) -> tuple[str, str | None] | None:
    """What is wrong with one figure, and the section's sentence most like its quote; None when it holds."""
    if document is None:
        if skipped:
            return f"its document {figure.doc_id}.md was skipped (fix the document: see its line above)", None
        return f"its document {figure.doc_id}.md is not in the knowledge base (removed or renamed?)", None
    sections = sections_of(document)
    section = next((text for heading, text in sections.items() if same_heading(heading, figure.section)), None)
    if section is None:
        return _section_gone(figure, sections), None
    for field, sentence in (("quote", figure.quote), ("context", figure.context)):
        if sentence and not stands_in(sentence, section):
            return f"its {field} is no longer in section {figure.section!r}", most_like(sentence, section)
    given = {n for n in (figure.low, figure.high, figure.value) if n is not None}
    missing = sorted(given - numbers_in(figure.quote, document.meta.language))
    if missing:
        return f"{', '.join(f'{n:g}' for n in missing)} is not a number of its quote", None
    if figure.low is not None and figure.high is not None and figure.low > figure.high:
        return f"low ({figure.low:g}) is above high ({figure.high:g})", None
    if (figure.title, figure.year, figure.region) != (document.meta.title, document.meta.year, document.meta.region):
        return (f"title, year and region ({figure.title!r}, {figure.year}, {figure.region!r}) differ from the "
                f"document's front matter ({document.meta.title!r}, {document.meta.year}, "
                f"{document.meta.region!r})"), None
    return None


def stands_in(sentence: str, section: str) -> bool:
    """The sentence is in the section as whole words ("Junior backend…" is not in "Non-Junior backend…")."""
    return re.search(rf"(?<!\w){re.escape(normalise(sentence))}(?!\w)", normalise(section)) is not None


def _section_gone(figure: Figure, sections: dict[str, str]) -> str:
    """A renamed section: say which section holds the quote now, or which heading is closest."""
    quote = figure.quote
    holding = next((name for name, text in sections.items() if stands_in(quote, text)), None)
    if holding:
        return f"section {figure.section!r} is gone; its quote is now under {holding!r}"
    closest = difflib.get_close_matches(figure.section, list(sections), n=1, cutoff=0.5)
    hint = f" (closest heading: {closest[0]!r})" if closest else ""
    return f"section {figure.section!r} is not in {figure.doc_id}.md{hint}"


def most_like(sentence: str, section: str) -> str | None:
    """The section's sentence closest to the quoted one, if any is close enough to be its edited form."""
    wanted = normalise(sentence)
    scored = [(difflib.SequenceMatcher(None, wanted, normalise(s)).ratio(), s) for s in sentence_texts(section)]
    best = max(scored, default=(0.0, ""))
    return normalise(best[1]) if best[0] >= LIKE_ENOUGH else None
