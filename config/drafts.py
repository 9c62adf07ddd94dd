"""Text sent when it could not be saved is kept, not lost (SPEC §14).

A chair writes a long section at night; meanwhile the session ends (it
expired, or they signed out in another tab) and they press Save. Two answers
used to lose the text:

- signed out: ``login_required`` sent them to the sign-in page, the post gone;
- signed out and in again in another tab: signing in renews the CSRF token,
  so the old tab's form was refused with Django's bare "CSRF verification
  failed" page.

:func:`signin_keeps_text` (in place of ``login_required`` on a form page)
keeps what was sent in the session, under the form page's address, and sends
the person to sign in with a message saying so; the form page, shown again
once they are signed in, starts from that text (:func:`draft_take`), with a
message that it is not saved yet. Nothing is saved without the person
pressing Save again: a section's hidden revision comes back too, so a save
made meanwhile by someone else still shows the conflict with both texts.

:func:`csrf_failure` (``CSRF_FAILURE_VIEW``) does the same for a stale token,
but only for a post the browser says came from this site (its ``Origin``
header, which a page elsewhere cannot set): a forged post is refused as
before, and kept nowhere.

A draft is kept ``KEEP_SECONDS`` (an hour), at most ``KEEP_DRAFTS`` at once,
and is shown once, and only to the person the form was shown to: every form
carries who that was (``writer_input``, signed, beside the one-time token), so on
a shared computer the next person to sign in never sees a text someone else
typed. A post without a valid writer (an old page, a forged field) keeps nothing.

What the messages call the post is the page's :class:`Words`: a text that was
not saved (:data:`TEXT`, the default) or a ballot that was not cast
(:data:`BALLOT`, the vote page: ``signin_keeps_text(words=BALLOT)``) or a mandate
not changed (:data:`MANDATE`, the mandate page).
"""

import time
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpResponseForbidden, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SESSION_KEY = "plenum_drafts"
KEEP_SECONDS = 3600
KEEP_DRAFTS = 5
#: The hidden field that says whom the form was shown to (``writer_input``).
WRITER_FIELD = "writer"
_WRITER = signing.Signer(salt="config.drafts.writer")
#: Fields never kept: the next rendering of the form makes its own.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "once", WRITER_FIELD})


@dataclass(frozen=True)
class Words:
    """What the messages about a kept post say it was: each a lazy translation."""

    #: signed out, the post kept for after the sign-in
    kept: str
    #: signed out, nothing kept (nothing typed, no valid writer)
    not_kept: str
    #: the form shown again from the kept post (:func:`draft_take`)
    restored: str
    #: a stale CSRF token from this site's own page, the post kept
    expired: str


#: A text that could not be saved: sections, proposals, comments, notes, translations.
TEXT = Words(
    kept=gettext_lazy(
        "You were signed out, so nothing was saved. Sign in again: "
        "you will come back to the form with your text."
    ),
    not_kept=gettext_lazy("You were signed out, so nothing was saved."),
    restored=gettext_lazy(
        "This is the text you sent when it could not be saved. It is not saved yet: "
        "check it, then save."
    ),
    expired=gettext_lazy(
        "The form had expired (you had signed in again, perhaps in another tab), "
        "so nothing was saved. Your text is back in the form."
    ),
)

#: A ballot that could not be cast (the vote page): nothing is cast until pressed again.
BALLOT = Words(
    kept=gettext_lazy(
        "You were signed out, so your ballot was not cast. Sign in again: "
        "you will come back to the vote with your choice, to check it and cast it."
    ),
    not_kept=gettext_lazy("You were signed out, so your ballot was not cast."),
    restored=gettext_lazy(
        "This is the ballot you sent when it could not be cast. It is not cast yet: "
        "check it, then press the button to cast it."
    ),
    expired=gettext_lazy(
        "The form had expired (you had signed in again, perhaps in another tab), "
        "so your ballot was not cast."
    ),
)


#: A mandate that could not be given (the mandate page): nothing changes until pressed again.
MANDATE = Words(
    kept=gettext_lazy(
        "You were signed out, so the mandate was not changed. Sign in again: "
        "you will come back to the mandate page with your choice."
    ),
    not_kept=gettext_lazy("You were signed out, so the mandate was not changed."),
    restored=gettext_lazy(
        "This is the choice you sent when it could not be saved. Nothing is changed yet: "
        "check it, then press the button again."
    ),
    expired=gettext_lazy(
        "The form had expired (you had signed in again, perhaps in another tab), "
        "so the mandate was not changed. Your choice is back in the form."
    ),
)


def writer_input(user) -> str:
    """The hidden field naming, signed, the signed-in ``user`` a form is shown to."""
    if not user.is_authenticated:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', WRITER_FIELD, _WRITER.sign(str(user.pk))
    )


def _writer(request) -> int | None:
    """Whom the posted form was shown to, if its field is ours and intact."""
    try:
        return int(_WRITER.unsign(request.POST.get(WRITER_FIELD, "")))
    except (signing.BadSignature, ValueError):
        return None


def draft_keep(request, page: str) -> bool:
    """Keep what ``request`` posted for the form at ``page``, for the person it was
    shown to; False when nothing was kept (nothing typed, or no valid writer)."""
    data = {k: v for k, v in request.POST.lists() if k not in NOT_KEPT}
    writer = _writer(request)
    if writer is None:
        return False
    if not any(any(value.strip() for value in values) for values in data.values()):
        return False
    now = time.time()
    drafts = {
        path: draft
        for path, draft in request.session.get(SESSION_KEY, {}).items()
        if now - draft["at"] < KEEP_SECONDS and path != page
    }
    drafts[page] = {"at": now, "data": data, "writer": writer}
    newest = sorted(drafts.items(), key=lambda item: item[1]["at"])[-KEEP_DRAFTS:]
    request.session[SESSION_KEY] = dict(newest)
    return True


def draft_take(request, *, notify: bool = True, words: Words = TEXT) -> QueryDict | None:
    """The text kept for this address (once), as a ``QueryDict`` to bind a form to; else None.

    ``notify``: say so with ``words.restored`` (a page that may still refuse to put the
    post back, the vote page, says itself what it did)."""
    drafts = request.session.get(SESSION_KEY)
    if not drafts or request.path not in drafts:
        return None
    draft = drafts.pop(request.path)
    request.session[SESSION_KEY] = drafts
    if time.time() - draft["at"] >= KEEP_SECONDS or draft.get("writer") != request.user.pk:
        return None  # too old, or typed by someone else on this computer: dropped
    data = QueryDict(mutable=True)
    for key, values in draft["data"].items():
        data.setlist(key, values)
    if notify:
        messages.info(request, str(words.restored))
    return data


def signin_keeps_text(view=None, *, words: Words = TEXT):
    """``login_required`` that keeps a signed-out post's text for after the sign-in.

    The draft is kept under the post's address; signed in again, the person
    comes back there (a GET), and the view starts its form from
    :func:`draft_take`. A view whose form lives on another page (a comment,
    a transition's note, a board decision) answers that GET with the page and
    the kept text in its form, or sends it to the page when nothing is kept.
    ``@signin_keeps_text`` or ``@signin_keeps_text(words=BALLOT)``: what the
    messages call the post.
    """
    if view is None:
        return lambda view: signin_keeps_text(view, words=words)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            if draft_keep(request, request.path):
                messages.warning(request, str(words.kept))
            else:
                messages.warning(request, str(words.not_kept))
            return redirect_to_login(request.path, settings.LOGIN_URL)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    #: read by :func:`csrf_failure`: the page keeps a post, and what its messages call it
    wrapper.keeps_text = words
    return wrapper


def _same_origin(request) -> bool:
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


def csrf_failure(request, reason=""):
    """A form refused for its stale token: this site's own post is kept as a draft."""
    try:
        match = resolve(request.path)
    except Resolver404:
        match = None
    words = getattr(match.func, "keeps_text", None) if match is not None else None
    if (
        request.method == "POST"
        and isinstance(words, Words)
        and _same_origin(request)
        and draft_keep(request, request.path)
    ):
        messages.warning(request, str(words.expired))
        return redirect(request.path)
    detail = _(
        "The form had expired or did not come from this site, so nothing was saved. "
        "Go back, reload the page and try again."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": "csrf_failed"}, status=403)
    return HttpResponseForbidden(render_to_string("403.html", {"exception": detail}, request))


def posts_only(page):
    """``require_POST`` for a button whose form lives on ``page(request, **kwargs)``: a GET
    (the way back after signing in again, a bookmark) goes to that page, acting on nothing,
    instead of Django's blank 405."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(page(request, **kwargs))
            return HttpResponseNotAllowed(["POST"])

        return wrapper

    return decorate
