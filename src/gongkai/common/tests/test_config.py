import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.config import load

GOOD_KEY = "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


def test_production_requires_secret_key_and_allowed_hosts():
    with pytest.raises(ImproperlyConfigured) as info:
        load({})
    message = str(info.value)
    assert "SECRET_KEY" in message and "ALLOWED_HOSTS" in message


def test_demo_and_debug_need_no_secret():
    assert load({"GONGKAI_DEMO": "1"}).demo
    assert load({"DEBUG": "1"}).debug


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"EMAIL_PORT": "abc"}, "EMAIL_PORT"),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"GONGKAI_STORAGE": "ftp"}, "GONGKAI_STORAGE"),
        ({"GONGKAI_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_TLS"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"GONGKAI_SITE_URL": "ftp://x"}, "GONGKAI_SITE_URL"),
        ({"GONGKAI_INDEX_NUMBER_FORMAT": "{agency}-{nope}"}, "GONGKAI_INDEX_NUMBER_FORMAT"),
        ({"GONGKAI_ATTACHMENT_MAX_BYTES": "12"}, "GONGKAI_ATTACHMENT_MAX_BYTES"),
        ({"GONGKAI_APPLICATIONS_RATE_PER_IP": "0"}, "GONGKAI_APPLICATIONS_RATE_PER_IP"),
        ({"GONGKAI_APPLICATIONS_FEE_CLOCK": "stop"}, "GONGKAI_APPLICATIONS_FEE_CLOCK"),
        ({"GONGKAI_REPORT_DEADLINES": "department=02-30"}, "GONGKAI_REPORT_DEADLINES"),
        ({"GONGKAI_REPORT_DEADLINES": "township=03-31"}, "GONGKAI_REPORT_DEADLINES"),
        ({"GONGKAI_CALENDAR_RECHECK_SECONDS": "soon"}, "GONGKAI_CALENDAR_RECHECK_SECONDS"),
        ({"GONGKAI_REPORTCHECK_ZIP_MAX_BYTES": "1"}, "GONGKAI_REPORTCHECK_ZIP_MAX_BYTES"),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL"),
        ({"GONGKAI_LOGIN_FAILURES_PER_ACCOUNT": "0"}, "GONGKAI_LOGIN_FAILURES_PER_ACCOUNT"),
    ],
)
def test_bad_values_name_the_variable(env, variable):
    base = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "gk.example.cn"}
    with pytest.raises(ImproperlyConfigured, match=variable):
        load({**base, **env})


def test_database_urls():
    cfg = load({"DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example:5433/gk"})
    assert cfg.database["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg.database["HOST"], cfg.database["PORT"], cfg.database["NAME"]) == ("db.example", 5433, "gk")
    sqlite = load({"DEBUG": "1"})
    assert sqlite.database["NAME"].endswith("var/gongkai.sqlite3")


def test_finding_02_the_cache_is_shared_by_every_worker():
    """REDIS_URL gives Django's Redis cache; without it the database cache, never a worker's own memory."""
    redis = load({"DEBUG": "1", "REDIS_URL": "redis://cache.example:6379/2"}).caches["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.example:6379/2"
    database = load({"DEBUG": "1"}).caches["default"]
    assert database["BACKEND"] == "gongkai.common.cache.DatabaseCache" and database["LOCATION"] == "gongkai_cache"


def test_s3_storage_is_configured():
    cfg = load(
        {
            "DEBUG": "1",
            "GONGKAI_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "gk",
            "AWS_S3_ENDPOINT_URL": "http://minio.local:9000",
        }
    )
    assert cfg.s3["bucket_name"] == "gk" and cfg.s3["endpoint_url"] == "http://minio.local:9000"


def _gongkai(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_start_up_stops_with_a_message_naming_the_variable(tmp_path):
    result = _gongkai("check", env={"PATH": "/usr/bin:/bin", "GONGKAI_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "gongkai.example.gov.cn",
        "GONGKAI_VAR_DIR": str(tmp_path),
    }
    result = _gongkai("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_documented_app_setting_comes_from_the_environment():
    env = {
        "GONGKAI_DEMO": "1",
        "GONGKAI_APPLICATIONS_CORRECTION_DAYS": "10",
        "GONGKAI_APPLICATIONS_REMIND_DAYS": "5",
        "GONGKAI_APPLICATIONS_RATE_PER_IP": "30",
        "GONGKAI_APPLICATIONS_RATE_PER_APPLICANT": "7",
        "GONGKAI_APPLICATIONS_RATE_WINDOW": "600",
        "GONGKAI_APPLICATIONS_FEE_CLOCK": "restart",
        "GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK": "0",
        "GONGKAI_APPLICATIONS_ROUTING_AGENCY": "YX",
        "GONGKAI_REPORT_DEADLINES": "department=01-20,government=03-31",
        "GONGKAI_CALENDAR_RECHECK_SECONDS": "5",
        "GONGKAI_REPORTCHECK_MAX_BYTES": "1048576",
        "GONGKAI_REPORTCHECK_ZIP_MAX_BYTES": "2097152",
        "GONGKAI_LOGIN_FAILURES_PER_ACCOUNT": "3",
        "GONGKAI_LOGIN_FAILURES_PER_ADDRESS": "40",
        "GONGKAI_LOGIN_LOCKOUT_MINUTES": "30",
    }
    assert load(env).app_settings == {
        "GONGKAI_APPLICATIONS_CORRECTION_DAYS": 10,
        "GONGKAI_APPLICATIONS_REMIND_DAYS": 5,
        "GONGKAI_APPLICATIONS_RATE_PER_IP": 30,
        "GONGKAI_APPLICATIONS_RATE_PER_APPLICANT": 7,
        "GONGKAI_APPLICATIONS_RATE_WINDOW": 600,
        "GONGKAI_APPLICATIONS_FEE_CLOCK": "restart",
        "GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK": False,
        "GONGKAI_APPLICATIONS_ROUTING_AGENCY": "YX",
        "GONGKAI_REPORT_DEADLINES": {"department": (1, 20), "government": (3, 31)},
        "GONGKAI_CALENDAR_RECHECK_SECONDS": 5,
        "GONGKAI_REPORTCHECK_MAX_BYTES": 1048576,
        "GONGKAI_REPORTCHECK_ZIP_MAX_BYTES": 2097152,
        "GONGKAI_LOGIN_FAILURES_PER_ACCOUNT": 3,
        "GONGKAI_LOGIN_FAILURES_PER_ADDRESS": 40,
        "GONGKAI_LOGIN_LOCKOUT_MINUTES": 30,
    }
    # Unset variables leave the apps' own defaults in force.
    assert load({"GONGKAI_DEMO": "1"}).app_settings == {}


def test_one_attachment_limit_names_the_file_and_the_limit(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.common.uploads import max_attachment_bytes, too_large_message

    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    assert max_attachment_bytes() == 2 * 1024 * 1024
    assert too_large_message(SimpleUploadedFile("申请.pdf", b"x").name) == "文件“申请.pdf”超过2MB的上限"
