from __future__ import annotations

from typing import Any

import pytest

from .factories import report_2019, report_2021


@pytest.fixture
def r2021() -> dict[str, Any]:
    return report_2021()


@pytest.fixture
def r2019() -> dict[str, Any]:
    return report_2019()
