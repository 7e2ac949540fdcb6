"""Callbacks that recompute stored deadlines when a year's arrangement changes.

An app whose stored dates depend on the calendar (the applications app and its legal clock)
registers ``register_recompute(callback)`` in its ``AppConfig.ready()``. The callback gets the sorted
list of years whose arrangement changed and must recompute the stored deadlines that reach into those
years. It runs from the ``recompute_calendar_dependents`` task in ``gongkai.calendar.tasks``, which the
calendar actions enqueue after their transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from gongkai.calendar.cache import invalidate

logger = logging.getLogger(__name__)

RecomputeCallback = Callable[[list[int]], object]
_recompute_callbacks: list[RecomputeCallback] = []


def register_recompute(callback: RecomputeCallback) -> RecomputeCallback:
    """Registers ``callback(years)``; usable as a decorator. Registering twice has no effect."""
    if callback not in _recompute_callbacks:
        _recompute_callbacks.append(callback)
    return callback


def unregister_recompute(callback: RecomputeCallback) -> None:
    if callback in _recompute_callbacks:
        _recompute_callbacks.remove(callback)


def recompute_provisional(years: Iterable[int]) -> int:
    """Runs every registered callback for ``years``; returns how many ran. A failing callback does
    not stop the others; the first failure is raised at the end so the task shows as failed."""
    changed = sorted(set(years))
    invalidate()  # this may run in a worker process whose cached calendar predates the change
    first_error: Exception | None = None
    for callback in list(_recompute_callbacks):
        try:
            callback(changed)
        except Exception as exc:
            logger.exception("工作日历变更后重新计算失败：%r", callback)
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return len(_recompute_callbacks)
