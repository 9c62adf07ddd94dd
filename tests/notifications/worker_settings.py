"""Settings of the real Celery worker started by the notification ``worker`` test.

The test settings, except email: the worker sends through the backend
``EMAIL_URL`` names (``filemail:////tmp/dir``: a file per email), as
``config.settings.base`` reads it in any deployment.
"""

from config.settings import base
from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = base.EMAIL_BACKEND
if hasattr(base, "EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = base.EMAIL_FILE_PATH
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 5, "unacked_restore_interval": 1}
