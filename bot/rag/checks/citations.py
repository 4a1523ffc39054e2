"""An answer's [n] marks: kept only for supplied sources, and set by matching each sentence to the source it
shares the most distinctive words with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.models import Source
from bot.rag.index.passages import split_sentences
from bot.rag.retrieval.glossary import Glossary
from bot.rag.retrieval.text import tokenize
from bot.text.citations import PATTERN as MARK
from bot.text.citations import WRITTEN, cited_ranks, has_marks, without_marks, written_numbers


def clean_citations(text: str, ranks: Iterable[int]) -> tuple[str, set[int]]:
    """Drop [n] marks that point at no supplied source; return the text and the ranks validly cited."""
    valid_ranks = set(ranks)
    cited: set[int] = set()

    def keep(match: re.Match[str]) -> str:
        good = [n for n in dict.fromkeys(written_numbers(match)) if n in valid_ranks]
        cited.update(good)
        lead = match.group(0)[0] if match.group(0)[0].isspace() else ""
        return lead + "".join(f"[{n}]" for n in good) if good else ""

    return WRITTEN.sub(keep, text), cited


# Citing by matching: a sentence cites the source it shares the most distinctive words with.
MIN_SHARED_WORDS = 2
MIN_SHARED_SHARE = 0.3
MIN_CLAIM_WORDS = 3  # shorter lines ("Here is what the documents say:") state nothing to cite


def answer_sentences(text: str, *, keep_breaks: bool = False) -> list[str]:
    """A generated answer's sentences: a model's lines are units of their own, whatever letter follows a stop."""
    return split_sentences(text, before_capital_only=False, at_line_breaks=True, keep_breaks=keep_breaks)


def _words(text: str, glossary: Glossary) -> set[str]:
    """Stems in both languages, with the glossary's translations, so a Dutch sentence can match an English source."""
    return set(tokenize(text + " " + " ".join(glossary.expand(text)), ("en", "nl")))


def _best_source(sentence: str, sources: Sequence[Source], glossary: Glossary) -> int | None:
    """The rank of the source that shares enough words with the sentence, the most of them, or None."""
    words = _words(sentence, glossary)
    if not words:
        return None
    best, best_shared = None, 0
    for source in sources:
        shared = len(words & _words(f"{source.title} {source.section} {source.text}", glossary))
        if shared > best_shared and shared >= MIN_SHARED_WORDS and shared >= MIN_SHARED_SHARE * len(words):
            best, best_shared = source.rank, shared
    return best


@dataclass
class Matched:
    """An answer given its citations by matching: the text, how many claims matched a source, how many did not."""

    text: str
    matched: int
    unmatched: int


LEADING_MARKS = re.compile(rf"^(\s*)(?:{MARK}\s*)+")
MARK_AFTER_STOP = re.compile(rf"([.!?])([ \t]*)((?:{MARK})+)")  # "… dependencies. [2] Next" cites the first


def ground_citations(text: str, sources: Sequence[Source], glossary: Glossary | None = None) -> Matched:
    """Check each claim against the sources: a sentence without [n] gets the source it matches (in an answer that
    cites nothing at all); a sentence whose [n] names a source it does not match takes the one it matches, or
    counts as unmatched. Sentences without [n] in an answer that cites are left as they are."""
    glossary = glossary or Glossary.packaged()
    text = MARK_AFTER_STOP.sub(r" \3\1", text)
    cites_anywhere = has_marks(text)
    by_rank = {source.rank: source for source in sources}
    pieces = answer_sentences(text, keep_breaks=True)
    matched = unmatched = 0
    out = []
    for piece in pieces:
        claim = without_marks(piece).strip()
        piece = LEADING_MARKS.sub(r"\1", piece)  # "[2] A sentence." as a model may write it: checked like the rest
        marks = cited_ranks(piece)
        if not claim or len(claim.split()) < MIN_CLAIM_WORDS or (  # the breaks between sentences claim nothing
                not marks and claim.endswith(":")):
            out.append(piece)
            continue
        rank = _best_source(claim, [by_rank[r] for r in marks if r in by_rank], glossary) if marks else None
        rank = rank or _best_source(claim, sources, glossary)
        if rank is None:
            unmatched += 0 if cites_anywhere and not marks else 1  # an aside in a citing answer claims nothing
            out.append(piece)
            continue
        matched += 1
        if rank in marks:
            out.append(piece)
            continue
        stripped = without_marks(piece).rstrip()
        end = len(stripped) - (1 if stripped[-1] in ".!?" else 0)
        out.append(f"{stripped[:end]} [{rank}]{stripped[end:]}{piece[len(piece.rstrip()):]}")
    return Matched("".join(out), matched, unmatched)
