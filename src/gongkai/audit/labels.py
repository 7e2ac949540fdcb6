"""Chinese labels of audit actions. Each app adds its own codes when its actions module loads."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {}


def register(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
