"""One laptop: DEBUG on, SQLite file, eager Celery, console email."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
