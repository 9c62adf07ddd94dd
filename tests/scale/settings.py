"""Settings of the servers and workers ``make scale-out`` starts: production's, as a
deploy runs them (``docs/DEPLOY.md``), with three test-only changes:

- static files without a manifest (production's needs ``collectstatic`` first);
- emails written to files under ``SCALE_MAIL_DIR``, one per message, where the
  test counts them;
- logs at WARNING.
"""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SCALE_MAIL_DIR"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
