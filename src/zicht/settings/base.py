"""Settings shared by every environment. Values that differ per installation come from the environment (env.py)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_secret, env_str, pseudonym_key_from_env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("ZICHT_BASE_DIR", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("ZICHT_VAR_DIR", str(BASE_DIR / "var")))

# Development defaults; production.py refuses to start with them.
INSECURE_SECRET_KEY = "zicht-insecure-development-secret-key-do-not-use-in-production"  # noqa: S105
INSECURE_PSEUDONYM_KEY = "zicht-insecure-development-pseudonym-key"

SECRET_KEY = env_str("ZICHT_SECRET_KEY", INSECURE_SECRET_KEY)
PSEUDONYM_KEY = pseudonym_key_from_env() or INSECURE_PSEUDONYM_KEY
DEBUG = env_bool("ZICHT_DEBUG", False)
ALLOWED_HOSTS = env_list("ZICHT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "zicht.core",
    "zicht.geography",
    "zicht.parties",
    "zicht.housing",
    "zicht.occupancy",
    "zicht.reports",
    "zicht.neighbourhoods",
    "zicht.integrations",
    "zicht.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zicht.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zicht.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zicht.urls"
WSGI_APPLICATION = "zicht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zicht.core.context_processors.navigation",
            ],
            # `number` on every page without a {% load %}: one way to write a number (zicht.formats).
            "builtins": ["zicht.core.templatetags.zicht_formats"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zicht.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env_int("ZICHT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 403  # the lockout page is a refusal, not a rate limit for clients to retry
AXES_VERBOSE = False
# A BSN typed into the username field must not end up in the table of failed logins.
AXES_USERNAME_CALLABLE = "zicht.core.privacy.logging.login_attempt_username"

# Sessions: 30 minutes idle, gone with the browser.
SESSION_COOKIE_AGE = env_int("ZICHT_SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# Dates "2 december 2026" in text and "02-12-2026" in tables; numbers through the `number` filter (not
# USE_THOUSAND_SEPARATOR, which would also group years and ids written into attributes). See docs/development.md.
FORMAT_MODULE_PATH = ["zicht.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (photos with reports). Never served as public media: staff views check scope before sending one.
MEDIA_ROOT = Path(env_str("ZICHT_MEDIA_DIR", str(VAR_DIR / "media")))
# Leaflet comes from the xstatic-leaflet wheel, served as static/leaflet/leaflet.js: never copied, never a CDN.
STATICFILES_DIRS = [PACKAGE_DIR / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps and packages (xstatic, sidecar) without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

# Content Security Policy: no inline script anywhere; map tiles from the configured tile host only.
MAP_TILE_URL = env_str(
    "ZICHT_MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3]) if len(parts) >= 3 else "'self'"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", _origin(MAP_TILE_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zicht"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zicht.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "zicht.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "zicht.core.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "zicht.core.api.problems.problem_exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "zicht.core.api.negotiation.ContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("ZICHT_ANON_RATE", "60/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_VERSIONING_CLASS": None,
    # Throttling keys on REMOTE_ADDR unless a trusted proxy sets X-Forwarded-For (then its last hop counts),
    # so a client cannot dodge the limit by sending a made-up header.
    "NUM_PROXIES": 1 if env_bool("ZICHT_BEHIND_PROXY", False) else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zicht API",
    "DESCRIPTION": (
        "API of Zicht, the platform for the housing and registration of labour migrants. "
        "Authenticate with an organisation's API token: `Authorization: Token <token>`. "
        "Errors are application/problem+json (RFC 9457)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-spectacular's own enum hook, then the document as strict OpenAPI 3.0.3 validators read it.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zicht.core.api.schema.postprocess_values_as_sent",
    ],
    # One name per choice set: several fields share a set (norm_verdict, verdict) and several sets share a field
    # name (the status of a location and of a signal).
    "ENUM_NAME_OVERRIDES": {
        "NormVerdictEnum": "zicht.housing.choices.NormVerdict",
        "LocationStatusEnum": "zicht.housing.choices.LocationStatus",
        "BlockRegistrationStatusEnum": "zicht.occupancy.choices.BlockRegistrationStatus",
        "UploadKindEnum": "zicht.occupancy.choices.UploadKind",
        "ReportStatusEnum": "zicht.reports.choices.ReportStatus",
        "ReportChannelEnum": "zicht.reports.choices.Channel",
        "ReporterKindEnum": "zicht.reports.choices.ReporterKind",
        "ReportCategoryEnum": "zicht.reports.choices.Category",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_bsn": {"()": "zicht.core.privacy.logging.RedactPersonNumbersFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_bsn"]},
    },
    "root": {"handlers": ["console"], "level": env_str("ZICHT_LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Background tasks (django-tasks): the queue is a table in the database, run by `zicht worker` (ADR 0006).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The largest occupancy list or BRP extract accepted, on the upload page and the API alike.
UPLOAD_MAX_BYTES = env_int("ZICHT_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)

# Small-number suppression threshold (DOMAIN §4.8).
SMALL_NUMBER_THRESHOLD = env_int("ZICHT_SMALL_NUMBER_THRESHOLD", 5)

# Trusted proxies: when set, the client address for the audit log is read from X-Forwarded-For.
BEHIND_PROXY = env_bool("ZICHT_BEHIND_PROXY", False)

# Reports (meldingen): the public intake's rate limit per client (web form and API together), and how long
# cancelled and handled reports are kept before `zicht reports purge` removes them (DOMAIN §5, as Signalen does).
REPORTS_PUBLIC_RATE = env_str("ZICHT_PUBLIC_REPORT_RATE", "10/hour")
REPORTS_RETENTION_CANCELLED_DAYS = env_int("ZICHT_REPORTS_RETENTION_CANCELLED_DAYS", 365)
REPORTS_RETENTION_HANDLED_DAYS = env_int("ZICHT_REPORTS_RETENTION_HANDLED_DAYS", 5 * 365)

# Haal Centraal BRP (bevragen, bewoning): off unless a URL is set. See docs/operations.md and ADR 0004.
BRP_BEVRAGEN_URL = env_str("ZICHT_BRP_BEVRAGEN_URL", "")
BRP_BEWONING_URL = env_str("ZICHT_BRP_BEWONING_URL", "")
BRP_API_KEY = env_secret("ZICHT_BRP_API_KEY")
BRP_TIMEOUT_SECONDS = env_int("ZICHT_BRP_TIMEOUT", 10)
# Mutual TLS, when the provider asks for it: a client certificate and key (PEM), and a CA bundle for the server.
BRP_CLIENT_CERT_FILE = env_str("ZICHT_BRP_CLIENT_CERT_FILE", "")
BRP_CLIENT_KEY_FILE = env_str("ZICHT_BRP_CLIENT_KEY_FILE", "")
BRP_CA_FILE = env_str("ZICHT_BRP_CA_FILE", "")
