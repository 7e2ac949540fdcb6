"""The row type of the workspace's 待办 panel. Each app names on its AppConfig a function
``workspace_panel`` (dotted path) that returns what is waiting for the user there as ``Todo`` rows;
the site collects them (gongkai.site.panels), so no app depends on the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    urgent: bool = False
    # The date of the oldest item waiting, and what that means in words ("最早一件已等待 3 天"), where a
    # queue can say it.
    oldest: dt.date | None = None
    age: str = ""
