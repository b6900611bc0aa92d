"""Django settings for SatuPintu, read from the environment (see README "Configuration").

Development defaults need no environment at all: the data directory is ./var/ and a secret key
is generated into it. `SATUPINTU_ENV=production` turns on the checks in `production.py`, which
refuse to start with insecure values.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from satupintu.config import env
from satupintu.config.production import check_production_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SATUPINTU_ENV = env.env_choice("SATUPINTU_ENV", ("development", "production"), "development")
PRODUCTION = SATUPINTU_ENV == "production"
DATA_DIR = env.env_path("SATUPINTU_DATA_DIR", BASE_DIR / "var")

DEBUG = env.env_bool("DEBUG", False)

# In development a key is generated into the data directory; production must supply its own.
SECRET_KEY = env.env_str("SECRET_KEY", "") or (
    "" if PRODUCTION else env.read_or_create_secret(DATA_DIR / "secret_key")
)

ALLOWED_HOSTS = env.env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", ".localhost"]
)
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])

SATUPINTU_DEFAULT_TENANT = env.env_str("SATUPINTU_DEFAULT_TENANT", "llg")
# Absolute base URL used in e-mails and printed documents when no request is at hand.
SATUPINTU_PUBLIC_URL = env.env_str("SATUPINTU_PUBLIC_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "satupintu.core",
    "satupintu.tenants",
    "satupintu.calendars",
    "satupintu.accounts",
    "satupintu.catalog",
    "satupintu.scheduler",
    "satupintu.audit",
    "satupintu.workflow",
    "satupintu.applications",
    "satupintu.inspections",
    "satupintu.backoffice",
    "satupintu.notifications",
    "satupintu.tracking",
    "satupintu.signing",
    "satupintu.issuance",
    "satupintu.complaints",
    "satupintu.open311",
    "satupintu.surveys",
    "satupintu.monitoring",
    "satupintu.reports",
    "satupintu.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "satupintu.core.uploads.UnsafeUploadNameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "satupintu.api.middleware.ApiErrorMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "satupintu.tenants.middleware.TenantMiddleware",
    "satupintu.audit.context.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "satupintu.config.urls"
WSGI_APPLICATION = "satupintu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "satupintu.tenants.context_processors.tenant",
            ],
        },
    },
]


# --- Database -------------------------------------------------------------------------------
def _databases() -> dict[str, dict[str, object]]:
    url = env.env_str("DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'satupintu.sqlite3'}"
    cfg = env.parse_database_url(url)
    db: dict[str, object] = {
        "ENGINE": cfg.engine,
        "NAME": cfg.name,
        # A new connection per request measured 8x slower here: keep them.
        "CONN_MAX_AGE": env.env_int("CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
        "ATOMIC_REQUESTS": False,
    }
    if cfg.engine == "satupintu.core.db.sqlite3":
        # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
        # Tests use a file, not shared-cache memory, so concurrency behaves as in production;
        # one per process, so two test runs on one checkout never share it.
        db["TEST"] = {"NAME": str(DATA_DIR / f"test_satupintu_{os.getpid()}.sqlite3")}
    else:
        db.update(USER=cfg.user, PASSWORD=cfg.password, HOST=cfg.host, PORT=cfg.port)
        db["OPTIONS"] = dict(cfg.options)
    return {"default": db}


DATABASES = _databases()
# Covering indexes (`Index(include=…)`) serve PostgreSQL's index-only scans; SQLite builds
# the same index without the extra columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = env.env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The lockout page, or the API's JSON error format under /api/.
AXES_LOCKOUT_CALLABLE = "satupintu.accounts.lockout.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "SatuPintu"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "satupintu_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"
# No MEDIA_URL on purpose: uploaded and issued files are served only through permission checks.

_S3_BUCKET = env.env_str("SATUPINTU_S3_BUCKET", "")
if _S3_BUCKET:
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env.env_str("SATUPINTU_S3_ENDPOINT_URL", "") or None,
            "region_name": env.env_str("SATUPINTU_S3_REGION", "") or None,
            "access_key": env.env_str("SATUPINTU_S3_ACCESS_KEY", "") or None,
            "secret_key": env.env_str("SATUPINTU_S3_SECRET_KEY", "") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
# Outside production, serve static files straight from the source tree: no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env.env_str("EMAIL_HOST", "")
EMAIL_PORT = env.env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env.env_str("DEFAULT_FROM_EMAIL", "SatuPintu <noreply@satupintu.localhost>")
# Without an SMTP server, development writes messages to files in the data directory.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"

# --- WhatsApp/SMS gateway (notifications/gateway.py) -----------------------------------------
# An HTTP gateway reached with signed JSON POSTs; with none of the three set the channel is off.
SATUPINTU_SMS_GATEWAY_URL = env.env_str("SATUPINTU_SMS_GATEWAY_URL", "")
SATUPINTU_SMS_GATEWAY_KEY_ID = env.env_str("SATUPINTU_SMS_GATEWAY_KEY_ID", "")
SATUPINTU_SMS_GATEWAY_SECRET = env.env_str("SATUPINTU_SMS_GATEWAY_SECRET", "")
SATUPINTU_SMS_GATEWAY_TIMEOUT = env.env_int("SATUPINTU_SMS_GATEWAY_TIMEOUT", 10)

# --- Electronic signatures (signing/, ADR 0011) ----------------------------------------------
# dev: a local CA generated into DATA_DIR/pki (refused in production); pkcs12: a file per signer
# in SATUPINTU_SIGNER_PKCS12_DIR; remote: a BSrE-style service (signing/remote.py).
SATUPINTU_SIGNER = env.env_choice("SATUPINTU_SIGNER", ("dev", "pkcs12", "remote"), "dev")
SATUPINTU_SIGNER_PKCS12_DIR = env.env_str("SATUPINTU_SIGNER_PKCS12_DIR", "")
SATUPINTU_SIGNER_REMOTE_URL = env.env_str("SATUPINTU_SIGNER_REMOTE_URL", "")
SATUPINTU_SIGNER_REMOTE_CLIENT_ID = env.env_str("SATUPINTU_SIGNER_REMOTE_CLIENT_ID", "")
SATUPINTU_SIGNER_REMOTE_CLIENT_SECRET = env.env_str("SATUPINTU_SIGNER_REMOTE_CLIENT_SECRET", "")
# Below SQLite's 20 s lock wait: a hung service must fail the signature, not other writers
# (the signature is made inside the transaction that takes the permit number).
SATUPINTU_SIGNER_REMOTE_TIMEOUT = env.env_int("SATUPINTU_SIGNER_REMOTE_TIMEOUT", 15)
# CA certificate files (PEM or DER) that signatures are validated against, e.g. BSrE's chain.
SATUPINTU_SIGNING_TRUST_ROOTS = env.env_list("SATUPINTU_SIGNING_TRUST_ROOTS", [])

# --- Tasks ----------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.env_str("SATUPINTU_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Public tracking (M9) ------------------------------------------------------------------
# Lookups per client (page and API together), e.g. 30/m; see tracking/throttle.py.
SATUPINTU_TRACKING_RATE = env.env_str("SATUPINTU_TRACKING_RATE", "30/m")
# Clients are told apart by REMOTE_ADDR. Behind N trusted reverse proxies set N, so the address
# the nearest one saw is used; X-Forwarded-For is otherwise the client's to forge.
NINJA_NUM_PROXIES = env.env_int("SATUPINTU_NUM_PROXIES", 0)
# Public verification (M8): lookups and document checks per client, page and API together.
SATUPINTU_VERIFICATION_RATE = env.env_str("SATUPINTU_VERIFICATION_RATE", "30/m")
# Open311 (M11): posts per partner app (and address), and public reads per client.
SATUPINTU_OPEN311_RATE = env.env_str("SATUPINTU_OPEN311_RATE", "60/10m")
SATUPINTU_OPEN311_READ_RATE = env.env_str("SATUPINTU_OPEN311_READ_RATE", "120/m")
# Complaints filed without an account on the web form, per client address (spam).
SATUPINTU_COMPLAINT_RATE = env.env_str("SATUPINTU_COMPLAINT_RATE", "5/10m")
# bench/: routes the reference views the benchmarks compare with. Never in production.
SATUPINTU_BENCH = env.env_bool("SATUPINTU_BENCH", False) and not PRODUCTION

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", 31536000)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"},
                # Every PDF would log seven progress lines.
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

if PRODUCTION:
    check_production_settings(
        secret_key=SECRET_KEY, debug=DEBUG, allowed_hosts=ALLOWED_HOSTS, env_name=SATUPINTU_ENV,
        signer=SATUPINTU_SIGNER, public_url=SATUPINTU_PUBLIC_URL,
    )
