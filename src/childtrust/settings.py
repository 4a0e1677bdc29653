"""childtrust settings: the one place that reads the environment.

Three ways to run:
- production (the default): DEBUG off, secure cookies, HSTS; refuses to start without SECRET_KEY.
- demo (CHILDTRUST_DEMO=1): the demo partnership on one machine over plain HTTP on localhost;
  a random secret key is kept under var/ so that no secret lives in the repository.
- debug (CHILDTRUST_DEBUG=1): a developer's machine.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets code name the types Django's generic classes hold (ModelChoiceField[Team]), as the type
# checker sees them; at run time it only adds __class_getitem__ to those classes.
django_stubs_ext.monkeypatch()

PROJECT_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("CHILDTRUST_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("CHILDTRUST_DEBUG")
DEMO = env_bool("CHILDTRUST_DEMO")
TESTING = env_bool("CHILDTRUST_TESTING")
PRODUCTION = not (DEBUG or DEMO or TESTING)


def _local_secret_key(file_name: str = "secret_key") -> str:
    """A per-machine key for demo and development, created once (readable by its owner alone)
    and never committed."""
    key_file = VAR_DIR / file_name
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as written:
            written.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it; for the demo "
            "partnership set CHILDTRUST_DEMO=1 (make demo does)."
        )
    SECRET_KEY = _local_secret_key()

# The audit log's key: each event is chained with an HMAC under it, and checkpoints outside the
# database are signed with it, so that someone who can write to the database but does not hold
# the server's secrets cannot forge a chain. Kept apart from SECRET_KEY so that each can be
# rotated alone. Keys retired by a rotation stay in CHILDTRUST_AUDIT_OLD_KEYS (comma-separated,
# oldest first) so that the events written under them still verify.
AUDIT_KEY_MINIMUM_LENGTH = 32
AUDIT_KEY = os.environ.get("CHILDTRUST_AUDIT_KEY", "")
if not AUDIT_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "CHILDTRUST_AUDIT_KEY is not set. Production refuses to start without the audit "
            "log's key (at least 32 random characters, kept out of the database and apart from "
            "SECRET_KEY); for the demo partnership set CHILDTRUST_DEMO=1 (make demo does)."
        )
    AUDIT_KEY = _local_secret_key("audit.key")
AUDIT_OLD_KEYS = env_list("CHILDTRUST_AUDIT_OLD_KEYS")
if AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "CHILDTRUST_AUDIT_KEY must differ from SECRET_KEY: each is rotated alone, and the audit "
        "log's key must not be one that other parts of the service handle."
    )
if any(len(key) < AUDIT_KEY_MINIMUM_LENGTH for key in (AUDIT_KEY, *AUDIT_OLD_KEYS)):
    raise ImproperlyConfigured(
        f"CHILDTRUST_AUDIT_KEY and CHILDTRUST_AUDIT_OLD_KEYS must each be at least "
        f"{AUDIT_KEY_MINIMUM_LENGTH} characters: a short key can be guessed from the log."
    )
# Signed checkpoints of the chain, appended outside the database by the worker; where
# CHILDTRUST_AUDIT_SYSLOG names a syslog address ("/dev/log", or "host:514"), sent there too.
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("CHILDTRUST_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit-checkpoints.jsonl")
)
AUDIT_SYSLOG = os.environ.get("CHILDTRUST_AUDIT_SYSLOG", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    # Django Ninja's Swagger UI from the service's own static files (the CSP allows no CDN).
    "ninja",
    "childtrust.core",
    "childtrust.accounts",
    "childtrust.audit",
    "childtrust.partnership",
    "childtrust.voice",
    "childtrust.outcomes",
    "childtrust.resources",
    "childtrust.workforce",
    "childtrust.children",
    "childtrust.safeguarding",
    "childtrust.strategy",
    "childtrust.api",
    "childtrust.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything stores or looks up the path: PostgreSQL refuses text holding NUL.
    "childtrust.core.request_checks.NulCharacterRefusedMiddleware",
    "childtrust.audit.context.AuditOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "childtrust.accounts.middleware.NoStoreMiddleware",
    "childtrust.accounts.middleware.SessionIdleTimeoutMiddleware",
    "childtrust.accounts.middleware.TwoFactorMiddleware",
    "childtrust.accounts.middleware.SignInRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees every failed sign-in and answers a locked-out one.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "childtrust.urls"
WSGI_APPLICATION = "childtrust.wsgi.application"

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
                "childtrust.core.context_processors.service",
            ],
            # One way to show a moment on every page: {{ when|date_time }} (issue 14).
            "builtins": ["childtrust.core.templatetags.dates"],
        },
    },
]

# Databases: SQLite under var/ by default; DATABASE_URL selects PostgreSQL.
SQLITE_PATH = VAR_DIR / "childtrust.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a worker share one file: WAL, and write transactions that start as
    # writers, so a read that turns into a write never meets "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each server process keeps its own small cache of pages that are the same for everyone (the
# services directory); entries are keyed by a version read from the database, so a change shows
# at once in every process and nothing needs to be shared between them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# People who sign in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"

# Lock-out after repeated failures (django-axes): per username and address together, so that
# nobody can lock a colleague out from elsewhere by mistyping their username on purpose. (Staff
# of a whole agency often share one address, so locking by address alone would let one person
# lock out a whole council.) Each failure is recorded in the audit log, a bounded number of
# events per lock-out window (audit.services.audit_sign_in_failure_record).
AXES_FAILURE_LIMIT = int(os.environ.get("CHILDTRUST_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CHILDTRUST_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions end at browser close, after CHILDTRUST_SESSION_IDLE_MINUTES without a request, and
# after eight hours whatever happens.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT = timedelta(
    minutes=int(os.environ.get("CHILDTRUST_SESSION_IDLE_MINUTES", "30"))
)

# Two-factor sign-in: the roles listed must set up an authenticator app. Production defaults to
# every role, since every role may come to see children's data.
ALL_ROLES = (
    "practitioner,team_manager,front_door,strategic_lead,partnership_admin,finance_officer,auditor,"
    "workforce_manager,data_protection_lead"
)
TWO_FACTOR_REQUIRED_ROLES = frozenset(
    env_list("CHILDTRUST_2FA_REQUIRED_ROLES", ALL_ROLES if PRODUCTION else "")
)
OTP_TOTP_ISSUER = "childtrust"

# The demo partnership's shared password; the default is stated in the README.
DEMO_PASSWORD = os.environ.get("CHILDTRUST_DEMO_PASSWORD", "partnership-demo-2026")

SERVICE_NAME = os.environ.get("CHILDTRUST_SERVICE_NAME", "Children's partnership")
# Where people write for help, accessibility and data protection questions (the footer's pages);
# without it, those pages send people to their partnership administrator.
CONTACT_EMAIL = os.environ.get("CHILDTRUST_CONTACT_EMAIL", "")

# Security headers and cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("CHILDTRUST_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("CHILDTRUST_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Static files: GOV.UK Frontend compiled at install time into var/frontend (never committed),
# served compressed and cache-busted by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [VAR_DIR / "frontend"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

LANGUAGE_CODE = "en-gb"
# A date shown without a format reads "2 December 2026", as every page writes it (issue 14).
FORMAT_MODULE_PATH = ["childtrust.core.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHILDTRUST_LOG_LEVEL", "WARNING")},
    # A refused request (4xx) is one line without a traceback; a server error keeps its own.
    "filters": {"refusals": {"()": "childtrust.core.request_log.RefusalsOnOneLine"}},
    "loggers": {"django.request": {"filters": ["refusals"]}},
}
if AUDIT_SYSLOG:
    # A second copy of every audit checkpoint, on another machine if the address is one.
    host, _, port = AUDIT_SYSLOG.rpartition(":")
    LOGGING["handlers"]["audit_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (host, int(port)) if host and port.isdigit() else AUDIT_SYSLOG,
    }
    LOGGING["loggers"] |= {
        "childtrust.audit.checkpoints": {
            "handlers": ["audit_syslog", "console"],
            "level": "INFO",
            "propagate": False,
        }
    }

# Sending anonymous feedback or survey answers leaves no line in the log, not even a failure's
# (core.untraced): these are the loggers Django writes a request's path to. Added after the rest
# of LOGGING so that no other entry replaces it.
LOGGING.setdefault("filters", {})["untraced"] = {
    "()": "childtrust.core.untraced.UntracedRequestFilter"
}
for _request_logger in ("django.request", "django.security.csrf"):
    _logger = LOGGING.setdefault("loggers", {}).setdefault(_request_logger, {})
    _logger["filters"] = ["untraced", *_logger.get("filters", [])]

# Mail: a failed check of the audit log is sent to administrators and auditors at once.
EMAIL_BACKEND = os.environ.get(
    "CHILDTRUST_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("CHILDTRUST_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CHILDTRUST_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("CHILDTRUST_EMAIL_FROM", "childtrust@localhost")

# The service's public address (scheme, host and any path prefix): a link in an email is made
# absolute under it (core.links.absolute_link), since a relative one leads nowhere from a mail
# client. Outside production it defaults to the address `make demo` serves. Production sends
# email (a failed audit check always; safeguarding's notifications where they are on) unless
# the backend is Django's dummy one, and then refuses to start without an https address: a
# link sent out over plain HTTP could be read or redirected on the way.
SITE_ADDRESS = os.environ.get(
    "CHILDTRUST_SITE_ADDRESS",
    "" if PRODUCTION else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
).strip()
EMAIL_SENT = EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend"


def _site_address_problem(address: str, *, https_only: bool) -> str:
    """Why `address` cannot be the service's public address, or "" if it can."""
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return "is not an address"
    schemes = {"https"} if https_only else {"http", "https"}
    if parts.scheme not in schemes or not parts.hostname:
        return "is not an " + ("https" if https_only else "http or https") + " address"
    if parts.query or parts.fragment or parts.username or parts.password:
        return "holds more than a scheme, a host, a port and a path prefix"
    return ""


_SITE_ADDRESS_EXAMPLE = "such as https://childtrust.example.org"
if PRODUCTION and EMAIL_SENT and not SITE_ADDRESS:
    raise ImproperlyConfigured(
        "CHILDTRUST_SITE_ADDRESS is not set. Production sends email, whose links must lead to "
        f"the service: set it to the service's public https address, {_SITE_ADDRESS_EXAMPLE} "
        "(or set CHILDTRUST_EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend to send "
        "none)."
    )
_https_only = PRODUCTION and EMAIL_SENT
if SITE_ADDRESS and (_problem := _site_address_problem(SITE_ADDRESS, https_only=_https_only)):
    raise ImproperlyConfigured(
        f"CHILDTRUST_SITE_ADDRESS ({SITE_ADDRESS!r}) {_problem}: set it to the service's "
        f"public {'https ' if _https_only else ''}address, {_SITE_ADDRESS_EXAMPLE}."
    )

# Background work (reminders, escalations, survey rounds) through Django's tasks interface: the
# database backend by default, run by `childtrust worker`; CHILDTRUST_TASKS_BACKEND names another
# (a broker-backed one in production, if wanted).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CHILDTRUST_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Staff voice: no survey result is shown for a group smaller than this, and feedback must be
# answered within this many working days (England and Wales bank holidays excluded).
SURVEY_MINIMUM_GROUP_SIZE = int(os.environ.get("CHILDTRUST_SURVEY_MINIMUM_GROUP_SIZE", "10"))
FEEDBACK_RESPONSE_WORKING_DAYS = int(os.environ.get("CHILDTRUST_FEEDBACK_WORKING_DAYS", "10"))
# A cascade task is reminded this many working days before it is due, and escalated to the
# manager's own manager this many working days after it.
CASCADE_REMINDER_WORKING_DAYS = 2
CASCADE_ESCALATION_WORKING_DAYS = 2

API_TOKEN_PREFIX = "ct_"  # noqa: S105 (a label that makes leaked tokens findable, not a secret)

# Record linkage (children.linkage): a pair scoring at least the upper match probability is
# linked automatically; between the two it goes to a reviewer; below the lower, nothing is
# proposed. The backend is DuckDB in the process, or Spark for a national index.
CHILDTRUST_LINK_UPPER = float(os.environ.get("CHILDTRUST_LINK_UPPER", "0.99"))
CHILDTRUST_LINK_LOWER = float(os.environ.get("CHILDTRUST_LINK_LOWER", "0.8"))
CHILDTRUST_LINKAGE_BACKEND = os.environ.get("CHILDTRUST_LINKAGE_BACKEND", "duckdb")

# The front door's local targets (safeguarding, issue 17). Hours from a referral's receipt to its
# screening, by the RAG rating it is given: the queue shows one screened later as late. A clock
# is "near breach" when it falls due within this many working days (core.calendar).
SAFEGUARDING_SCREENING_TARGET_HOURS = {"red": 2, "amber": 8, "green": 24}
SAFEGUARDING_CLOCK_NEAR_BREACH_WORKING_DAYS = 2
# Safeguarding's notifications are shown in the service; they are emailed too (by the worker)
# only where this is on. Operation Encompass: when the school day starts (Europe/London), the
# time a police notification of domestic abuse must reach the child's school by.
SAFEGUARDING_EMAIL_NOTIFICATIONS = env_bool("CHILDTRUST_SAFEGUARDING_EMAIL", default=False)
ENCOMPASS_SCHOOL_DAY_STARTS = os.environ.get("CHILDTRUST_ENCOMPASS_SCHOOL_DAY_STARTS", "08:00")
