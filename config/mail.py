"""A console email backend for the demo: one line per email, not the whole message.

``config.settings.local`` uses it unless ``EMAIL_URL`` says otherwise
(``EMAIL_URL=consolemail://`` prints every email in full, as Django's console
backend does).
"""

import sys
import threading

from django.core.mail.backends.base import BaseEmailBackend


class ShortConsoleBackend(BaseEmailBackend):
    """``email to rep-at@example.org: [Plenum] Consultation open: PP-2026-002 …``."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            for message in email_messages:
                recipients = ", ".join(message.recipients())
                self.stream.write(f"email to {recipients}: {message.subject}\n")
            self.stream.flush()
        return len(email_messages)
