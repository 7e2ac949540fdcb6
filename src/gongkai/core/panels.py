"""The workspace's 待办 panel: each app names on its AppConfig a function ``workspace_panel`` (dotted
path) that returns what is waiting for the user there, as ``Todo`` rows, so the core depends on none of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    urgent: bool = False


def todos(user: Any) -> list[Todo]:
    rows: list[Todo] = []
    for config in apps.get_app_configs():
        path = getattr(config, "workspace_panel", "")
        if path:
            rows.extend(row for row in import_string(path)(user) if row.count)
    return rows
