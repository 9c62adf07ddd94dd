"""Production: everything secret comes from the environment.

Passes ``manage.py check --deploy`` when ``DJANGO_SECRET_KEY``,
``DJANGO_ALLOWED_HOSTS`` and ``CELERY_BROKER_URL`` are set.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import DEFAULT_STORAGE, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Renders, previews and emails run in a Celery worker, never inside a request:
# a broker is required and tasks are never run eagerly.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Two-factor for the secretariat and the board; the sign-in limits must count
# across processes: a shared cache (Redis) is required.
PLENUM_REQUIRE_2FA = env.bool("PLENUM_REQUIRE_2FA", default=True)
CACHES = {"default": env.cache("CACHE_URL")}
