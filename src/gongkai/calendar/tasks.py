"""Background work of the calendar: recomputing stored deadlines after a year's arrangement changes."""

from __future__ import annotations

from django_tasks import task

from gongkai.calendar.recompute import recompute_provisional


@task()
def recompute_calendar_dependents(years: list[int]) -> int:
    """Runs the callbacks registered with ``gongkai.calendar.recompute.register_recompute`` for
    ``years``; returns how many ran. Enqueued by the calendar actions after their transaction commits."""
    return recompute_provisional(years)
