"""Scores made comparable: a model's cosines, or a sentence's shared-word score, on one 0–1 scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def relative(values: Sequence[float], typical: bool = True) -> list[float]:
    """Each value from 0 (the typical value, or zero) to 1 (the highest). Cosines of one model sit in a narrow
    band, so what says most is how far a value stands above the typical one."""
    if not values:
        return []
    ordered = sorted(values)
    base = ordered[len(ordered) // 2] if typical else 0.0
    spread = ordered[-1] - base
    if spread <= 1e-9:
        return [0.0] * len(values)
    return [max(0.0, (value - base) / spread) for value in values]


@dataclass(frozen=True)
class Shift:
    """What leaving some of a question's words out does to its vector."""

    moved: float  # how far it moves (1 - cosine): how much of the question's meaning the words carry
    closer: float  # how much closer it comes to the closest section (negative: further away)
