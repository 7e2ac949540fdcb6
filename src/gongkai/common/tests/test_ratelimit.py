"""The counters of the rate limits and lockouts (gongkai.common.ratelimit) on the shared caches:
the real Redis and the database cache (finding 2 of the security probe, docs/security.md)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core.cache import cache, caches
from django.db import connection

from gongkai.common import ratelimit
from gongkai.common.cache import DatabaseCache
from gongkai.common.tests.redis import redis_cache_settings

ON_POSTGRES = os.environ.get("GONGKAI_TEST_DB") == "postgres"


@pytest.fixture
def redis_cache(settings) -> Iterator[None]:
    for caches_setting in redis_cache_settings():
        settings.CACHES = caches_setting
        yield


def _in_parallel(times: int, work: Callable[[], int]) -> list[int]:
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(times)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_finding_02_the_suite_runs_on_a_shared_cache() -> None:
    """Not a worker's own memory: the test settings keep the production CACHES (database, or REDIS_URL)."""
    assert type(caches["default"]).__name__ in {"DatabaseCache", "RedisCache"}


def test_finding_02_redis_parallel_hits_pass_exactly_the_limit(redis_cache) -> None:
    redis = caches["default"]
    passed = _in_parallel(30, lambda: ratelimit.take([("gk-test:ip", 10)], 3600) is None)
    assert passed.count(True) == 10
    assert ratelimit.count("gk-test:ip") == 10  # the refused ones were given back
    client = redis._cache.get_client(write=True)
    assert 3500 < client.ttl(redis.make_and_validate_key("gk-test:ip")) <= 3600


def test_finding_02_redis_counter_never_lives_without_expiry(redis_cache) -> None:
    redis = caches["default"]
    client = redis._cache.get_client(write=True)
    ratelimit.give_back("gk-test:gone")  # nothing to give back: no key without expiry is made
    assert not client.exists(redis.make_and_validate_key("gk-test:gone"))
    client.set(redis.make_and_validate_key("gk-test:stuck"), 3)  # somehow lost its expiry
    assert ratelimit.hit("gk-test:stuck", 60) == 4
    assert 0 < client.ttl(redis.make_and_validate_key("gk-test:stuck")) <= 60


@pytest.mark.django_db
def test_finding_02_database_cache_counts_within_the_window_it_was_made_with() -> None:
    """Django's own DatabaseCache.incr() moved the expiry to the default 300 seconds."""
    assert isinstance(caches["default"], DatabaseCache)
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert [ratelimit.hit("gk-test:window", 3600) for _ in range(3)] == [1, 2, 3]
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        assert ratelimit.hit("gk-test:window", 3600) == 4
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert ratelimit.hit("gk-test:window", 3600) == 1  # a new window
        ratelimit.give_back("gk-test:window")
        assert ratelimit.count("gk-test:window") == 0


@pytest.mark.skipif(not ON_POSTGRES, reason="waits for the PostgreSQL run: SQLite serialises writers, no race to test")
@pytest.mark.django_db(transaction=True)
def test_finding_02_database_cache_parallel_hits_pass_exactly_the_limit() -> None:
    cache.clear()
    passed = _in_parallel(20, lambda: ratelimit.take([("gk-test:db", 7)], 3600) is None)
    assert passed.count(True) == 7
    assert ratelimit.count("gk-test:db") == 7
    cache.clear()
