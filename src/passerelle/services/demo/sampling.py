"""Weighted choice that is cheap to call millions of times from one seeded ``random.Random``.

``random.choices`` rebuilds its cumulative table on every call unless given one, and always
returns a list; the generator draws tens of values per record, so the table is built once here
and each draw is one ``random()`` and one bisection.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """An immutable bag of items with relative weights (need not sum to 1)."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items: list[T] = []
        weights: list[float] = []
        for item, weight in pairs:
            if weight <= 0:
                continue
            items.append(item)
            weights.append(float(weight))
        if not items:
            raise ValueError("a weighted choice needs at least one item with a positive weight")
        self.items: tuple[T, ...] = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self._cum, rng.random() * self._total)]

    def __len__(self) -> int:
        return len(self.items)


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability
