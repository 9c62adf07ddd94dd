"""The OpenAPI schema tells the truth about errors: one place (API.md "Errors").

``AutoSchema`` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``) adds to each operation
the error statuses its endpoint can really answer, each with the one error body
of ``config.api.exception_handler`` (the ``Error`` component). It reads them off
the view, so a new endpoint is documented without a word in its ``api.py``:

- 400: always: a NUL in the query string (``config.errors.RejectNulMiddleware``),
  a bad query parameter, an unreadable or invalid body;
- 401: always: a wrong or expired ``Authorization: Token`` is refused before
  any view runs, even on an endpoint open to all; without one, any endpoint
  that needs a login;
- 403: a write that needs a login (``config.permissions.allows(...)`` or the
  service's ``rules_enforce``: the role refuses);
- 404: a path with a parameter (the object, or its parent, does not exist or
  is not yours to see), or a paginated list (a page past the last);
- 409: a write on an object (a path with a parameter): the object's state
  refuses (transitions, sections, ballots, amendments, decisions, hiding...);
- 406: any endpoint (an ``Accept`` header the API cannot answer);
- 415: an operation with a request body (a ``Content-Type`` it cannot read);
- 429 with ``Retry-After``: an endpoint with a throttle.

A status the endpoint declares itself with ``extend_schema(responses=...)`` is
kept as it is (a 409 carrying the current section, a 404 of a PDF download).
"""

import copy
from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.settings import api_settings

from config.errors import MAX_ID


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """Every error body of the API (``config.api.exception_handler``)."""

    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(help_text="A stable code: invalid, not_found, conflict, ...")
    errors = serializers.DictField(
        required=False,
        help_text="400: the field errors, ``{field: [message]}`` (nested for nested fields).",
    )
    failed_guards = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="409: the name of each guard that refused.",
    )


DESCRIPTIONS = {
    400: "Invalid input: a query parameter, the body or a field (see ``errors``).",
    401: "Not authenticated, or the token is wrong or expired.",
    403: "Authenticated, but your role does not allow this.",
    404: "It does not exist, or you may not see it.",
    406: "The ``Accept`` header asks for a type this endpoint cannot answer.",
    409: "The current state refuses this (see ``failed_guards``).",
    415: "The ``Content-Type`` of the body is not one this endpoint reads.",
    429: "Too many attempts: try again after ``Retry-After`` seconds.",
}


def _paginated(operation: dict[str, Any]) -> bool:
    """A page-number list (``config.api.Pagination``): a page past the last is a 404."""
    return any(
        p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", [])
    )


class AutoSchema(BaseAutoSchema):
    def error_statuses(self, operation: dict[str, Any]) -> list[int]:
        """The error statuses this operation can answer (the module's docstring)."""
        view, method = self.view, self.method.upper()
        has_path_params = "{" in self.path
        permissions = view.get_permissions()
        open_to_all = all(isinstance(p, AllowAny) for p in permissions)
        writes = method not in SAFE_METHODS

        statuses = [400, 401, 406]
        if writes and not open_to_all:
            statuses.append(403)
        if has_path_params or _paginated(operation):
            statuses.append(404)
        if writes and has_path_params:
            statuses.append(409)
        if "requestBody" in operation:
            statuses.append(415)
        if view.get_throttles():
            statuses.append(429)
        return statuses

    def map_parsers(self) -> list[str]:
        """A body is JSON (API.md): where a view keeps the default parsers, the schema
        says JSON only. The form parsers stay for the browsable API, but a form cannot
        say ``null`` or a number, so a client must not be told to use them. A view with
        parsers of its own (an upload) documents those."""
        media_types = super().map_parsers()
        defaults = list(api_settings.DEFAULT_PARSER_CLASSES)
        if list(self.view.parser_classes) == defaults and "application/json" in media_types:
            return ["application/json"]
        return media_types

    def _patch_required(self, operation: dict[str, Any]) -> None:
        """drf-spectacular reads a PATCH body as DRF's ``partial=True`` would, every
        field optional; our views build the serializer themselves and mark optional
        fields ``required=False``, so a field left required (a section's
        ``revision``) is required in the schema too."""
        serializer = self.get_request_serializer()
        if isinstance(serializer, type):
            serializer = serializer()
        if not isinstance(serializer, serializers.Serializer):
            return
        required = [
            name
            for name, field in serializer.fields.items()
            if field.required and not field.read_only
        ]
        if not required:
            return
        partial = copy.copy(serializer)
        partial.partial = True
        component = self.resolve_serializer(partial, "request")
        component.schema["required"] = required
        operation.get("requestBody", {})["required"] = True

    def _filter_bounds(self, operation: dict[str, Any]) -> None:
        """A list's query parameters say the bounds their filter checks: a filter's
        ``openapi`` (``config.filters``: ids and numbers from 1; never null, a query
        string cannot say it) and ``max_length``."""
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return
        filters = filterset_class.base_filters
        for parameter in operation.get("parameters", []):
            found = filters.get(parameter["name"]) if parameter["in"] == "query" else None
            if found is None:
                continue
            if getattr(found, "openapi", None):  # in place of the model field's guess
                parameter["schema"] = dict(found.openapi)
            if found.extra.get("max_length"):
                parameter["schema"]["maxLength"] = found.extra["max_length"]

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # ``<int:…>`` takes digits only; past MAX_ID is a 404 (RejectHugeIdMiddleware).
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                parameter["schema"].update({"minimum": 0, "maximum": MAX_ID})
        self._filter_bounds(operation)
        if self.method.upper() == "PATCH":
            self._patch_required(operation)
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        responses = operation.setdefault("responses", {})
        for status in self.error_statuses(operation):
            if str(status) in responses:
                continue
            response: dict[str, Any] = {
                "description": DESCRIPTIONS[status],
                "content": {"application/json": {"schema": error}},
            }
            if status == 429:
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before trying again.",
                    }
                }
            responses[str(status)] = response
        operation["responses"] = dict(sorted(responses.items()))
        return operation
