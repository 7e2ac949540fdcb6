"""Collects the 待办 rows of every app (see gongkai.common.panels)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

from gongkai.common.panels import Todo


def todos(user: Any) -> list[Todo]:
    rows: list[Todo] = []
    for config in apps.get_app_configs():
        path = getattr(config, "workspace_panel", "")
        if path:
            rows.extend(row for row in import_string(path)(user) if row.count)
    return rows
