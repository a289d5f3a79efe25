"""Django settings, every one of them read from the environment through `intlmon.env`.

SQLite at var/intlmon.sqlite3 is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL,
the production database.

Production is one explicit switch, `INTLMON_PRODUCTION=1`, not a guess from DEBUG: it demands a real
SECRET_KEY (start-up fails without one), forbids DEBUG, and turns on HTTPS-only cookies, HSTS and the
redirect to HTTPS (the portal is expected behind a TLS-terminating proxy that sets X-Forwarded-Proto).
Everything else — CSP without inline code, login throttling, CSRF, static files from the app — is the
same in development and production, so the tests exercise what production runs.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from intlmon.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

# Where shipped data (registry seeds, 2023 reference tables) lives, and where run-time state goes.
DATA_DIR = env_path("INTLMON_DATA_DIR", PROJECT_DIR / "data")
# A source checkout keeps its state in its own var/ wherever a command runs; an installed package in ./var.
_IS_CHECKOUT = (PROJECT_DIR / "pyproject.toml").is_file()
VAR_DIR = env_path("INTLMON_VAR_DIR", (PROJECT_DIR if _IS_CHECKOUT else Path.cwd()) / "var")
OUT_DIR = env_path("INTLMON_OUT_DIR", Path.cwd() / "out")

PRODUCTION = env_bool("INTLMON_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
_DEVELOPMENT_KEY = "intlmon-insecure-development-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEVELOPMENT_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and (DEBUG or SECRET_KEY == _DEVELOPMENT_KEY):
    raise ImproperlyConfigured("INTLMON_PRODUCTION=1 needs SECRET_KEY set (50+ random characters) and DEBUG off")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "intlmon.registry",
    "intlmon.records",
    "intlmon.collection",
    "intlmon.analytics",
    "intlmon.quality",
    "intlmon.reports",
    "intlmon.web",
    "intlmon.opendata",
    "intlmon.index",
    "intlmon.partnerships",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from the app (no CDN)
    "intlmon.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "intlmon.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intlmon.urls"
WSGI_APPLICATION = "intlmon.wsgi.application"

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
                "intlmon.web.context.portal",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'intlmon.sqlite3'}"
# INTLMON_DB_CONN_MAX_AGE: seconds a connection is kept between requests. 0 (a new connection per request) for
# commands and tests; `intlmon serve` sets 300 for gunicorn's workers, whose sync workers run one request at a
# time, so each keeps one connection instead of paying PostgreSQL's fork and catalogue reads per request.
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_sqlite),
                                              conn_max_age=env_int("INTLMON_DB_CONN_MAX_AGE", 0),
                                              conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a competing writer instead of failing at once; transactions take the write lock early.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "ru")
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["intlmon.web.formats"]  # Kazakh date and number formats (Django has none for kk)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

STATIC_URL = "static/"
# WhiteNoise serves static files from the app itself (no CDN, no separate web server). Production serves the
# collected, hashed and compressed copies in var/static (`intlmon serve` runs collectstatic first); elsewhere
# the files are served straight from the apps' static/ folders, so tests and development need no collectstatic.
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cross-request cache of computed pages, statistics and audits (analytics/stamp.py, docs/portal.md): files under
# var/cache, shared by every gunicorn worker with no extra service; every key ends with the data stamp, so an
# entry is never stale (the time-out only frees disk). "default" stays per process (DRF's throttling counters).
# FileCache (web/file_cache.py): Django's file cache counting its files every 64th write, not on each.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "intlmon.web.file_cache.FileCache", "LOCATION": str(VAR_DIR / "cache"),
              "TIMEOUT": 7 * 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4}},
    # sessions read from here instead of the database on every request (SESSION_ENGINE below); files, so every
    # gunicorn worker sees a logout at once (a per-process cache would keep a logged-out session alive elsewhere)
    "sessions": {"BACKEND": "intlmon.web.file_cache.FileCache",
                 "LOCATION": str(VAR_DIR / "sessions"), "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4}},
}
# Sessions are written to the database and to the file cache above, and read from the cache: one query fewer on
# every request of a logged-in user. A session missing from the cache (culled, cleared) is read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"

# -- the portal: authentication, throttling, security headers ------------------------------------------------
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is tried
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name from one address,
# that pair is refused for INTLMON_LOCKOUT_HOURS (per pair, so nobody can lock a colleague out from elsewhere).
AXES_FAILURE_LIMIT = env_int("INTLMON_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("INTLMON_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind the production TLS proxy every request comes from the proxy's address; the client's own is the
# proxy's last X-Forwarded-For entry (web/client_ip.py). INTLMON_PROXY_COUNT = proxies in front (0: none).
INTLMON_PROXY_COUNT = env_int("INTLMON_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_CLIENT_IP_CALLABLE = "intlmon.web.client_ip.client_ip"

# Content-Security-Policy (django-csp): scripts and styles only from the app's own static files, no inline
# code or style attribute, no framing, forms post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# An upload larger than collection.safety.MAX_FILE_BYTES is stopped while it arrives (web/upload_limits.py),
# before Django writes it to a temporary file; the other handlers are Django's defaults.
FILE_UPLOAD_HANDLERS = [
    "intlmon.web.upload_limits.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # the TLS proxy in front says it was HTTPS
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("INTLMON_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# -- the REST API (/api/v1/, src/intlmon/api, docs/api.md) ---------------------------------------------------
# Token authentication for HEI systems (`intlmon user token NAME`), the portal's session for the browser (DRF
# enforces CSRF on it); anonymous and user request rates per INTLMON_API_ANON_RATE / INTLMON_API_USER_RATE.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle",
                                 "rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("INTLMON_API_ANON_RATE", "60/minute"),
                               "user": env_str("INTLMON_API_USER_RATE", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "intlmon.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "intlmon API",
    "DESCRIPTION": "International activity of Kazakhstan's universities: registry, statistics, records, "
                   "submissions, uploads and audit findings (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
