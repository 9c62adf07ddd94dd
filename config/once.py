"""A web form submitted twice (a double click) acts once (SPEC §14).

Each state-changing form carries a one-time token, ``{% once_token %}`` (in
``proposals.templatetags.plenum``). A view decorated with :func:`acts_once`
claims that token for the signed-in user in the same transaction as its action
(a ``members.FormClaim`` row, unique per user and token):

- the post that acted, answered with a redirect, keeps its claim with the
  redirect's address;
- a post that did not act (the form is shown again with its errors, any answer
  that is not a redirect, or an exception) gives its claim back, so the form
  can be sent again;
- a second post of the same token is not run: it is sent where the first one
  went, with "Already done: this form was sent twice." Two posts at the same
  moment are decided by the unique constraint: the second waits for the first
  one's transaction and, if the first acted, takes the ``IntegrityError`` as
  the repeat.

A post without a token (an old page, curl) is run as before. Claims are kept
``PLENUM_FORM_CLAIM_DAYS`` (7), then pruned (``config.idempotency.prune``, hourly).
"""

import re
import secrets
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

#: The name of the hidden field.
FIELD = "once"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def once_token_new() -> str:
    """A fresh random token for one rendering of one form."""
    return secrets.token_urlsafe(16)


def _token_of(request) -> str | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.fullmatch(token) else None


def _already_done(request, claim):
    messages.info(request, _("Already done: this form was sent twice."))
    return redirect(claim.redirect_to if claim and claim.redirect_to else "/")


def acts_once(view):
    """Run ``view`` at most once per form token (see the module's docstring).

    Place it below ``login_required`` and the method decorators.
    """
    from members.models import FormClaim

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _token_of(request)
        if token is None:
            return view(request, *args, **kwargs)
        claims = FormClaim.objects.filter(user=request.user, token=token)
        earlier = claims.first()
        if earlier is not None:
            return _already_done(request, earlier)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    # Waits for a concurrent post of the same token to finish.
                    claim = FormClaim.objects.create(user=request.user, token=token)
            except IntegrityError:
                claim = None
            if claim is not None:
                response = view(request, *args, **kwargs)
                if 300 <= response.status_code < 400 and response.get("Location"):
                    claim.redirect_to = response["Location"]
                    claim.save(update_fields=["redirect_to"])
                else:
                    claim.delete()
                return response
        return _already_done(request, claims.first())

    return wrapper
