"""Writes of the members app."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import ApiToken, User


def token_expiry_default() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.PLENUM_TOKEN_TTL)


@transaction.atomic
def token_create(
    *, user: User, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new API token for ``user``: the row (hashed) and the token, to show once.

    ``expires_at`` may be earlier than the default (``PLENUM_TOKEN_TTL`` days), not later.
    """
    now = timezone.now()
    latest = token_expiry_default()
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    if expires_at is None:
        expires_at = latest
    elif expires_at <= now:
        raise ValidationError({"expires_at": _("Choose a time in the future.")}, code="past")
    elif expires_at > latest + datetime.timedelta(minutes=1):
        raise ValidationError(
            {
                "expires_at": _("A token lasts at most %(days)d days.")
                % {"days": settings.PLENUM_TOKEN_TTL}
            },
            code="too_late",
        )
    token, raw = ApiToken.objects.create(user=user, expiry=None, name=name[:100])
    token.expiry = expires_at  # the exact time asked for (knox would add its own "now")
    token.save(update_fields=["expiry"])
    return token, raw


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (another person's is a 404, as if absent)."""
    token = get_object_or_404(ApiToken.objects.filter(user=user), pk=token_id)
    token.delete()
    return token


def token_touch(*, token: ApiToken) -> None:
    """Record that ``token`` was used: at most one write per token and step."""
    now = timezone.now()
    step = datetime.timedelta(seconds=settings.PLENUM_TOKEN_LAST_USED_STEP)
    if token.last_used_at is None or now - token.last_used_at >= step:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def user_update_preferences(
    *, user: User, language: str | None = None, timezone: str | None = None
) -> User:
    fields = []
    if language is not None:
        user.language = language
        fields.append("language")
    if timezone is not None:
        user.timezone = timezone
        fields.append("timezone")
    if fields:
        user.save(update_fields=fields)
    return user
