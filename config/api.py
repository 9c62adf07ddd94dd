"""API plumbing shared by every app: the error body, pagination, permissions.

Every error leaves the API as ``{"detail", "code"}`` plus ``"errors"`` (400)
or ``"failed_guards"`` (409), as ``API.md`` fixes.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from config.conflict import Conflict
from config.filters import MAX_INT, whole_number
from config.storage import StorageUnavailable


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``, 50 a page, ``?page_size=`` up to 200.

    ``?page=`` and ``?page_size=`` are whole numbers (``page_size`` at most 200):
    anything else is a 400 naming the parameter, never silently the default
    (DRF's own reading falls back to it); a page past the last is DRF's 404.
    The schema says the same (``minimum``, ``maximum``).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    #: No ``?page=last``: the schema says ``page`` is a whole number.
    last_page_strings = ()

    def _number(self, request, name: str, default: int, maximum: int) -> int:
        if name not in request.query_params:
            return default
        value = request.query_params[name]
        if maximum == MAX_INT:
            message = _("Give a whole number from 1.")
        else:
            message = _("Give a whole number from 1 to %(limit)s.") % {"limit": maximum}
        try:
            number = whole_number(value, message)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({name: [message]}) from exc
        if number > maximum:
            raise exceptions.ValidationError({name: [message]})
        return number

    def get_page_size(self, request) -> int:
        return self._number(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        return self._number(request, self.page_query_param, 1, MAX_INT)

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": MAX_INT},
            self.page_size_query_param: {
                "minimum": 1,
                "maximum": self.max_page_size,
                "default": self.page_size,
            },
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def _first_code(codes: Any, default: str) -> str:
    while isinstance(codes, list | dict):
        if not codes:
            return default
        codes = codes[0] if isinstance(codes, list) else next(iter(codes.values()))
    return str(codes) if codes else default


class StorageDown(exceptions.APIException):
    status_code = 503
    default_detail = _("The storage of papers and uploads is unavailable. Try again shortly.")
    default_code = "storage_unavailable"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StorageUnavailable):
        response = exception_handler(StorageDown(), context)
        response["Retry-After"] = "30"
        return response
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
