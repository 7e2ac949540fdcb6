"""Counters for rate limits and lockouts, kept in the shared cache (CACHES: Redis, or the database).

Each call counts and returns the new count in one atomic step, so that parallel requests cannot all
read "under the limit" before any of them is counted, and the count is the same for every worker
process because it lives in the shared cache, not in a worker's memory (docs/security.md).
"""

from __future__ import annotations

import contextlib

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

# Runs atomically on the Redis server: the count and its expiry are set together, so a counter can
# never be left without an expiry (which would lock its address for good). A key that lost its
# expiry some other way gets one again.
_REDIS_HIT = """
local count = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
# Gives a count back only while the counter exists: DECR on a missing key would create one without expiry.
_REDIS_GIVE_BACK = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
"""
# A counter that expired between add() and incr() is started again; twice is already unusual.
_ATTEMPTS = 5


def _default() -> BaseCache:
    # The cache itself, not django.core.cache.cache: that proxy is no instance of the backend's class.
    return caches["default"]


def hit(key: str, window: int, cache: BaseCache | None = None) -> int:
    """Counts one event against ``key`` and returns the count within the window (1 for the first).

    The window starts with the first event and lasts ``window`` seconds (a fixed window)."""
    cache = cache or _default()
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(key)
        client = cache._cache.get_client(full_key, write=True)
        return int(client.eval(_REDIS_HIT, 1, full_key, window))
    for _ in range(_ATTEMPTS):
        if cache.add(key, 1, window):
            return 1
        try:
            # Atomic on the local-memory cache (a lock) and on gongkai.common.cache.DatabaseCache (a row lock).
            return int(cache.incr(key))
        except ValueError:
            continue  # expired between add() and incr(): start a new window
    raise RuntimeError(f"rate-limit counter {key!r} could not be counted")


def give_back(key: str, cache: BaseCache | None = None) -> None:
    """Takes one event off ``key`` (an attempt that was refused or turned out not to count)."""
    cache = cache or _default()
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(key)
        cache._cache.get_client(full_key, write=True).eval(_REDIS_GIVE_BACK, 1, full_key)
        return
    with contextlib.suppress(ValueError):  # the window is over: nothing left to give back
        cache.decr(key)


def count(key: str, cache: BaseCache | None = None) -> int:
    """The current count of ``key`` (0 when its window is over)."""
    return int((cache or _default()).get(key, 0))


def take(keys_and_limits: list[tuple[str, int]], window: int, cache: BaseCache | None = None) -> int | None:
    """Counts one event against each key; when any key goes over its limit, gives every count back and
    returns that key's index, else None. Of N parallel calls with one key, exactly ``limit`` succeed."""
    counted: list[str] = []
    refused: int | None = None
    for index, (key, limit) in enumerate(keys_and_limits):
        counted.append(key)
        if hit(key, window, cache) > limit:
            refused = index
            break
    if refused is not None:
        for key in counted:
            give_back(key, cache)
    return refused
