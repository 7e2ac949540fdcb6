"""The database cache, the shared cache of a deployment without Redis (CACHES in settings.py).

Django's own DatabaseCache counts with get() then set(): two workers incrementing at once both read
the same value, so parallel requests escape a rate limit, and set() also moves the key's expiry to
the cache's default timeout. Here incr() locks the row, and keeps the expiry the counter was made with.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        # SQLite has no row locks: its transactions start with BEGIN IMMEDIATE (config.py), which
        # serialises writers for the whole block instead.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Only quoted names of the configured table are formatted in; every value is a query parameter.
        select = f"SELECT {quote('cache_key')} FROM {table} WHERE {quote('cache_key')} = %s{lock}"  # noqa: S608
        update = f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s"  # noqa: S608
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(select, [db_key])
            missing = object()
            value = self.get(key, missing, version=version)  # missing too when expired (the row is deleted)
            if value is missing:
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(update, [encoded, db_key])
        return new_value
