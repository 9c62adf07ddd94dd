"""Failed sign-ins, counted per account and per client address (SPEC §13).

The web sign-in (and the admin, which signs in through it) is counted by
django-allauth itself (``ACCOUNT_RATE_LIMITS["login_failed"]``); the API's token
endpoint asks :func:`signin_throttle` first, which reads the same counters
(``allauth.core.ratelimit``), and its failures are added by
:func:`signin_failed_count` (a ``user_login_failed`` receiver). So the 31st
wrong password is refused on every path, and so is the right one after it,
until the window has passed.
"""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: allauth's action for failed sign-ins.
ACTION = "login_failed"
#: The attribute :func:`signin_throttle` leaves on the request for the failure count.
_KEY_ATTRIBUTE = "plenum_signin_key"


def signin_key(request, login: str) -> str:
    """The per-account key, spelled as allauth spells it for the web sign-in
    (``tests/members/test_accounts_throttle.py`` checks the two agree)."""
    return f"{get_current_site(request).domain}:{(login or '').strip().lower()}"


def retry_after() -> int:
    """Seconds to wait when refused: the window of the sign-in limits."""
    return int(settings.PLENUM_SIGNIN_LIMITS["window"])


def throttled_message() -> str:
    minutes = max(1, round(retry_after() / 60))
    return ngettext(
        "Too many failed sign-ins. Try again in %(minutes)d minute.",
        "Too many failed sign-ins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def signin_throttle(request, login: str):
    """``None`` when ``login`` may try to sign in from this address, else a 429
    response (``{"detail", "code": "throttled"}`` with ``Retry-After``). Looks
    only; the failure itself is counted when ``authenticate`` fails."""
    key = signin_key(request, login)
    if not ratelimit.consume(request, action=ACTION, key=key, dry_run=True):
        from rest_framework.response import Response

        return Response(
            {"detail": throttled_message(), "code": "throttled"},
            status=429,
            headers={"Retry-After": str(retry_after())},
        )
    # On Django's request under DRF's, so ``authenticate(request=…)`` finds it with either.
    setattr(getattr(request, "_request", request), _KEY_ATTRIBUTE, key)
    return None


def signin_failed_count(request) -> None:
    """Count a failed sign-in of a request that :func:`signin_throttle` let through."""
    key = getattr(request, _KEY_ATTRIBUTE, None) if request is not None else None
    if key is not None:
        ratelimit.consume(request, action=ACTION, key=key)


def throttled_page(request, *, message: str | None = None, wait: int | None = None):
    """The web's 429 for failed sign-ins: the project's page, in the user's
    language, with ``Retry-After``."""
    wait = retry_after() if wait is None else wait
    response = HttpResponse(
        render_to_string("429.html", {"message": message or throttled_message()}, request=request),
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def handler429(request) -> HttpResponse:
    """allauth's other limits (``ACCOUNT_RATE_LIMITS``: sign-in posts, reset
    emails, …), named by ``config.urls.handler429``: a minute's wait."""
    return throttled_page(request, message=_("Too many requests. Try again in a minute."), wait=60)
