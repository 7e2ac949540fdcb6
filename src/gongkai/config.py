"""Configuration from the environment, validated once at start-up.

Every setting an operator may change is read here, with its type and default, so that a bad value
stops start-up with one message naming the variable and what it expects (README, "Settings").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
STORAGES = {"local", "s3"}


@dataclass
class Reader:
    """Reads typed values from an environment mapping, collecting every error before failing."""

    env: Mapping[str, str]
    errors: list[str] = field(default_factory=list)

    def raw(self, name: str) -> str | None:
        value = self.env.get(name)
        return value.strip() if value is not None else None

    def str(self, name: str, default: str = "") -> str:
        value = self.raw(name)
        return default if value is None or value == "" else value

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        self.errors.append(f"{name}={value!r}: expected a boolean (1/0, true/false, yes/no)")
        return default

    def int(self, name: str, default: int, *, minimum: int = 0, maximum: int = 2**31) -> int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            self.errors.append(f"{name}={value!r}: expected a whole number")
            return default
        if not minimum <= number <= maximum:
            self.errors.append(f"{name}={value!r}: expected a number from {minimum} to {maximum}")
            return default
        return number

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None or value == "":
            return default
        return [part.strip() for part in value.split(",") if part.strip()]

    def choice(self, name: str, default: str, choices: set[str] | dict[str, str]) -> str:
        value = self.str(name, default).lower()
        if value not in choices:
            self.errors.append(f"{name}={value!r}: expected one of {', '.join(sorted(choices))}")
            return default
        return value


@dataclass
class Config:
    demo: bool
    debug: bool
    secret_key: str
    database: dict
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    https: bool
    site_name: str
    site_url: str
    var_dir: Path
    media_root: Path
    static_root: Path
    storage: str
    s3: dict
    email: dict
    log_level: str
    behind_proxy: bool
    index_number_format: str
    attachment_max_bytes: int
    search_backend: str
    # The shared cache: rate-limit counters, login lockouts and used challenges must be seen by every worker.
    caches: dict
    # The apps' own settings (GONGKAI_APPLICATIONS_*, GONGKAI_REPORT_*, GONGKAI_CALENDAR_*), set as
    # Django settings of the same names only when the environment sets them (the apps keep their defaults).
    app_settings: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def _database(reader: Reader, var_dir: Path) -> dict:
    import dj_database_url

    url = reader.str("DATABASE_URL", f"sqlite:///{var_dir / 'gongkai.sqlite3'}")
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        reader.errors.append(f"DATABASE_URL={url!r}: expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME")
        url = f"sqlite:///{var_dir / 'gongkai.sqlite3'}"
    try:
        database = dj_database_url.parse(url, conn_max_age=0 if scheme == "sqlite" else 60)
    except ValueError as exc:
        reader.errors.append(f"DATABASE_URL={url!r}: {exc}")
        database = dj_database_url.parse(f"sqlite:///{var_dir / 'gongkai.sqlite3'}")
    if database["ENGINE"].endswith("sqlite3"):
        name = Path(database["NAME"])
        if database["NAME"] != ":memory:" and not name.is_absolute():
            name = Path.cwd() / name
        database["NAME"] = str(name)
        # WAL and a busy timeout let the web server and the task worker share the file.
        database["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        database.setdefault("OPTIONS", {})
        database["CONN_HEALTH_CHECKS"] = True
    database["TEST"] = {"NAME": reader.str("GONGKAI_TEST_DATABASE_NAME") or None}
    return database


REDIS_SCHEMES = {"redis", "rediss", "unix"}
CACHE_TABLE = "gongkai_cache"


def _caches(reader: Reader) -> dict:
    """Redis when REDIS_URL is set (several servers, or many workers), else a table of the database:
    either way one cache that every worker process shares (a worker's own memory would let each count apart)."""
    url = reader.str("REDIS_URL")
    prefix = reader.str("GONGKAI_CACHE_KEY_PREFIX", "gongkai")
    if url:
        if urlsplit(url).scheme not in REDIS_SCHEMES:
            reader.errors.append(f"REDIS_URL={url!r}: expected redis://HOST:PORT/DB, rediss://… or unix:///PATH")
        else:
            return {
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": url,
                    "KEY_PREFIX": prefix,
                }
            }
    return {
        "default": {
            # Django's DatabaseCache with an atomic incr() (gongkai/common/cache.py); the table is made by migrate.
            "BACKEND": "gongkai.common.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "KEY_PREFIX": prefix,
            # Culling deletes a third of the entries when full: counters would be forgotten, so allow many.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }


def _index_format(reader: Reader) -> str:
    # The disclosure rules are pure Python, safe to import before Django is set up.
    from gongkai.disclosure.rules import DEFAULT_INDEX_FORMAT as DEFAULT_INDEX_NUMBER_FORMAT

    pattern = reader.str("GONGKAI_INDEX_NUMBER_FORMAT", DEFAULT_INDEX_NUMBER_FORMAT)
    try:
        pattern.format(agency="A", category="C", year=2026, serial=1)
    except (KeyError, IndexError, ValueError) as exc:
        reader.errors.append(
            f"GONGKAI_INDEX_NUMBER_FORMAT={pattern!r}: expected a pattern using only "
            f"{{agency}}, {{category}}, {{year}} and {{serial}} ({exc})"
        )
        return DEFAULT_INDEX_NUMBER_FORMAT
    return pattern


FEE_CLOCKS = {"pause", "restart", "none"}


def _report_deadlines(reader: Reader) -> dict[str, tuple[int, int]] | None:
    """``GONGKAI_REPORT_DEADLINES=department=01-20,government=03-31``: month-day per agency kind."""
    raw = reader.str("GONGKAI_REPORT_DEADLINES")
    if not raw:
        return None
    deadlines: dict[str, tuple[int, int]] = {}
    for part in raw.split(","):
        kind, _, month_day = part.partition("=")
        kind = kind.strip()
        try:
            month, day = (int(x) for x in month_day.strip().split("-"))
            dt.date(2001, month, day)  # a real day of a year that is not a leap year
        except ValueError:
            month = day = 0
        if kind not in {"department", "government"} or not month:
            reader.errors.append(
                f"GONGKAI_REPORT_DEADLINES={raw!r}: expected department=MM-DD,government=MM-DD (either or both)"
            )
            return None
        deadlines[kind] = (month, day)
    return deadlines


def _app_settings(reader: Reader) -> dict[str, object]:
    """The apps' settings that the environment sets (docs/applications.md, docs/reports.md, README)."""
    values: dict[str, object] = {}
    ints = {
        "GONGKAI_APPLICATIONS_CORRECTION_DAYS": (1, 60),
        "GONGKAI_APPLICATIONS_REMIND_DAYS": (0, 20),
        "GONGKAI_APPLICATIONS_RATE_PER_IP": (1, 1_000_000),
        "GONGKAI_APPLICATIONS_RATE_PER_APPLICANT": (1, 1_000_000),
        "GONGKAI_APPLICATIONS_RATE_WINDOW": (1, 30 * 24 * 3600),
        "GONGKAI_CALENDAR_RECHECK_SECONDS": (0, 24 * 3600),
        "GONGKAI_REPORTCHECK_MAX_BYTES": (1024, 1024**3),
        "GONGKAI_REPORTCHECK_ZIP_MAX_BYTES": (1024, 4 * 1024**3),
        "GONGKAI_REPORTCHECK_KEEP_HOURS": (1, 24 * 90),
        "GONGKAI_APPLICATIONS_POST_RECEIPT_DAYS": (0, 60),
        "GONGKAI_REPORT_CHANGE_FACTOR": (2, 1000),
        "GONGKAI_LOGIN_FAILURES_PER_ACCOUNT": (1, 1000),
        "GONGKAI_LOGIN_FAILURES_PER_ADDRESS": (1, 1_000_000),
        "GONGKAI_LOGIN_LOCKOUT_MINUTES": (1, 24 * 60),
    }
    for name, (low, high) in ints.items():
        if reader.raw(name):
            values[name] = reader.int(name, 0, minimum=low, maximum=high)
    if reader.raw("GONGKAI_APPLICATIONS_FEE_CLOCK"):
        values["GONGKAI_APPLICATIONS_FEE_CLOCK"] = reader.choice("GONGKAI_APPLICATIONS_FEE_CLOCK", "pause", FEE_CLOCKS)
    if reader.raw("GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK"):
        name = "GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK"
        values[name] = reader.bool(name)
    if reader.raw("GONGKAI_APPLICATIONS_ROUTING_AGENCY"):
        values["GONGKAI_APPLICATIONS_ROUTING_AGENCY"] = reader.str("GONGKAI_APPLICATIONS_ROUTING_AGENCY")
    deadlines = _report_deadlines(reader)
    if deadlines:
        values["GONGKAI_REPORT_DEADLINES"] = deadlines
    return values


def load(env: Mapping[str, str] | None = None) -> Config:
    """Reads and validates the whole configuration; raises ImproperlyConfigured naming each bad variable."""
    reader = Reader(os.environ if env is None else env)
    demo = reader.bool("GONGKAI_DEMO")
    debug = reader.bool("DEBUG")
    relaxed = demo or debug

    var_dir = Path(reader.str("GONGKAI_VAR_DIR", "var"))
    if not var_dir.is_absolute():
        var_dir = Path.cwd() / var_dir

    secret_key = reader.str("SECRET_KEY")
    if not secret_key:
        if relaxed:
            # Only for the demo and development: a fixed, clearly marked key.
            secret_key = "gongkai-insecure-demo-key-" + "x" * 40
        else:
            reader.errors.append(
                "SECRET_KEY: required in production: a random string of at least 50 characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(64))'); "
                "or set GONGKAI_DEMO=1 / DEBUG=1 for a demo"
            )
    elif not relaxed and (len(secret_key) < 50 or len(set(secret_key)) < 5):
        reader.errors.append("SECRET_KEY: expected at least 50 characters with at least 5 distinct ones")

    allowed_hosts = reader.list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if relaxed else [])
    if not allowed_hosts:
        reader.errors.append("ALLOWED_HOSTS: required in production: comma-separated host names")

    site_url = reader.str("GONGKAI_SITE_URL", "http://127.0.0.1:8000")
    if urlsplit(site_url).scheme not in {"http", "https"}:
        reader.errors.append(f"GONGKAI_SITE_URL={site_url!r}: expected an http:// or https:// address")

    storage = reader.choice("GONGKAI_STORAGE", "local", STORAGES)
    s3 = {
        "bucket_name": reader.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": reader.str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": reader.str("AWS_S3_REGION_NAME") or None,
        "access_key": reader.str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": reader.str("AWS_SECRET_ACCESS_KEY") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if storage == "s3" and not s3["bucket_name"]:
        reader.errors.append("AWS_STORAGE_BUCKET_NAME: required when GONGKAI_STORAGE=s3")

    email_backend = reader.choice("EMAIL_BACKEND", "console" if relaxed else "smtp", EMAIL_BACKENDS)
    email = {
        "EMAIL_BACKEND": EMAIL_BACKENDS[email_backend],
        "EMAIL_HOST": reader.str("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": reader.int("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "EMAIL_HOST_USER": reader.str("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": reader.str("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": reader.bool("EMAIL_USE_TLS"),
        "EMAIL_USE_SSL": reader.bool("EMAIL_USE_SSL"),
        "EMAIL_TIMEOUT": reader.int("EMAIL_TIMEOUT", 20, minimum=1, maximum=600),
        "DEFAULT_FROM_EMAIL": reader.str("DEFAULT_FROM_EMAIL", "gongkai@localhost"),
        "EMAIL_FILE_PATH": str(var_dir / "mail"),
    }
    if email["EMAIL_USE_TLS"] and email["EMAIL_USE_SSL"]:
        reader.errors.append("EMAIL_USE_TLS, EMAIL_USE_SSL: set at most one of them")

    config = Config(
        demo=demo,
        debug=debug,
        secret_key=secret_key,
        database=_database(reader, var_dir),
        allowed_hosts=allowed_hosts,
        csrf_trusted_origins=reader.list("CSRF_TRUSTED_ORIGINS", []),
        https=reader.bool("GONGKAI_HTTPS", default=not relaxed),
        site_name=reader.str("GONGKAI_SITE_NAME", "政府信息公开平台"),
        site_url=site_url.rstrip("/"),
        var_dir=var_dir,
        media_root=Path(reader.str("MEDIA_ROOT", str(var_dir / "media"))),
        static_root=Path(reader.str("STATIC_ROOT", str(var_dir / "static"))),
        storage=storage,
        s3=s3,
        email=email,
        behind_proxy=reader.bool("GONGKAI_BEHIND_PROXY"),
        index_number_format=_index_format(reader),
        attachment_max_bytes=reader.int(
            "GONGKAI_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024, maximum=1024 * 1024 * 1024
        ),
        search_backend=reader.str("GONGKAI_SEARCH_BACKEND"),
        caches=_caches(reader),
        app_settings=_app_settings(reader),
        log_level=reader.choice("LOG_LEVEL", "info", {"debug", "info", "warning", "error", "critical"}).upper(),
    )
    if reader.errors:
        raise ImproperlyConfigured(
            "invalid environment:\n  " + "\n  ".join(reader.errors) + "\n(see README.md, “Settings”)"
        )
    return config
