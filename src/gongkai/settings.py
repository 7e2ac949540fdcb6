"""Django settings. Every operator-facing value comes from the environment through gongkai.config."""

from __future__ import annotations

from pathlib import Path

from gongkai import config as _config

CONFIG = _config.load()
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
GONGKAI_DEMO = CONFIG.demo
GONGKAI_SITE_NAME = CONFIG.site_name
GONGKAI_SITE_URL = CONFIG.site_url
GONGKAI_VAR_DIR = CONFIG.var_dir
GONGKAI_BEHIND_PROXY = CONFIG.behind_proxy
GONGKAI_INDEX_NUMBER_FORMAT = CONFIG.index_number_format
GONGKAI_ATTACHMENT_MAX_BYTES = CONFIG.attachment_max_bytes
globals().update(CONFIG.app_settings)
if CONFIG.search_backend:
    GONGKAI_SEARCH_BACKEND = CONFIG.search_backend

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # Only so that the API docs (/api/docs) use ninja's bundled Swagger UI files instead of a CDN (CSP).
    "ninja",
    "gongkai.common",
    "gongkai.accounts",
    "gongkai.agencies",
    "gongkai.audit",
    "gongkai.calendar",
    "gongkai.disclosure",
    "gongkai.applications",
    "gongkai.catalogue",
    "gongkai.reports",
    "gongkai.oversight",
    "gongkai.reportcheck",
    "gongkai.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Strict Content-Security-Policy on HTML pages (docs/security.md).
    "gongkai.common.middleware.ContentSecurityPolicyMiddleware",
    # A NUL in the URL is a 400, not a PostgreSQL error (docs/security.md).
    "gongkai.common.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.audit.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.common.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
# Shared by every worker: rate limits, login lockouts, used challenges (REDIS_URL, else a database table).
CACHES = CONFIG.caches
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:workspace"
LOGOUT_REDIRECT_URL = "site:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = CONFIG.static_root
MEDIA_URL = "/media/"
MEDIA_ROOT = CONFIG.media_root
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

if CONFIG.storage == "s3":
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": CONFIG.s3}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or GONGKAI_DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The demo and development serve static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = DEBUG or GONGKAI_DEMO
WHITENOISE_AUTOREFRESH = DEBUG
if WHITENOISE_USE_FINDERS:
    # WhiteNoise also looks in STATIC_ROOT and warns when it is missing.
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

for _key, _value in CONFIG.email.items():
    globals()[_key] = _value
SERVER_EMAIL = CONFIG.email["DEFAULT_FROM_EMAIL"]

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

# Security: production defaults pass `gongkai check --deploy`; HTTPS can be turned off only knowingly.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if CONFIG.https:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint and fontTools log every rendering step at INFO: one PDF would fill the log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
