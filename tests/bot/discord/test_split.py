"""split_text: Discord's limits without cutting a citation or a code fence."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.discord.split import CITATION, FENCE_LINE, open_fence, split_text

WORDS = st.sampled_from(["salary", "Brussels", "[1]", "[12]", "€3,800", "rate.", "\n", "\n\n", "```python\n",
                         "\n```\n", "x" * 70, "day-rate", "[3][4]"])


def fences_balanced(chunk: str) -> bool:
    return len(FENCE_LINE.findall(chunk)) % 2 == 0


def squash(text: str) -> str:
    """Text without whitespace and fence markers: what splitting may change."""
    return re.sub(r"\s+", "", FENCE_LINE.sub("", text))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=400).map(" ".join), st.sampled_from([60, 200, 2000, 4096]))
def test_chunks_fit_keep_citations_and_balance_fences(text, limit):
    chunks = split_text(text, limit)
    assert all(len(chunk) <= limit for chunk in chunks)
    assert CITATION.findall("".join(chunks)) == CITATION.findall(text)
    assert squash("\n".join(chunks)) == squash(text)
    if open_fence(text) is None:
        assert all(fences_balanced(chunk) for chunk in chunks)


def test_short_text_is_one_chunk():
    assert split_text("  Short answer [1].  ", 2000) == ["Short answer [1]."]


def test_a_cut_prefers_paragraphs_and_sentence_ends():
    text = ("First paragraph sentence one [1]. " * 20) + "\n\n" + ("Second paragraph [2]. " * 20)
    first, second = split_text(text, 800)
    assert first.endswith("sentence one [1].") and second.startswith("Second paragraph")


def test_a_citation_inside_a_long_run_is_never_cut():
    text = "a" * 95 + "[123]" + "b" * 100
    chunks = split_text(text, 100)
    assert chunks[0] == "a" * 95 and chunks[1].startswith("[123]")


def test_a_code_fence_is_closed_and_reopened_with_its_language():
    code = "\n".join(f"print({n})" for n in range(60))
    chunks = split_text(f"Example:\n```python\n{code}\n```\nDone [1].", 200)
    assert len(chunks) > 2
    for chunk in chunks:
        assert fences_balanced(chunk), chunk
    assert all(chunk.startswith("```python\n") for chunk in chunks[1:-1])
    assert "".join(chunks).count("print(") == 60


def test_tiny_limits_are_refused():
    with pytest.raises(ValueError):
        split_text("anything", 10)


def test_a_cut_never_leaves_an_inline_fence_at_the_start_of_a_chunk():
    """Found by the property test: a hard cut right after the space before an inline ``` made it a fence line."""
    text = "```python\n " + "x" * 70 + " \n\n Brussels ```python\n " + "x" * 70 + " ```python\n"
    chunks = split_text(text, 60)
    assert squash("\n".join(chunks)) == squash(text)
    assert chunks[-1] == "```python\nx ```python"
