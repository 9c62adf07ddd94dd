"""Tests: in-memory SQLite (or ``DATABASE_URL``), eager Celery, locmem email."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / ".test-media")
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
