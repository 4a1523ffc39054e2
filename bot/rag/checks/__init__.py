"""Checks on every generated answer before anyone sees it: its shape, figures, citations, language, mentions,
links and leaks.

One module per check; `review_answer` runs them all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.models import Language, Source
from bot.rag.checks.citations import answer_sentences, clean_citations, ground_citations
from bot.rag.checks.figures import expand_powers, figures, unsupported_figures
from bot.rag.checks.language import wrong_language
from bot.rag.checks.leaks import leaks, mask_secrets, skeleton
from bot.rag.checks.links import ZWSP, foreign_links, neutralise_mentions, restrict_links, sanitise_output
from bot.rag.checks.shape import SHAPES, looks_like_json, shape_problem, tool_text
from bot.rag.retrieval.glossary import Glossary
from bot.text.citations import has_marks

__all__ = ["Review", "ZWSP", "answer_sentences", "clean_citations", "expand_powers", "figures", "foreign_links",
           "ground_citations", "leaks", "looks_like_json", "mask_secrets", "neutralise_mentions", "restrict_links",
           "review_answer", "sanitise_output", "shape_problem", "skeleton", "tool_text", "unsupported_figures",
           "wrong_language"]


@dataclass
class Review:
    """A checked answer: its safe text, whether it stands on a valid citation, and any reason to replace it."""

    text: str
    confident: bool
    problems: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # the problems' short codes, as fallback_reason reports them

    def add(self, reason: str, *problems: str) -> None:
        """Record a problem under its code."""
        self.reasons.append(reason)
        self.problems.extend(problems)


def review_answer(
    text: str,
    sources: Sequence[Source],
    evidence: Sequence[str],
    secrets: Sequence[str] = (),
    prompt: str = "",
    *,
    question: str = "",
    language: Language | None = None,
    truncated: bool = False,
    glossary: Glossary | None = None,
) -> Review:
    """Run every check; problems mean the caller must replace the answer, the text is safe to show either way.
    Each problem has a short code in `reasons` (the first is why the answer was replaced)."""
    urls = [source.url for source in sources if source.url]
    had_marks = has_marks(text)
    text, cited = clean_citations(text, [source.rank for source in sources])
    review = Review(text, confident=bool(cited) and bool(sources))
    if shape := shape_problem(text, question, urls, truncated, sources):
        review.add(shape, SHAPES[shape])
    if found := leaks(text, secrets, prompt):
        review.add("leak", *found)
    if unsupported := unsupported_figures(text, evidence):
        review.add("figures", "figures found in neither the context nor a tool result: " + ", ".join(unsupported))
    if language is not None and wrong_language(text, language):
        review.add("language", f"not written in {language} only")
    if not review.reasons and (cited or not had_marks):  # marks that all named no source: not confident, as is
        matched = ground_citations(text, sources, glossary)
        if not matched.matched:
            review.add("no_citation", "no sentence matches a source")
        review.text, review.confident = matched.text, bool(sources) and matched.matched > 0 and not matched.unmatched
    review.text = sanitise_output(review.text, urls).strip()
    return review
