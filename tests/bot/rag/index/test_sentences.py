"""The one sentence splitter: documents split before a sentence's capital, generated text and prompts at every stop
and line break, and a lossless split for rewriting an answer sentence by sentence."""

from __future__ import annotations

from bot.rag.checks import answer_sentences
from bot.rag.index.passages import split_sentences

TEXT = "Vraag bv. een offerte. Dan 3 dagen! ok? zeker.\nNieuwe regel zonder punt\nok"


def test_a_document_sentence_ends_only_before_what_begins_one() -> None:
    assert split_sentences(TEXT) == ["Vraag bv. een offerte.", "Dan 3 dagen! ok? zeker.",
                                     "Nieuwe regel zonder punt\nok"]


def test_generated_text_ends_a_sentence_at_every_stop_and_line() -> None:
    assert answer_sentences(TEXT) == ["Vraag bv.", "een offerte.", "Dan 3 dagen!", "ok?", "zeker.",
                                      "Nieuwe regel zonder punt"]  # "ok": two characters are no sentence


def test_kept_breaks_give_the_text_back() -> None:
    pieces = answer_sentences(TEXT, keep_breaks=True)
    assert "".join(pieces) == TEXT
    assert pieces[:4] == ["Vraag bv.", " ", "een offerte.", " "]


def test_other_stops_can_end_a_sentence() -> None:
    assert split_sentences("Rules: one; two. three", stops=".:;", before_capital_only=False) == [
        "Rules:", "one;", "two.", "three"]
