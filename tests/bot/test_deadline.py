"""The one deadline for blocking work (bot/deadline.py): the LLM's answer and the Chroma client's calls use it."""

from __future__ import annotations

import threading

import pytest

from bot.deadline import run_within


class Slow(Exception):
    """A caller's own kind of timeout."""


def test_the_work_s_value_and_its_error_come_back() -> None:
    assert run_within(lambda cancel: 42, 1.0, "quick") == 42
    with pytest.raises(KeyError):
        run_within(lambda cancel: {}["missing"], 1.0, "failing")


def test_work_past_its_deadline_is_told_to_give_up_and_the_caller_s_timeout_is_raised() -> None:
    release, told = threading.Event(), threading.Event()
    names: list[str] = []

    def stubborn(cancel: threading.Event) -> str:
        names.append(threading.current_thread().name)
        release.wait(30)
        if cancel.is_set():
            told.set()
        return "too late"

    try:
        with pytest.raises(Slow):
            run_within(stubborn, 0.1, "stubborn", lambda: Slow("no answer"))
        with pytest.raises(TimeoutError, match="stubborn: no answer within 0.1 s"):
            run_within(stubborn, 0.1, "stubborn")
    finally:
        release.set()
    assert told.wait(30) and names == ["stubborn", "stubborn"]
