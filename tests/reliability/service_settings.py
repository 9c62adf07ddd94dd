"""The settings of the service that ``make reliability`` runs: production's.

Production (``DEBUG`` off, a broker, never eager, a shared Redis cache, secure
cookies), with what a loopback test needs and nothing else changed: plain HTTP
(no SSL redirect), no two-factor enrolment for the test's chairs and board,
static files from the finders (no ``collectstatic`` into the tree), and a short
Redis visibility timeout so a message whose worker was killed -9 is handed to
the next worker after 10 seconds (production keeps the default hour: it must
stay above the longest retry countdown plus a render).
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
PLENUM_REQUIRE_2FA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 10, "unacked_restore_interval": 1}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
