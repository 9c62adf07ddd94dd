"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment (django-environ) with a default that runs on one laptop: SQLite,
eager Celery, console email. Set ``DATABASE_URL`` and ``CELERY_BROKER_URL`` to
run the same code on PostgreSQL, Redis and real workers.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.conf import locale as django_locale
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me-in-production-plenum")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# A form refused for its stale token (signed in again in another tab) keeps its text.
CSRF_FAILURE_VIEW = "config.drafts.csrf_failure"

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: its TranslationAdmin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "rest_framework",
    "knox",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Plenum, in import order: members <- proposals <- consultations, voting
    # <- papers <- notifications <- workflow.
    "members",
    "proposals",
    "consultations",
    "voting",
    "translations",
    "papers",
    "eu",
    "notifications",
    "workflow",
]

MIDDLEWARE = [
    "config.errors.RejectNulMiddleware",
    "config.errors.RejectHugeIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ``Idempotency-Key`` on API writes: a repeat acts once (after authentication).
    "config.idempotency.IdempotencyMiddleware",
    # After messages: sends the secretariat and the board to enrol in 2FA (PLENUM_REQUIRE_2FA).
    "members.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests on one laptop: WAL lets readers run beside the one
    # writer, IMMEDIATE takes the write lock at BEGIN so two writers queue on
    # busy_timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side parameter binding, and psycopg preparing a statement once a
    # connection has run it 5 times (Django turns that off unless told): the
    # server plans a request's repeated queries once per connection (the
    # proposal's ~100-column join: 1.1 ms of planning for 0.5 ms of work).
    # Behind a pooler in transaction mode without prepared-statement support,
    # set DATABASE_PREPARE_THRESHOLD=0 (off).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["server_side_binding"] = env.bool("DATABASE_SERVER_SIDE_BINDING", default=True)
    options["prepare_threshold"] = env.int("DATABASE_PREPARE_THRESHOLD", default=5) or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Username or email (a ModelBackend underneath): django-allauth's, reading the
    # session's user with the organisation and the board role (members/backends.py).
    "members.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- Accounts: django-allauth (sign-in, reset, 2FA), invitations (SPEC §13) -----
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# No public sign-up (the adapter closes it): people come by invitation.
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Plenum: "
ACCOUNT_FORMS = {"login": "members.forms.SignInForm"}
#: Failed sign-ins allowed per account and per client address within ``window``
#: seconds, on the web, the admin (through the web sign-in) and the token endpoint.
PLENUM_SIGNIN_LIMITS = {
    "per_account": env.int("PLENUM_SIGNIN_LIMIT_PER_ACCOUNT", default=30),
    "per_address": env.int("PLENUM_SIGNIN_LIMIT_PER_ADDRESS", default=100),
    "window": env.int("PLENUM_SIGNIN_LIMIT_WINDOW", default=900),
}
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{PLENUM_SIGNIN_LIMITS['per_address']}/{PLENUM_SIGNIN_LIMITS['window']}s/ip,"
        f"{PLENUM_SIGNIN_LIMITS['per_account']}/{PLENUM_SIGNIN_LIMITS['window']}s/key"
    ),
    "login": "60/m/ip",
}
#: Proxies in front of the app that append to X-Forwarded-For (the client address
#: of the per-address limit); 0 reads REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("PLENUM_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Plenum"
#: The secretariat and the board must enrol in two-factor authentication before
#: they act (on in production, off on a laptop and in the demo).
PLENUM_REQUIRE_2FA = env.bool("PLENUM_REQUIRE_2FA", default=False)
#: Days an invitation link stays valid.
PLENUM_INVITATION_DAYS = 7
#: List the demo logins on the sign-in page (``make run``'s demo only).
PLENUM_DEMO = env.bool("PLENUM_DEMO", default=False)

# --- Cache: allauth's rate limits count in it, so every process must share it
# in production (``CACHE_URL=redis://127.0.0.1:6379/1``). -----------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
#: European date formats in English and French ("1 Dec 2026, 23:05", "1er décembre 2026").
FORMAT_MODULE_PATH = ["config.formats"]

#: Languages a position paper can be rendered in (the EU's official languages).
PAPER_LANGUAGES = [
    ("bg", "Български"), ("cs", "Čeština"), ("da", "Dansk"), ("de", "Deutsch"),
    ("el", "Ελληνικά"), ("en", "English"), ("es", "Español"), ("et", "Eesti"),
    ("fi", "Suomi"), ("fr", "Français"), ("ga", "Gaeilge"), ("hr", "Hrvatski"),
    ("hu", "Magyar"), ("it", "Italiano"), ("lt", "Lietuvių"), ("lv", "Latviešu"),
    ("mt", "Malti"), ("nl", "Nederlands"), ("pl", "Polski"), ("pt", "Português"),
    ("ro", "Română"), ("sk", "Slovenčina"), ("sl", "Slovenščina"), ("sv", "Svenska"),
]  # fmt: skip

#: Names of the reference data in every paper language (django-modeltranslation):
#: ``WorkingGroup.name`` and ``Procedure.name`` get a column per language
#: (``name_en``, ``name_fr``…); reading ``name`` gives the active language's,
#: else the English one. ``default`` population: ``create(name=…)`` fills ``name_en``
#: as well as the active language's, so no row is ever without its English name.
# Django knows every paper language but Maltese (``get_language_info``, used by the admin).
django_locale.LANG_INFO.setdefault(
    "mt", {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"}
)
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in PAPER_LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = "default"

#: Name printed on papers and emails.
PLENUM_NETWORK_NAME = env(
    "PLENUM_NETWORK_NAME", default="European Network of Social Integration Enterprises"
)
#: Absolute base of links in emails and feeds.
#: The EU "Have your say" portal's limits (SPEC §12).
PLENUM_EU_FEEDBACK_LIMIT = env.int("PLENUM_EU_FEEDBACK_LIMIT", default=4000)
PLENUM_EU_ATTACHMENT_LIMIT_MB = env.int("PLENUM_EU_ATTACHMENT_LIMIT_MB", default=5)

PLENUM_BASE_URL = env("PLENUM_BASE_URL", default="http://127.0.0.1:8000")

# --- Static and media -------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
#: Where papers and uploads (the network's logo) live: ``filesystem`` (MEDIA_ROOT, one
#: host) or ``s3`` (an S3-compatible object store every web and worker host shares).
#: The code only uses Django's storage API, so this setting alone picks the backend.
PLENUM_STORAGE = env.str("PLENUM_STORAGE", default="filesystem")
if PLENUM_STORAGE == "s3":
    # django-storages; credentials as boto3 reads them (AWS_ACCESS_KEY_ID,
    # AWS_SECRET_ACCESS_KEY, or the host's role). Files are private: links are
    # signed for AWS_QUERYSTRING_EXPIRE seconds. No overwrite: a second file of the
    # same name gets a suffix, as on the filesystem (a replaced logo is deleted
    # after commit, never overwritten before it).
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "location": env.str("AWS_LOCATION", default=""),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            "file_overwrite": False,
        },
    }
elif PLENUM_STORAGE == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ValueError(f"PLENUM_STORAGE must be 'filesystem' or 's3', not {PLENUM_STORAGE!r}.")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email ------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
#: Seconds before an unresponsive SMTP server counts as a failed send (retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# ``filemail:////var/mail/plenum`` (four slashes: an absolute path) writes each email to a file.
if _email.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Plenum <plenum@example.org>")

# --- Celery -----------------------------------------------------------------
_broker = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# Without a broker, tasks run in-process (one laptop, tests).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not _broker)
# Eager tasks still take a producer from the pool: an in-memory transport, not an
# empty URL that kombu would warn about ("No hostname was supplied").
CELERY_BROKER_URL = _broker or "memory://localhost//"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # ``make run``: a broker that needs no server. Messages are files in one
    # folder that the web server and beat write and the worker reads; the
    # folders are created here so a fresh clone runs as it is. This transport
    # has no acknowledgements: a worker killed mid-task loses the message, and
    # the beat's safety nets (``papers-requeue``, ``notifications-requeue``)
    # queue the work again.
    _broker_dir = env.path("PLENUM_BROKER_DIR", default=BASE_DIR / ".run" / "broker")
    for _folder in ("queue", "control"):
        (Path(_broker_dir) / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(Path(_broker_dir) / "queue"),
        "data_folder_out": str(Path(_broker_dir) / "queue"),
        "control_folder": str(Path(_broker_dir) / "control"),
        "store_processed": False,
        # Seconds between two looks at the folder when it is empty.
        "polling_interval": 0.25,
    }
    CELERY_BEAT_SCHEDULE_FILENAME = str(Path(_broker_dir) / "celerybeat-schedule")
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis hands a message not yet acknowledged (``acks_late``: running, or a retry
    # waiting for its countdown in the worker) to another worker after this many
    # seconds: keep it above the longest retry wait (``PLENUM_TASK_RETRY``) plus the
    # longest task, or a message runs twice. RabbitMQ needs no such setting (its
    # ``consumer_timeout``, 30 min by default, bounds the same wait). docs/DEPLOY.md.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_REDIS_VISIBILITY_TIMEOUT", default=3600)
    }
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
#: Durable tasks (``config.tasks.DurableTask``): how many tries in all, and the
#: waits between them (``base_delay`` seconds, doubling, capped at ``max_delay``).
#: A real worker waits; eager mode retries at once.
PLENUM_TASK_RETRY = {
    # A paper's render: four tries, waits of 10 s, 20 s, 40 s.
    "paper_render": {"max_attempts": 4, "base_delay": 10, "max_delay": 300},
    # Recording a transition's emails: six tries, waits of 10 s, 20 s, 40 s, 80 s, 160 s.
    "notify_transition": {"max_attempts": 6, "base_delay": 10, "max_delay": 600},
    # An email: five tries (the row's ``attempts``), waits of 30 s, 60 s, 120 s, 240 s.
    "notification_send": {"max_attempts": 5, "base_delay": 30, "max_delay": 600},
}
CELERY_BEAT_SCHEDULE = {
    "close-due-deadlines": {"task": "workflow.tasks.close_due", "schedule": 60.0},
    # Reminders 48 hours before a consultation or vote closes (each sent once).
    "send-reminders": {"task": "notifications.tasks.send_reminders", "schedule": 300.0},
    # Emails whose send was never queued or was lost: queue again / record as failed.
    "notifications-requeue": {
        "task": "notifications.tasks.notifications_requeue",
        "schedule": 600.0,
    },
    # Papers still pending ten minutes after they were asked for, or still rendering
    # fifteen minutes after their render started (a lost worker): queue their render again.
    "papers-requeue": {"task": "papers.tasks.papers_requeue_pending", "schedule": 600.0},
    # Idempotency keys older than 24 hours, web form claims older than PLENUM_FORM_CLAIM_DAYS.
    "idempotency-prune": {"task": "config.idempotency.prune", "schedule": 3600.0},
}
#: Task modules outside the apps' ``tasks.py``.
CELERY_IMPORTS = ["config.idempotency"]
#: How long an API ``Idempotency-Key`` is remembered (API.md: 24 hours).
PLENUM_IDEMPOTENCY_HOURS = 24
#: How long a web form's one-time token is remembered (``config.once``): a form
#: left open longer and sent again acts again.
PLENUM_FORM_CLAIM_DAYS = 7

# --- REST framework ---------------------------------------------------------
REST_FRAMEWORK = {
    # JSON nested at most 50 deep, no NUL (SPEC §14): config/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# --- Headers: Content-Security-Policy (django-csp) and Permissions-Policy ------
# Scripts and styles come from our own static files; an inline one needs the
# request's nonce (``nonce="{{ request.csp_nonce }}"``); style attributes are not
# allowed (use a class). The Swagger page has its own rule (config/urls.py).
# templates/500.html and 503.html are rendered without a request: their one <style> is allowed by
# its hash (tests/test_headers.py checks it still matches).
ERROR_PAGE_STYLE_HASH = "'sha256-672hXZ2etSbQoQYcHaPSp/llTpBJhns5FluDiSrEw9s='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, ERROR_PAGE_STYLE_HASH],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PLENUM_STORAGE == "s3":
    # Pages show the logo from the object store (its signed URL): allow that origin.
    _options = DEFAULT_STORAGE["OPTIONS"]
    if _options["custom_domain"]:
        _media_origin = f"https://{_options['custom_domain']}"
    elif _options["endpoint_url"]:
        _media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(_options["endpoint_url"]))
    else:
        _media_origin = f"https://{_options['bucket_name']}.s3.amazonaws.com"
    #: The origin of the storage's URLs (set it when a proxy or CDN serves them).
    PLENUM_MEDIA_ORIGIN = env.str("PLENUM_MEDIA_ORIGIN", default=_media_origin)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(PLENUM_MEDIA_ORIGIN)
#: No page needs a device feature: every one is off, for us and for anything embedded.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}

# --- API tokens (django-rest-knox, SPEC §13) ------------------------------------
# Hashed (SHA-512) and expiring; a user may choose an earlier expiry, never a later one.
KNOX_TOKEN_MODEL = "members.ApiToken"
# knox's own migrations would make its unused ``knox_authtoken`` table (their state
# does not know the model is swapped), whose foreign key to users breaks ``flush``.
MIGRATION_MODULES = {"knox": None}
PLENUM_TOKEN_TTL = env.int("PLENUM_TOKEN_TTL", default=90)  # days
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=PLENUM_TOKEN_TTL),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
#: ``last_used_at`` is written at most once in this many seconds per token.
PLENUM_TOKEN_LAST_USED_STEP = 60

SPECTACULAR_SETTINGS = {
    "TITLE": "Plenum API",
    "DESCRIPTION": "Consultation, voting and position papers of the network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AmendmentKindEnum": "consultations.models.AmendmentKind",
        "AmendmentStatusEnum": "consultations.models.AmendmentStatus",
        "AmendmentDecisionEnum": "consultations.models.AmendmentDecision",
        "BoardDecisionEnum": "proposals.models.BoardDecision.Decision",
        "TranslationStatusEnum": "translations.status.LANGUAGE_STATUSES",
        "TranslationUnitStatusEnum": "translations.status.UNIT_STATUSES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
