"""API plumbing shared by every app: the error body, pagination, permissions.

Every error leaves the API as ``{"detail", "code"}`` plus ``"errors"`` (400)
or ``"failed_guards"`` (409), as ``API.md`` fixes.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``, 50 a page, ``?page_size=`` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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


def _first_code(codes: Any, default: str) -> str:
    while isinstance(codes, list | dict):
        if not codes:
            return default
        codes = codes[0] if isinstance(codes, list) else next(iter(codes.values()))
    return str(codes) if codes else default


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc.args[0]) if exc.args else None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors if isinstance(errors, list) else [errors]}
        body: dict[str, Any] = {
            "detail": str(_("Invalid input.")),
            "code": "invalid",
            "errors": errors,
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        if isinstance(detail, dict | list):
            detail = str(next(iter(detail.values())) if isinstance(detail, dict) else detail[0])
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {"detail": str(detail), "code": _first_code(code, "error")}
        if isinstance(exc, Conflict):
            body["failed_guards"] = exc.failed_guards
            body.update(exc.extra)
    response.data = body
    return response
