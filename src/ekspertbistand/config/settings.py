"""Settings for Ekspertbistand, read from the environment (12-factor).

Two profiles:
- demo/development (``EB_DEMO=1``, the default for ``make run`` and tests): SQLite unless
  ``DATABASE_URL`` is set, the test login enabled, fake registers.
- production (``EB_DEMO=0``): requires ``DJANGO_SECRET_KEY`` and ``DATABASE_URL`` and refuses
  to start with the test login on.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEMO = env_bool("EB_DEMO", True)
DEBUG = env_bool("DJANGO_DEBUG", False)  # on only when asked: users see the real error pages
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-secret" if DEMO else "")
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# The test login lets a demo user pick a demo person. Never in production.
TEST_LOGIN_ENABLED = env_bool("EB_TEST_LOGIN", DEMO)
if TEST_LOGIN_ENABLED and not DEMO:
    raise ImproperlyConfigured(
        "Testinnloggingen (EB_TEST_LOGIN) er slått på i produksjonsinnstillinger. "
        "Fjern EB_TEST_LOGIN, eller kjør med EB_DEMO=1 bare i demo og test."
    )
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY mangler: sett en lang, tilfeldig nøkkel.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ekspertbistand.reference",
    "ekspertbistand.cases",
    "ekspertbistand.experts",
    "ekspertbistand.portal",
    "ekspertbistand.casework",
    "ekspertbistand.contact",
    "ekspertbistand.documents",
    "ekspertbistand.notifications",
    "ekspertbistand.refunds",
    "ekspertbistand.assignments",
    "ekspertbistand.statistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ekspertbistand.config.middleware.permissions_policy",
    "ekspertbistand.config.middleware.UnusableTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ekspertbistand.config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ekspertbistand.portal.context.service_context",
            ],
        },
    },
]

WSGI_APPLICATION = "ekspertbistand.config.wsgi.application"


def database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/"),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        # Kept open across requests like PostgreSQL's (decision 0018): opening a SQLite
        # connection registers Django's functions and pragmas anew, a cost on every request.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path or ":memory:",
                "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
    raise ValueError(f"DATABASE_URL har ukjent skjema: {parsed.scheme!r}")


if not DEMO and "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL mangler: produksjon bruker PostgreSQL, "
                               "for eksempel postgres://bruker:passord@vert:5432/ekspertbistand.")
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'ekspertbistand.sqlite3'}")
    )
}
# PostgreSQL with two roles (decision 0011, cases/db_roles.py): DATABASE_URL is the service's
# role, which owns nothing; DATABASE_OWNER_URL the owner's, for migrations (same database).
DATABASE_SERVICE = {key: DATABASES["default"].get(key, "") for key in ("USER", "PASSWORD")}
DATABASE_OWNER: dict[str, object] | None = None
if os.environ.get("DATABASE_OWNER_URL"):
    _owner = database_from_url(os.environ["DATABASE_OWNER_URL"])
    if any(_owner[key] != DATABASES["default"][key] for key in ("ENGINE", "NAME", "HOST", "PORT")):
        raise ImproperlyConfigured("DATABASE_OWNER_URL må peke på samme database som DATABASE_URL "
                                   "(samme vert, port og databasenavn), bare med eierrollen.")
    DATABASE_OWNER = {"USER": _owner["USER"], "PASSWORD": _owner["PASSWORD"]}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (PROJECT_DIR / "var").mkdir(exist_ok=True)  # the demo and test databases live here
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue up instead of
    # failing half-way. Tests use a file (not shared-cache memory) so threads wait likewise.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["TEST"] = {"NAME": str(PROJECT_DIR / "var" / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cases.User"
LOGIN_URL = "portal:login"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"

# Uploaded files (attachments, invoices) go through Django's storage API: the file system in
# demo and tests, object storage in production (set STORAGES via django-storages). They are
# served only by views that check access, never from a public URL.
MEDIA_ROOT = Path(os.environ.get("EB_MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
UPLOAD_MAX_BYTES = int(os.environ.get("EB_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Dotted path to a function(content: bytes) that raises on a finding; empty = no scan (demo).
VIRUS_SCANNER = os.environ.get("EB_VIRUS_SCANNER", "")

# Database sessions and the model backend, their per-request reads written out (decision 0057).
SESSION_ENGINE = "ekspertbistand.config.sessions"
AUTHENTICATION_BACKENDS = ["ekspertbistand.config.sessions.UserBackend"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = not DEMO
CSRF_COOKIE_SECURE = not DEMO
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"  # case ids in URLs never go to another site
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from this service only, no inline script
# or style, no plugins, no framing, forms post only here. The API docs page has its own,
# slightly wider policy (api/docs.py): Swagger UI sets inline styles and data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Features no page uses, refused to every page and anything it might embed.
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), "
                      "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                      "midi=(), payment=(), publickey-credentials-get=(), usb=(), "
                      "browsing-topics=()")

# Production runs behind a TLS-terminating proxy or ingress that sets X-Forwarded-Proto (and
# removes it from what clients send). Every request is redirected to HTTPS except the health
# check, which the platform calls over plain HTTP inside the cluster; browsers are told to
# use HTTPS only for a year (HSTS, subdomains included, preload-ready as nav.no is).
if not DEMO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("EB_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("EB_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Outside registers: "fake" (demo data) or "http" (the real services).
REGISTER_BACKEND = os.environ.get("EB_REGISTER_BACKEND", "fake" if DEMO else "http")
ENHETSREGISTERET_URL = os.environ.get(
    "EB_ENHETSREGISTERET_URL", "https://data.brreg.no/enhetsregisteret/api"
)
# NAV's account register for organisations (the account a grant is paid to).
KONTOREGISTER_URL = os.environ.get("EB_KONTOREGISTER_URL", "https://sokos-kontoregister.intern.nav.no")
KONTOREGISTER_TOKEN = os.environ.get("EB_KONTOREGISTER_TOKEN", "")

# The NAV account refunds are paid from, named as the debtor in the pain.001 export.
PAYMENT_DEBTOR_NAME = os.environ.get("EB_PAYMENT_DEBTOR_NAME", "Arbeids- og velferdsetaten")
PAYMENT_DEBTOR_ORGNR = os.environ.get("EB_PAYMENT_DEBTOR_ORGNR", "889640782")
PAYMENT_DEBTOR_ACCOUNT = os.environ.get("EB_PAYMENT_DEBTOR_ACCOUNT", "76940512057")

# Key used to pseudonymise identity numbers in exports (evaluation/export-grants).
PSEUDONYM_KEY = os.environ.get("EB_PSEUDONYM_KEY", "demo-pseudonym-key" if DEMO else "")

# No personal data in logs (config/log_privacy.py): every handler rewrites tracebacks without
# database messages and masks 11-digit numbers; Django's error report hides POST values and
# local variables. Django's own handlers (mail to admins, its DEBUG console) are replaced by
# the filtered console, and SQL is never logged with its parameters.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "ekspertbistand.config.log_privacy.PersonalDataFilter"}},
    "formatters": {"server": {"()": "django.utils.log.ServerFormatter",
                              "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
        "server": {"class": "logging.StreamHandler", "filters": ["personal_data"],
                   "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("EB_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint and fontTools narrate every PDF at INFO; only their problems matter.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "ekspertbistand.config.log_privacy.PersonalDataReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "ekspertbistand.config.log_privacy.PersonalDataExceptionReporter"

EMAIL_BACKEND = os.environ.get(
    "EB_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EB_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EB_EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("EB_EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = PROJECT_DIR / "var" / "mail"  # demo: each e-mail is a file here
DEFAULT_FROM_EMAIL = os.environ.get("EB_FROM_EMAIL", "ikke-svar@ekspertbistand.nav.example")

# The follow-up after the expert's report: months after the report was released (DOMAIN §4).
FOLLOW_UP_MONTHS_AFTER_REPORT = int(os.environ.get("EB_FOLLOW_UP_MONTHS", "3"))
