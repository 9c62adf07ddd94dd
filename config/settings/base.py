"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment (django-environ) with a default that runs on one laptop: SQLite,
eager Celery, console email. Set ``DATABASE_URL`` and ``CELERY_BROKER_URL`` to
run the same code on PostgreSQL, Redis and real workers.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me-in-production-plenum")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
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
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    # Plenum, in import order: members <- proposals <- consultations, voting
    # <- papers <- notifications <- workflow.
    "members",
    "proposals",
    "consultations",
    "voting",
    "papers",
    "notifications",
    "workflow",
]

MIDDLEWARE = [
    "config.errors.RejectNulMiddleware",
    "config.errors.RejectHugeIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    # Server-side parameter binding lets psycopg prepare the statements a
    # request repeats (auth, ballot upsert): less planning per request.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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

#: Name printed on papers and emails.
PLENUM_NETWORK_NAME = env(
    "PLENUM_NETWORK_NAME", default="European Network of Social Integration Enterprises"
)
#: Absolute base of links in emails and feeds.
PLENUM_BASE_URL = env("PLENUM_BASE_URL", default="http://127.0.0.1:8000")

# --- Static and media -------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
    # Papers still pending ten minutes after they were asked for: queue their render again.
    "papers-requeue": {"task": "papers.tasks.papers_requeue_pending", "schedule": 600.0},
}

# --- REST framework ---------------------------------------------------------
REST_FRAMEWORK = {
    # JSON nested at most 50 deep, no NUL (SPEC §14): config/parsers.py.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
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
