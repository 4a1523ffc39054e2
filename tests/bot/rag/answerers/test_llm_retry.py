"""A model call is retried once (tenacity) after a transient failure, when the answer's time allows it."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from langchain_core.messages import AIMessage

from bot.rag.answerers.answer_llm import RETRY_BACKOFF, Cancelled, LLMAnswerer
from tests.bot.rag.answerers.llm_support import StandInExtractive, make_settings

REPLY = AIMessage("Een medior verdient 4.000 euro [1].")


class ClientError(Exception):
    status_code = 401


class Scripted:
    """A runnable that raises or returns its script's steps in turn."""

    def __init__(self, *steps: Exception | AIMessage) -> None:
        self.steps = list(steps)
        self.calls = 0

    def invoke(self, messages: object) -> AIMessage:
        self.calls += 1
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def call(runnable: Scripted, seconds_left: float = 5.0, cancel: threading.Event | None = None) -> AIMessage:
    answerer = LLMAnswerer(make_settings("openai:test", "http://127.0.0.1:1/v1"), StandInExtractive(), stream=False)
    return answerer._call(runnable, [], cancel or threading.Event(), time.monotonic() + seconds_left)


def test_a_transient_failure_is_tried_once_more(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.rag.answerers.answer_llm")
    runnable = Scripted(ConnectionError("reset"), REPLY)
    assert call(runnable) is REPLY and runnable.calls == 2
    assert "retrying once in 0.5 s: ConnectionError: reset" in caplog.text


@pytest.mark.parametrize(("steps", "seconds_left"), [
    ((ClientError("bad key"), REPLY), 5.0),  # a second try cannot help
    ((ConnectionError("reset"), REPLY), RETRY_BACKOFF / 2),  # no time left for the backoff
])
def test_no_second_try_when_it_cannot_help_or_has_no_time(steps: tuple, seconds_left: float) -> None:
    runnable = Scripted(*steps)
    with pytest.raises(type(steps[0])):
        call(runnable, seconds_left)
    assert runnable.calls == 1


def test_the_second_failure_is_the_one_raised() -> None:
    runnable = Scripted(ConnectionError("first"), TimeoutError("second"), REPLY)
    with pytest.raises(TimeoutError, match="second"):
        call(runnable)
    assert runnable.calls == 2


def test_a_deadline_passing_during_the_backoff_ends_the_call() -> None:
    cancel = threading.Event()

    class FailsAsTheDeadlinePasses(Scripted):
        def invoke(self, messages: object) -> AIMessage:
            cancel.set()
            return super().invoke(messages)

    runnable = FailsAsTheDeadlinePasses(ConnectionError("reset"), REPLY)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        call(runnable, cancel=cancel)
    assert runnable.calls == 1 and time.monotonic() - started < RETRY_BACKOFF  # no backoff waited out
