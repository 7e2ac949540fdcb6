"""Settings of the test suite: the production settings, run over plain HTTP on the test client's
host, with the few changes that make tests fast and self-contained. Nothing in the production
settings knows it is being tested."""

from __future__ import annotations

import os

# Production-like (DEBUG off); the environment may still override each of these.
for _name, _value in {
    "SECRET_KEY": "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "GONGKAI_HTTPS": "0",
    "EMAIL_BACKEND": "locmem",
    "GONGKAI_CALENDAR_RECHECK_SECONDS": "0",
}.items():
    os.environ.setdefault(_name, _value)

from gongkai.settings import *  # noqa: E402, F403
from gongkai.settings import STORAGES  # noqa: E402

# Hashing is the slowest part of creating users in tests; production keeps the default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, inside the test, instead of waiting for a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files straight from the apps, without a collectstatic step or a manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
