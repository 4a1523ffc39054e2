"""One way to wait for blocking work with a deadline: the Chroma client's connect and requests, a model's answer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def run_within(work: Callable[[threading.Event], T], seconds: float, name: str) -> tuple[bool, T | None]:
    """work(cancel) on a daemon thread, waited for at most `seconds`: (True, its value), its exception raised here,
    or (False, None) while it is still running. Then `cancel` is set, so a worker that checks it gives up; one that
    cannot (a server that never answers) is left to finish on its own."""
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
        return False, None
    if "error" in outcome:
        raise outcome["error"]
    return True, outcome["value"]
