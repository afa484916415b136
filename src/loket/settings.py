"""Loket settings: every value comes from the environment, with embedded defaults for the demo.

Production is selected with LOKET_ENV=production; its defaults pass `loket manage check --deploy`.
"""

import json
import os
from pathlib import Path

import dj_database_url

from loket.core.private_files import make_files_private

# Before anything below creates a file or folder (the data dir, static root): owner-only from creation,
# whichever entry point loaded these settings (wsgi, asgi, manage, the `loket` command).
make_files_private()


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
PRODUCTION = env("LOKET_ENV", "embedded") == "production"
DATA_DIR = Path(env("LOKET_DATA_DIR", ".loket")).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Embedded default: a key local to the data dir, created once (see loket.cli).
    key_file = DATA_DIR / "secret_key"
    SECRET_KEY = key_file.read_text().strip() if key_file.exists() else "insecure-embedded-demo-key-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "loket.core",  # before allauth: our templates override allauth's layout
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",  # serves the API docs' assets locally (no CDN)
    "django_tasks",
    "django_tasks_db",
    "loket.org",
    "loket.catalogue",
    "loket.applications",
    "loket.workflow",
    "loket.notify",
    "loket.documents",
    "loket.feedback",
    "loket.insights",
    "loket.hr",
    "loket.payments",
    "loket.complaints",
    "loket.demo",
]

MIDDLEWARE = [
    "loket.core.request_context.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside RequestLimitsMiddleware, so that its refusals carry the same headers as every page.
    "loket.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before anything reads the body (sessions, CSRF, ninja): sizes, NUL characters, charsets.
    "loket.core.request_limits.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "loket.org.mfa.OfficerMFAMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

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
                "django.template.context_processors.i18n",
                "loket.core.context_processors.site",
            ],
            "builtins": ["loket.core.templatetags.loket_tags"],
        },
    }
]

# Database: DATABASE_URL wins; otherwise SQLite inside the data dir (the embedded default).
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "loket.sqlite3"),
            "OPTIONS": {
                # WAL + a busy timeout let the web server and the worker share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Files: local folder by default; S3-compatible storage when LOKET_STORAGE=s3 (django-storages).
MEDIA_ROOT = env("MEDIA_ROOT", str(DATA_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads (KTP scans, signed letters) are private to the server's user; Django would chmod them 0644.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", str(DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if env("LOKET_STORAGE") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET", "loket"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "access_key": env("S3_ACCESS_KEY"),
            "secret_key": env("S3_SECRET_KEY"),
        },
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Embedded mode serves static files through finders; the folder only has to exist (whitenoise checks it).
    try:
        Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    except OSError:
        pass

# Email: every message is stored in the outbox (loket.notify.mail) and delivered by the worker with the
# real backend: EMAIL_BACKEND in the environment names that one (console in the demo, SMTP in production).
EMAIL_BACKEND = "loket.notify.mail.OutboxEmailBackend"
LOKET_EMAIL_DELIVERY_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Loket <noreply@loket.localhost>")

# Background work: Django's tasks interface with the database queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if env_bool("LOKET_TASKS_IMMEDIATE"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AUDIT_SEAL_INTERVAL_SECONDS = int(env("AUDIT_SEAL_INTERVAL_SECONDS", "5"))

# Accounts
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if PRODUCTION else "optional"
# Re-authentication before sensitive account changes: the password or the authenticator, never a code sent
# by e-mail (a mailbox taken over must not be enough to change an officer's TOTP or password).
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
# Every password a person chooses (allauth signup, change and reset; the admin's user forms) must pass these;
# Django's Indonesian translation words the refusals. Users made in code (create_user, demo seed) are not checked.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# After signing in: a citizen lands on their applications, anyone with a back-office role on /kantor/
# (loket.org.account_adapter); a `?next=` always wins.
LOGIN_REDIRECT_URL = "/permohonan/"
ACCOUNT_ADAPTER = "loket.org.account_adapter.LoketAccountAdapter"
LOGIN_URL = "/akun/login/"

# Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

# Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Two caches (docs/deploy.md):
# - "default" is shared by every web process: allauth keeps its rate limits and the TOTP codes already used
#   there (a replay marker in one process's memory lets the same code in once per process). Without Redis it
#   is a table in the database (created after `migrate`), with MAX_ENTRIES high enough that no replay marker
#   is ever culled; the worker deletes expired rows. Loket's own limits do not use a cache: loket.core.limits.
# - "pages" holds memos that are right per process (rendered pages under the catalogue generation, drawn
#   flowcharts, the is-employee flag): process memory, or Redis when there is one.
CACHE_TABLE = "loket_cache"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": 10_000_000},
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "loket-pages"},
}
if env("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Product settings
LOKET_SITE_NAME = env("LOKET_SITE_NAME", "Loket Jawa Barat")
# Channel names and numbers only, no words: the same text reads in both languages.
LOKET_COMPLAINT_CHANNEL = env("LOKET_COMPLAINT_CHANNEL", "SP4N-LAPOR! — lapor.go.id, SMS 1708; Ombudsman RI 137")
NINJA_PAGINATION_PER_PAGE = 20
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are encrypted at rest (loket.core.field_crypto, docs/deploy.md).
MFA_ADAPTER = "loket.org.mfa_adapter.LoketMFAAdapter"
LOKET_FIELD_KEY = env("LOKET_FIELD_KEY") or None  # None: the key file below, created on first use
LOKET_FIELD_KEY_FILE = env("LOKET_FIELD_KEY_FILE") or None  # None: DATA_DIR/field_key
LOKET_FIELD_KEY_OLD = env("LOKET_FIELD_KEY_OLD")  # earlier keys, comma-separated: still decrypt (rotation)
LOKET_MAX_UPLOAD_BYTES = int(env("LOKET_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Request bodies (core/request_limits.py): a small default for every route; routes that take files get
# their files' size plus room for the form around them. Larger bodies are refused (413) before reading.
LOKET_MAX_REQUEST_BYTES = int(env("LOKET_MAX_REQUEST_BYTES", str(1024 * 1024)))
LOKET_MAX_FILES_PER_REQUEST = int(env("LOKET_MAX_FILES_PER_REQUEST", "10"))
LOKET_VERIFY_MAX_BYTES = 10 * 1024 * 1024  # a signed PDF to check at /verifikasi/ (documents)
LOKET_HR_IMPORT_MAX_BYTES = 50 * 1024 * 1024  # a SIASN export (hr.services.MAX_FILE_BYTES)
_one_file = LOKET_MAX_UPLOAD_BYTES + LOKET_MAX_REQUEST_BYTES
_many_files = LOKET_MAX_UPLOAD_BYTES * LOKET_MAX_FILES_PER_REQUEST + LOKET_MAX_REQUEST_BYTES
LOKET_UPLOAD_LIMITS = {  # by URL name
    "api:upload": _one_file,
    "api:submit_with_files": _many_files,
    "api:check": LOKET_VERIFY_MAX_BYTES + LOKET_MAX_REQUEST_BYTES,
    "documents:verify_upload": LOKET_VERIFY_MAX_BYTES + LOKET_MAX_REQUEST_BYTES,
    "application_apply": _many_files,
    "application_resubmit": _many_files,
    "counter_form": _many_files,
    "hr:leave_new": _one_file,
    "hr:import": LOKET_HR_IMPORT_MAX_BYTES + LOKET_MAX_REQUEST_BYTES,
}
# Django's own limit on the fields of a form or a JSON body (files do not count): the same small default.
DATA_UPLOAD_MAX_MEMORY_SIZE = LOKET_MAX_REQUEST_BYTES
LOKET_SMS_GATEWAY_URL = env("LOKET_SMS_GATEWAY_URL")
LOKET_SMS_GATEWAY_TOKEN = env("LOKET_SMS_GATEWAY_TOKEN")
LOKET_WHATSAPP_GATEWAY_URL = env("LOKET_WHATSAPP_GATEWAY_URL")
LOKET_WHATSAPP_GATEWAY_TOKEN = env("LOKET_WHATSAPP_GATEWAY_TOKEN")
LOKET_API_CACHE_SECONDS = int(env("LOKET_API_CACHE_SECONDS", "30"))
LOKET_NOTIFY_LEASE_SECONDS = int(env("LOKET_NOTIFY_LEASE_SECONDS", "120"))
# One-to-one rows of the user read together with an API token (core/tokens.py): every submission needs
# the citizen profile and every e-Cuti/e-KGB call the employee record, so they come in the same query.
LOKET_TOKEN_USER_RELATED = ("citizen", "employee")
# The fixed statements of the hot paths (core/rows.py: the API token, e-Cuti's reads, the engine's task and
# case) are prepared once per database connection. Off (0) behind a connection pooler that does not keep
# prepared statements per client (PgBouncer in transaction mode before 1.21).
LOKET_PREPARE_STATEMENTS = env_bool("LOKET_PREPARE_STATEMENTS", True)
# Behind N reverse proxies / load balancers, the client address for rate limits is the N-th from the right
# of X-Forwarded-For; 0 trusts none (direct connections). One setting for every limit: ours
# (loket.core.client.client_address) and allauth's.
LOKET_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = LOKET_TRUSTED_PROXY_COUNT
LOKET_PAGE_CACHE_SECONDS = int(env("LOKET_PAGE_CACHE_SECONDS", "30"))

# Signed documents (docs/signing.md). The public URL is what the QR code on every document opens.
LOKET_PUBLIC_URL = env("LOKET_PUBLIC_URL", "http://localhost:8000")
LOKET_SIGNING_BACKEND = env("LOKET_SIGNING_BACKEND", "local")  # local | remote (a BSrE-style HTTP service)
LOKET_SIGNING_DIR = env("LOKET_SIGNING_DIR") or None  # None: DATA_DIR/signing
LOKET_SIGNING_PASSPHRASE = env("LOKET_SIGNING_PASSPHRASE") or None  # None: derived from SECRET_KEY
LOKET_SIGNING_REMOTE_URL = env("LOKET_SIGNING_REMOTE_URL")
LOKET_SIGNING_REMOTE_TOKEN = env("LOKET_SIGNING_REMOTE_TOKEN")
LOKET_SIGNING_TRUST_ROOTS = env_list("LOKET_SIGNING_TRUST_ROOTS")
# e-KGB: how far ahead the daily job drafts periodic salary increases (the notice is due 2 months ahead).
LOKET_KGB_WINDOW_DAYS = int(env("LOKET_KGB_WINDOW_DAYS", "60"))
# e-Pensiun: how many months ahead an employee may ask to retire early (hr.pension.services.request_early). 12 keeps
# the request within the time BKD and BKN need for the decree without fixing a date far ahead (a Loket choice,
# not a regulation: confirm with BKD); a region may set its own.
LOKET_PENSION_EARLY_MONTHS_AHEAD = int(env("LOKET_PENSION_EARLY_MONTHS_AHEAD", "12"))
# Counter filings (issue 13, finding 5): the one-time code a citizen reads out to the officer who files for them,
# and the code with which a citizen registered at a counter claims the account made for them. Loket's own
# choices, not a regulation's: how long a code lives, how many wrong codes it takes, how many are sent an hour.
LOKET_CONSENT_CODE_MINUTES = int(env("LOKET_CONSENT_CODE_MINUTES", "10"))
LOKET_CONSENT_CODE_ATTEMPTS = int(env("LOKET_CONSENT_CODE_ATTEMPTS", "5"))
LOKET_CONSENT_CODES_PER_HOUR = int(env("LOKET_CONSENT_CODES_PER_HOUR", "5"))  # per citizen: no SMS flood
LOKET_ACCOUNT_CLAIM_DAYS = int(env("LOKET_ACCOUNT_CLAIM_DAYS", "14"))
LOKET_ACCOUNT_CLAIM_ATTEMPTS = int(env("LOKET_ACCOUNT_CLAIM_ATTEMPTS", "5"))
LOKET_ACCOUNT_CLAIM_TRIES = int(env("LOKET_ACCOUNT_CLAIM_TRIES", "10"))  # per client address per 10 minutes
# Citizens registered at a counter receive their codes by phone: how many accounts may share one (a household phone).
LOKET_PHONE_SHARED_MAX = int(env("LOKET_PHONE_SHARED_MAX", "3"))

# Levy payments (issue 18, docs/payments.md). Providers as JSON: {"key": {"base_url", "api_key", "secrets": [...],
# "pay_url": "…{reference}"}}; which region pays through which ({"32.73": "bjb", "*": "key"}). The payment window
# in calendar days is set by each regional regulation (perda retribusi) — confirm per region; 7 until then.
LOKET_PAYMENT_PROVIDERS = json.loads(env("LOKET_PAYMENT_PROVIDERS", "{}"))
LOKET_PAYMENT_PROVIDER_BY_REGION = json.loads(env("LOKET_PAYMENT_PROVIDER_BY_REGION", "{}"))
LOKET_PAYMENT_DAYS = int(env("LOKET_PAYMENT_DAYS", "7"))
