"""Timing shared by the benchmark scripts: the median of several runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(func: Callable[[], object], runs: int, before: Callable[[], None] = lambda: None) -> float:
    """Median wall time of ``func`` over ``runs`` runs (``before`` runs untimed each time)."""
    samples = []
    for _ in range(runs):
        before()
        t0 = time.perf_counter()
        func()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)
