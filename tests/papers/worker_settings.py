"""Settings of the real Celery worker started by the ``worker`` tests.

The test settings, plus a short Redis visibility timeout: a message whose
worker was killed (unacknowledged, ``acks_late``) is handed to the next
worker after 10 seconds instead of the default hour. (In production the
timeout must stay above the longest retry countdown plus a render, or the
broker hands out copies of messages still waiting or running: the default
hour is right.)
"""

from config.settings.test import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 10, "unacked_restore_interval": 1}
