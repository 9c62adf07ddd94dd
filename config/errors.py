"""Errors outside the views, answered as their callers expect (SPEC §10, §14):
under ``/api/`` the API's body ``{"detail", "code"}``, elsewhere a page.

- ``RejectNulMiddleware``: a NUL character in the path or the query string is a 400
  before any view or database sees it (PostgreSQL refuses NUL in text: a 500 else).
- ``RejectHugeIdMiddleware``: a number in the path past any id column
  (``/api/v1/proposals/99999999999999999999/``) is a 404 before any query
  (SQLite raises ``OverflowError`` on a foreign key lookup with it: a 500 else).
- ``handler400`` / ``handler404``: Django's own 400 (a body over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``, a bad Host) and 404 (no URL matched, a path
  converter refused ``-1``) in the API's shape under ``/api/``.
- ``handler500``: the database unreachable (``OperationalError``,
  ``InterfaceError``: PostgreSQL restarting, a connection lost) or the cache
  (Redis: the sign-in limits are counted there) is a 503 with
  ``Retry-After``, ``{"detail", "code": "unavailable"}`` under ``/api/`` and a
  plain page (no template context, no query) elsewhere; anything else is the 500
  page. Django calls it inside its ``except``, so the error is ``sys.exc_info()``.
  The request's transaction was rolled back: nothing of it is saved.
"""

import sys
from urllib.parse import unquote

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            detail = _("The address may not contain NUL characters.")
            if _is_api(request):
                return api_error(400, detail, "invalid")
            return HttpResponseBadRequest(
                render_to_string("400.html", {"detail": detail}, request=request)
            )
        return self.get_response(request)


#: The largest id a path may carry: a 64-bit signed column (``BigAutoField``).
MAX_ID = 2**63 - 1


class RejectHugeIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        numbers = [v for v in (*view_args, *view_kwargs.values()) if isinstance(v, int)]
        if any(number > MAX_ID for number in numbers):
            return page_not_found(request)
        return None


def bad_request(request, exception=None):
    if _is_api(request):
        return api_error(
            400, _("The request could not be read (too large or malformed)."), "bad_request"
        )
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    """The 403 page; refused on a proposal's sub-page (edit, add a section, …) it offers
    the way back to the proposal itself, which the person may still read."""
    if _is_api(request):
        return defaults.permission_denied(request, exception)
    match = request.resolver_match
    pk = match.kwargs.get("pk") if match else None
    back_url = None
    if pk and request.path.startswith("/proposals/") and match.url_name != "proposal-detail":
        back_url = reverse("proposal-detail", args=[pk])
    context = {"exception": str(exception) if exception else "", "back_url": back_url}
    return HttpResponseForbidden(render_to_string("403.html", context, request=request))


def page_not_found(request, exception=None):
    if _is_api(request):
        return api_error(404, _("Not found."), "not_found")
    return defaults.page_not_found(request, exception)


#: Seconds a client is told to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 5

#: What an unreachable backing service raises: the database; the cache (Redis).
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def server_error(request, *args, **kwargs):
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        if _is_api(request):
            response = api_error(
                503,
                _("The service is briefly unavailable; nothing was saved. Try again shortly."),
                "unavailable",
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, *args, **kwargs)
