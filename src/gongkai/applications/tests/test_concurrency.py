"""Receipt numbers stay unique when submissions race (the counter row is locked)."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from gongkai.applications import services

ON_POSTGRES = os.environ.get("GONGKAI_TEST_DB") == "postgres"


@pytest.mark.skipif(not ON_POSTGRES, reason="waits for the PostgreSQL run: SQLite serialises writers, no race to test")
@pytest.mark.django_db(transaction=True)
def test_parallel_receipt_numbers_are_unique(county) -> None:
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(services.next_receipt_number(county.dept_a, 2025))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [f"GOV-A-2025-{i:05d}" for i in range(1, 31)]
