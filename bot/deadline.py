"""One way to wait for blocking work with a deadline: the Chroma client's connect and requests, a model's answer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def run_within(work: Callable[[threading.Event], T], seconds: float, name: str,
               timed_out: Callable[[], BaseException] | None = None) -> T:
    """work(cancel) on a daemon thread named `name`, waited for at most `seconds`: its value, or its exception
    raised here. While it is still running, `cancel` is set, so a worker that checks it gives up (one that cannot,
    a server that never answers, is left to finish on its own), and timed_out() is raised: the caller's own kind
    of timeout, a TimeoutError when it has none."""
    cancel = threading.Event()
    outcome: dict[str, Any] = {}

    def attempt() -> None:
        try:
            outcome["value"] = work(cancel)
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = err

    worker = threading.Thread(target=attempt, name=name, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        cancel.set()
        raise timed_out() if timed_out else TimeoutError(f"{name}: no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return] - what work() returned
