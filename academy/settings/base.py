"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from environment variables
(``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ...). This module must never hold a real
secret.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def derived_signing_key(secret: str) -> str:
    """A deterministic Ed25519 seed (base64) for development and tests; never in production."""
    import base64
    import hashlib

    seed = hashlib.sha256(b"taawuniya-certificate-signing:" + secret.encode()).digest()
    return base64.b64encode(seed).decode()


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Ours, highest layer first (see DESIGN.md).
    "academy",
    "cooperatives",
    "certificates",
    "projectbank",
    "quizzes",
    "progress",
    "courses",
    "content",
    "accounts",
    # Wagtail
    "wagtail.contrib.settings",
    # Translation block by block in the admin (ar → fr / zgh / en), with its locale admin.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Login protection (lockout after repeated failures) and the optional second factor (TOTP).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Content-Security-Policy (policies below, scoped by academy.middleware.ScopedCSPMiddleware).
    "csp",
    # Background work: the Django tasks API and its database backend (worker: `db_worker`).
    "django_tasks",
    "django_tasks_db",
    # HTTP API (/api/v1/) and its OpenAPI schema, UI assets served locally (no CDN).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "academy.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Oversized uploads refused from their Content-Length, before parsing (content.uploads).
    "content.uploads.UploadLimitMiddleware",
    "academy.middleware.ScopedCSPMiddleware",
    "academy.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed here (academy/compression.py); whitenoise, above, serves static files
    # precompressed and answers before this runs.
    "academy.compression.HtmlGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "academy.api_locale.LocaleMiddleware",  # Django's, with API 404s left alone
    "content.middleware.CachedSiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AdminSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # "You earned a certificate" on the learner's next page (phone-only learners get no email).
    "certificates.middleware.CertificateNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by django-axes into the lockout answer (accounts.security).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "academy.urls"
WSGI_APPLICATION = "academy.wsgi.application"

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
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "content.context_processors.site_chrome",
                "cooperatives.context_processors.cooperative_nav",
            ],
        },
    },
]

# Database: an embedded SQLite file unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock instead of failing, and make writes start the
    # transaction at once so two "done" clicks queue rather than deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login for an account locked out by django-axes (accounts.security).
    "accounts.backends.LoginGuardBackend",
    # Django's and allauth's, loading the signed-in user in one prepared query (accounts.backends).
    "accounts.backends.ModelBackend",
    "accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Site name, phone, keyboard walks, sequences, years, repeated characters (+ leetspeak).
    {"NAME": "accounts.validators.GuessablePasswordValidator"},
]
# --- Login protection (accounts.security): django-axes counts failed logins per account (the
# login typed, normalised and hashed — never stored in clear), whether or not it exists, on
# every path that authenticates (site, Django admin, API); allauth's ACCOUNT_RATE_LIMITS below
# slows the site's form down earlier. Per account, not per address: learners share mobile NATs.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
# Hops of trusted proxies in front of the app that set X-Forwarded-For (0: use REMOTE_ADDR).
AXES_TRUSTED_PROXY_COUNT = int(os.environ.get("AXES_TRUSTED_PROXY_COUNT", "0"))
# Failures during a lockout do not extend it (no endless lock of someone else's account).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no log of successful logins (personal data, no need)
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "login", "email", "phone", "code"]
# Second factor (accounts.two_factor): TOTP for staff and trainers, optional; once enrolled it
# is asked before /cms/ and /django-admin/. True: every user who can open the CMS must enrol.
OTP_REQUIRED_FOR_ADMIN = env_bool("OTP_REQUIRED_FOR_ADMIN", False)
OTP_TOTP_ISSUER = "Taawuniya Academy"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "progress:my_learning"
LOGOUT_REDIRECT_URL = "/"

# --- Accounts (django-allauth): sign up with an email OR a Moroccan phone number. ---
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Neither email nor phone is required on its own; the sign-up form requires one of the two.
ACCOUNT_SIGNUP_FIELDS = ["email", "phone", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
}
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
# Six digits are easy to type on any phone keypad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
# Sign-up must say plainly that an email or phone is already used (issue #2), which reveals
# existence anyway; login and both password resets still answer the same for unknown accounts.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# allauth warns when no login method is a required sign-up field; ours requires "one of two".
# axes.W006 asks to lock by address too: we lock by account on purpose (accounts.security).
SILENCED_SYSTEM_CHECKS = ["account.W001", "axes.W006"]
# Where text messages go: the console in development, an in-memory outbox in tests; production
# plugs a gateway in here.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "accounts.sms.ConsoleSmsBackend")

# --- Internationalisation: Arabic first, French second. ---
# Arabic is the default on purpose: the language every learner was schooled in; a message not yet
# translated into Tamazight falls back to it (Django's fallback is the default language). English
# needs no fallback: its messages are the message ids.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", "العربية"),
    ("fr", "Français"),
    ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
    ("en", "English"),
]
# Django knows no Standard Moroccan Tamazight: teach it in place (Django binds LANG_INFO at import),
# and ship locale/zgh/LC_MESSAGES/django.mo, without which Django silently refuses the language.
LANG_INFO.setdefault(
    "zgh",
    {"bidi": False, "code": "zgh", "name": "Standard Moroccan Tamazight", "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ"},
)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats for the languages Django has none for (zgh): academy/formats/<lang>/.
FORMAT_MODULE_PATH = ["academy.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "academy" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Wagtail ---
WAGTAIL_SITE_NAME = "Taawuniya Academy"
# Staff and trainers log in like everyone else (email or phone), then reach /cms/.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt", "mp3", "ogg", "m4a"]
# Uploads (content.uploads): type checked by content, stored under generated names; documents
# served through Wagtail's view (gated by courses.wagtail_hooks), always as attachments.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "content.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "content.uploads.ImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Largest multipart request per path prefix (longest prefix wins): audio lessons in the CMS.
UPLOAD_MAX_BYTES = {"": 20 * 1024 * 1024, "/cms/": 60 * 1024 * 1024}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The CMS itself speaks Arabic, French and English (Wagtail has no Tamazight interface yet).
WAGTAILADMIN_PERMITTED_LANGUAGES = [(c, n) for c, n in LANGUAGES if c != "zgh"]
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# --- Email ---
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "academy@taawuniya.ma")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "academy"}
}


def redis_caches(url: str) -> dict:
    """The CACHES of every app server when REDIS_URL is set (django-redis).

    Shared by all app servers: tree caches and cached fragments are invalidated for all of them
    at once. Short socket timeouts and IGNORE_EXCEPTIONS: a slow or dead Redis makes cache
    misses (the database answers, /readyz reports it), never a 500."""
    options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
        "SOCKET_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5")),
        "IGNORE_EXCEPTIONS": True,
        "CONNECTION_POOL_KWARGS": {
            "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "50")),
            "health_check_interval": 30,
            "retry_on_timeout": True,
        },
    }
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "academy",
            "TIMEOUT": 300,
            "OPTIONS": options,
        },
        # Sessions under their own prefix and lifetime (two weeks, like the session cookie).
        "sessions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "academy-session",
            "TIMEOUT": 60 * 60 * 24 * 14,
            "OPTIONS": options,
        },
    }


if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(os.environ["REDIS_URL"])
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions read from Redis, written through to the database (nothing lost if Redis restarts).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

# --- Background tasks (DESIGN.md "Real components"): queued in the database, run by
# `manage.py db_worker` (`make run` starts one; production runs several on several machines).
# Enqueue from `transaction.on_commit` so a worker never sees work for a rolled-back write.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Task-queue health (academy.task_queue, /readyz, `manage.py check_tasks`): a task RUNNING longer
# than this lost its worker (longer than any task may take); a due task waiting longer than this
# means too few workers.
TASKS_STUCK_AFTER_SECONDS = int(os.environ.get("TASKS_STUCK_AFTER_SECONDS", "900"))
TASKS_MAX_LAG_SECONDS = int(os.environ.get("TASKS_MAX_LAG_SECONDS", "300"))

# --- HTTP API (academy/api.py): session auth (with CSRF) for the site, expiring revocable
# tokens for apps (accounts.tokens); throttled per user and per IP through the cache; every list
# paginated with a maximum page size; one error shape ({"error": {code, message, fields}}).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.rest.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "academy.api_throttles.PerUserThrottle",
        "academy.api_throttles.PerIpThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_RATE_USER", "1200/hour"),
        "ip": os.environ.get("API_RATE_IP", "3000/hour"),
        "login": os.environ.get("API_RATE_LOGIN", "10/min"),
        "login_account": os.environ.get("API_RATE_LOGIN_ACCOUNT", "20/hour"),
    },
    "DEFAULT_PAGINATION_CLASS": "academy.api_pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "academy.api_errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Taawuniya Academy API",
    "DESCRIPTION": (
        "Everything a learner does on the site, for apps and partners: catalogue, enrolment, "
        "lessons, progress (including offline batches), quizzes, certificates, the project bank "
        "and project plans. Authenticate with a session (site) or `Authorization: Token <key>` "
        "(apps: POST /api/v1/auth/token/)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # <id:…> (accounts.converters): an integer key of at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999999999999999999}
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["academy.api_schema.only_our_api"],
    "ENUM_NAME_OVERRIDES": {
        "LearnerStatusEnum": "accounts.constants.LearnerStatus",
        "EventResultStatusEnum": ["recorded", "duplicate", "rejected"],
    },
}
#: How long an app token lives (days) before the learner must log in again.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "90"))

# --- xAPI: learning events go out as statements to the office's Learning Record Store.
# Disabled (statements are still kept in the outbox) when XAPI_LRS_URL is unset.
XAPI_LRS_URL = os.environ.get("XAPI_LRS_URL", "")  # e.g. https://lrs.example.ma/xAPI/
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
#: The IRI that identifies the academy's activities and accounts in statements.
XAPI_PLATFORM_IRI = os.environ.get("XAPI_PLATFORM_IRI", "https://academy.taawuniya.ma")
XAPI_MAX_ATTEMPTS = int(os.environ.get("XAPI_MAX_ATTEMPTS", "8"))

# --- Certificates (certificates/): the public address printed on PDFs and QR codes and used in
# signed credentials (falls back to WAGTAILADMIN_BASE_URL); the issuing body printed on them;
# the Ed25519 signing key (base64 of the 32-byte seed, or PEM). dev/test derive a key from
# SECRET_KEY when it is unset; production refuses to start without it.
SITE_URL = os.environ.get("SITE_URL", "")
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_ISSUER = {
    "ar": "مكتب تنمية التعاون",
    "fr": "Office du Développement de la Coopération",
    "zgh": "Office du Développement de la Coopération",
    "en": "Office for the Development of Cooperation",
}
# Public verification page and credential check: requests per minute per IP address.
CERTIFICATE_VERIFY_RATE = int(os.environ.get("CERTIFICATE_VERIFY_RATE", "60"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Admin avatars are initials, not Gravatar: no staff email hash leaves for a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Content-Security-Policy (django-csp 4), in every environment so tests exercise it. The
# public site allows nothing inline but what carries the per-request nonce
# (``{{ request.csp_nonce }}``); author markdown is sanitised by nh3 and CSP is the backstop.
# Media may live on another origin (S3/CDN): CSP_MEDIA_ORIGINS, comma-separated.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
_VIDEO_EMBEDS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS],
        "media-src": [SELF, *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],  # the web app manifest (academy/web_manifest.py)
        "frame-src": [*_VIDEO_EMBEDS],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The editors' admin (Wagtail, Django admin) and the API's documentation pages (Swagger UI,
# Redoc) inline their own scripts and styles and use frames and workers: a looser policy, on
# these path prefixes only.
CSP_ADMIN_PATH_PREFIXES = ("/cms/", "/django-admin/", "/api/v1/docs/", "/api/v1/redoc/")
CSP_ADMIN_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_ORIGINS],
        "media-src": [SELF, "blob:", *_MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *_VIDEO_EMBEDS],
        "worker-src": [SELF, "blob:"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Permissions-Policy (academy.middleware.PermissionsPolicyMiddleware): nothing the site uses.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Django's request records carry the path: secrets in it redacted (academy.redaction).
    "filters": {"redact_paths": {"()": "academy.redaction.RedactPathsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's records go through the console handler above (and its filter) only: Django's
        # own handlers (console when DEBUG, runserver's request lines) print paths unredacted
        # and runserver's with their query strings.
        "django": {"level": "INFO", "handlers": []},
        "django.server": {"level": "INFO", "handlers": [], "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # Page-by-page publishing chatter and task bookkeeping are not news.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
