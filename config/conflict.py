"""The refusal every service and rule raises: 409, the current state does not allow this.

Its own module, with nothing but ``rest_framework.exceptions``: services, rules
and admin actions raise it, and importing them (a Celery worker does, at start)
must not load the API's views and serializers (``config.api``), which bring in
``requests``, ``pygments`` and the schema tooling.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status


class Conflict(exceptions.APIException):
    """409: the current state refuses the action.

    ``failed_guards`` names each guard that failed; ``extra`` adds fields to
    the body (the current section on an edit conflict, for instance).
    """

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The current state does not allow this.")
    default_code = "conflict"

    def __init__(
        self,
        detail: Any = None,
        code: str | None = None,
        *,
        failed_guards: list[str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail, code)
        self.failed_guards = list(failed_guards or [])
        self.extra = extra or {}
