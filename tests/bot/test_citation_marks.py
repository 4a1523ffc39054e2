"""The one reading of [n] citation marks that the checks, the engine and the Discord splitter share."""

from __future__ import annotations

from bot.text.citations import (
    WRITTEN,
    cited_numbers,
    cited_ranks,
    has_marks,
    renumber,
    without_marks,
    without_repeats,
    written_numbers,
)


def test_marks_are_read_in_order_with_repeats() -> None:
    text = "Ten days [2]. Twelve days [1][2]. A list [x] and a year [2024 is no mark] are not."
    assert cited_ranks(text) == [2, 1, 2]
    assert cited_numbers(text) == {1, 2}


def test_a_model_s_list_in_one_pair_of_brackets_is_several_marks() -> None:
    text = "Both say so [1, 3]."
    assert [written_numbers(mark) for mark in WRITTEN.finditer(text)] == [[1, 3]]
    assert has_marks(text) and not has_marks("No marks [a].")
    assert without_marks(text) == "Both say so."
    assert without_marks("One [1] two", " ") == "One  two"


def test_renumbering_can_merge_marks_that_then_read_once() -> None:
    assert renumber("A [1] B [3]", lambda rank: rank + 2) == "A [3] B [5]"
    assert without_repeats(renumber("A [1][2] B [2] [1].", lambda rank: 1)) == "A [1] B [1]."
