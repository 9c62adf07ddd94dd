"""``Idempotency-Key`` on API writes (API.md, SPEC §14): a repeat acts once.

A ``POST``, ``PUT`` or ``PATCH`` under ``/api/v1/`` may carry an
``Idempotency-Key`` header (1 to 255 visible ASCII characters). The
middleware claims the key for the authenticated user (a
``members.IdempotencyKey`` row, unique per user and key) in the same
transaction as the view, as ``config.once.acts_once`` does for web forms:

- the request that acted, answered with a 2xx, keeps its claim with its
  status, content type and body;
- a request that did not act (any other answer, or an exception) gives its
  claim back, so the client may send it again;
- a repeat within ``PLENUM_IDEMPOTENCY_HOURS`` (24) by the same user with the
  same key, method, path, query and body is not run: it gets the first answer
  again, with ``Idempotent-Replayed: true``;
- the same key with another request is a 409 ``idempotency_key_reused``,
  nothing done;
- two repeats at the same moment are decided by the unique constraint: the
  second waits for the first one's transaction, then is answered as a repeat.

A request without the header, or whose user is not authenticated (the view
answers 401), is run as before. ``prune`` (a beat task, hourly) deletes keys
older than 24 hours and web form claims older than
``PLENUM_FORM_CLAIM_DAYS``.

The user is found with the API's own authentication classes (a token or the
session); the view authenticates again as usual. Written here rather than
taken from a library: the packages that do this for DRF cache responses by
key only, without the per-user, same-transaction claim that makes two
concurrent repeats act once.
"""

import hashlib
import logging
import re
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings

from config.errors import api_error

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
METHODS = ("POST", "PUT", "PATCH")
PREFIX = "/api/v1/"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
#: Answers larger than this are not kept (the claim is given back).
BODY_MAX_CHARS = 1_000_000


def _hours() -> int:
    return getattr(settings, "PLENUM_IDEMPOTENCY_HOURS", 24)


def _user(request):
    """The API user of ``request`` (token or session), or ``None``."""
    drf_request = Request(
        request, authenticators=[cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    )
    try:
        user = drf_request.user
    except exceptions.APIException:
        return None
    return user if user is not None and user.is_authenticated else None


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record) -> HttpResponse:
    response = HttpResponse(
        record.body, status=record.status_code, content_type=record.content_type or None
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _answer_repeat(record, fingerprint: str) -> HttpResponse:
    if record.request_sha256 != fingerprint:
        return api_error(
            409,
            _(
                "This Idempotency-Key was already used for a different request "
                "(another method, address or body): use a new key."
            ),
            "idempotency_key_reused",
        )
    if record.status_code is None:  # cannot happen once committed; be safe
        return api_error(409, _("A request with this Idempotency-Key is in progress."), "conflict")
    return _replay(record)


def _keep(record, response) -> bool:
    """Store a 2xx answer on its claim; ``False`` if it cannot be kept."""
    if not 200 <= response.status_code < 300 or response.streaming:
        return False
    try:
        body = response.content.decode(response.charset or "utf-8")
    except UnicodeDecodeError:
        return False
    if len(body) > BODY_MAX_CHARS:
        return False
    record.status_code = response.status_code
    record.content_type = response.get("Content-Type", "")[:200]
    record.body = body
    record.save(update_fields=["status_code", "content_type", "body"])
    return True


class IdempotencyMiddleware:
    """See the module's docstring. Place it after ``AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method not in METHODS or not request.path.startswith(PREFIX):
            return self.get_response(request)
        if not _KEY.fullmatch(key):
            return api_error(
                400,
                _("The Idempotency-Key header must be 1 to 255 visible ASCII characters."),
                "invalid",
            )
        user = _user(request)
        if user is None:
            return self.get_response(request)
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            return self.get_response(request)  # answered as any oversized body
        return self._once(request, user, key, fingerprint)

    def _once(self, request, user, key: str, fingerprint: str):
        from members.models import IdempotencyKey

        claims = IdempotencyKey.objects.filter(user=user, key=key)
        cutoff = timezone.now() - timedelta(hours=_hours())
        earlier = claims.first()
        if earlier is not None and earlier.created_at >= cutoff:
            return _answer_repeat(earlier, fingerprint)
        with transaction.atomic():
            claims.filter(created_at__lt=cutoff).delete()  # an expired use of the key
            try:
                with transaction.atomic():
                    # Waits for a concurrent request with the same key to finish.
                    claim = IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        method=request.method,
                        path=request.path[:2000],
                        request_sha256=fingerprint,
                    )
            except IntegrityError:
                claim = None
            if claim is not None:
                response = self.get_response(request)
                if not _keep(claim, response):
                    claim.delete()
                return response
        return _answer_repeat(claims.get(), fingerprint)


def prune(*, now=None) -> dict[str, int]:
    """Delete idempotency keys older than 24 hours and web form claims older than
    ``PLENUM_FORM_CLAIM_DAYS``: how many of each."""
    from members.models import FormClaim, IdempotencyKey

    now = now or timezone.now()
    keys, _detail = IdempotencyKey.objects.filter(
        created_at__lt=now - timedelta(hours=_hours())
    ).delete()
    days = getattr(settings, "PLENUM_FORM_CLAIM_DAYS", 7)
    claims, _detail = FormClaim.objects.filter(claimed_at__lt=now - timedelta(days=days)).delete()
    return {"idempotency_keys": keys, "form_claims": claims}


@shared_task(name="config.idempotency.prune")
def prune_task() -> dict[str, int]:
    """Beat, hourly: ``prune``."""
    return prune()
