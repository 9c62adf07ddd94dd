"""One laptop: DEBUG on, SQLite file, eager Celery, console email.

The log keeps warnings and errors (and runserver's request lines); set
``DJANGO_LOG_LEVEL=INFO`` to see each task, transition and render. An email
prints as one line (``config.mail.ShortConsoleBackend``) unless ``EMAIL_URL`` is set.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# With DEBUG off (``make run``: the demo as a visitor sees it, styled 404 page
# included) WhiteNoise serves static/ as it is, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

#: The demo (``make run``): its logins are listed on the sign-in page.
PLENUM_DEMO = env.bool("PLENUM_DEMO", default=True)

if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "config.mail.ShortConsoleBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        # One INFO line per eager task ("Task … succeeded"): ~550 for the demo alone.
        "celery": {"level": env("DJANGO_LOG_LEVEL", default="WARNING")},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
