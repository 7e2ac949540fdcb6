"""The real Redis of the test machine (127.0.0.1:6379, or GONGKAI_TEST_REDIS_URL), for the tests of the
shared cache. Each test gets its own key prefix, so parallel workers and other users of the server never
meet its keys. Without a server the tests skip, except in CI (CI=true), where scripts/test.sh starts one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and Redis is not reachable at {REDIS_URL}: {exc}")
        pytest.skip(f"waits for a Redis server at {REDIS_URL} (scripts/test.sh starts one when it can)")


def redis_cache_settings() -> Iterator[dict]:
    """CACHES for one test, on a unique key prefix; its keys are deleted afterwards."""
    import redis

    redis_or_skip()
    prefix = f"gongkai-test-{uuid.uuid4().hex}"
    yield {"default": {"BACKEND": REDIS_BACKEND, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
