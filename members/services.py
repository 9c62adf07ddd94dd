"""Writes of the members app."""

import datetime
import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.storage import StorageUnavailable, storage_errors
from members.models import (
    AccountEvent,
    AccountEventKind,
    ApiToken,
    BoardMembership,
    Invitation,
    InvitationStatus,
    Network,
    Organisation,
    User,
    WorkingGroup,
    logo_kind,
)
from members.rules import rules_enforce

logger = logging.getLogger(__name__)


def token_expiry_default() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.PLENUM_TOKEN_TTL)


@transaction.atomic
def token_create(
    *, user: User, name: str, expires_at: datetime.datetime | None = None, request=None
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
    # The user's expired tokens go now (they never authenticate: members.auth).
    ApiToken.objects.filter(user=user, expiry__lt=now).delete()
    token, raw = ApiToken.objects.create(user=user, expiry=None, name=name[:100])
    token.expiry = expires_at  # the exact time asked for (knox would add its own "now")
    token.save(update_fields=["expiry"])
    account_event_record(
        kind=AccountEventKind.TOKEN_CREATED, user=user, request=request, detail=token.name
    )
    return token, raw


def token_revoke(*, user: User, token_id: int, request=None) -> ApiToken:
    """Revoke one of ``user``'s own tokens (another person's is a 404, as if absent)."""
    token = get_object_or_404(ApiToken.objects.filter(user=user), pk=token_id)
    token.delete()
    account_event_record(
        kind=AccountEventKind.TOKEN_REVOKED, user=user, request=request, detail=token.name
    )
    return token


def second_factor_check(*, user: User, otp, request) -> None:
    """For a user with two-factor authentication on, a password alone signs nothing in:
    ``otp`` must be a current code of their authenticator app or an unused recovery
    code (checked, and rate-limited, by django-allauth's own form). ``ValidationError``
    on ``otp`` otherwise."""
    from allauth.core import context
    from allauth.mfa.base.forms import AuthenticateForm
    from allauth.mfa.utils import is_mfa_enabled

    if not is_mfa_enabled(user):
        return
    if otp in (None, ""):
        raise ValidationError(
            {
                "otp": _(
                    "This account uses two-factor authentication: send the 6-digit code "
                    "from your authenticator app, or a recovery code, as “otp”."
                )
            },
            code="otp_required",
        )
    with context.request_context(request):
        form = AuthenticateForm(data={"code": str(otp)[:64]}, user=user)
        if not form.is_valid():
            raise ValidationError({"otp": form.errors["code"]}, code="otp_incorrect")
        form.authenticator.record_usage()


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


# --- the network's profile (SPEC §12) -------------------------------------------------

#: ``network_update(logo=KEEP)``: leave the logo as it is.
KEEP = object()


def network_update(
    *,
    actor: User,
    names: dict[str, str] | None = None,
    address: str | None = None,
    email: str | None = None,
    website: str | None = None,
    transparency_register_id: str | None = None,
    country: str | None = None,
    organisation_type: str | None = None,
    organisation_size: str | None = None,
    logo=KEEP,
) -> Network:
    """Change the given fields of the network's profile (the secretariat only).

    ``logo`` is an uploaded file, ``None`` to remove it, or ``KEEP``. Every field
    is validated before anything is written, so a refused change saves nothing
    (``ValidationError`` naming the fields). A replaced logo file is deleted
    once the change has committed.
    """
    rules_enforce("members.edit_network", actor)
    with transaction.atomic():
        network = Network.objects.get_solo()
        network = Network.objects.select_for_update().get(pk=network.pk)
        old_logo = network.logo.name
        changes = {
            "names": names,
            "address": address,
            "email": email,
            "website": website,
            "transparency_register_id": transparency_register_id,
            "country": country.upper() if country else country,
            "organisation_type": organisation_type,
            "organisation_size": organisation_size,
        }
        for field, value in changes.items():
            if value is not None:
                setattr(network, field, value)
        if logo is not KEEP:
            network.logo = logo or ""
        network.full_clean()
        uploaded = logo is not KEEP and bool(logo)
        if uploaded:
            # Named by what it is, whatever the upload's name said; written now, so
            # a row that cannot be saved takes its file away with it.
            try:
                network.logo.save(f"logo.{logo_kind(logo)}", logo, save=False)
            except (OSError, *storage_errors()) as exc:  # the storage is down: nothing saved
                raise StorageUnavailable(str(exc)) from exc
        try:
            network.save()
        except Exception:
            if uploaded:
                network.logo.delete(save=False)
            raise
        if old_logo and old_logo != network.logo.name:
            storage = network.logo.storage
            # robust: the new logo stands even if the old file cannot be deleted now
            # (an object store that is down leaves an orphan file, logged).
            transaction.on_commit(lambda: storage.delete(old_logo), robust=True)
    return network


# --- the account log --------------------------------------------------------------

#: Longest browser string kept (the column's length).
USER_AGENT_MAX = AccountEvent._meta.get_field("user_agent").max_length


def _client_ip(request) -> str | None:
    if request is None:
        return None
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all: the event is still worth keeping
        return None


def account_event_record(
    *, kind: str, user: User | None = None, request=None, detail: str = ""
) -> AccountEvent:
    """Add one line to the account log (SPEC §13): who, what, from where."""
    if kind not in AccountEventKind.values:
        raise ValueError(f"unknown account event {kind!r}")
    user_agent = ""
    if request is not None:
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
    return AccountEvent.objects.create(
        user=user if user is not None and user.pk else None,
        kind=kind,
        ip=_client_ip(request),
        user_agent=user_agent,
        detail=(detail or "")[:300],
    )


# --- invitations ------------------------------------------------------------------


class InvitationUnusable(Exception):
    """The link is unknown, used, expired, or its address has an account by now."""


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> tuple[str, str]:
    key = secrets.token_urlsafe(32)
    return key, _key_hash(key)


def invitation_link(key: str) -> str:
    return settings.PLENUM_BASE_URL.rstrip("/") + reverse("invitation-accept", args=[key])


def _invitation_send(*, invitation_id: int, key: str) -> None:
    """Send the invitation's email (after commit) and note when it went."""
    invitation = Invitation.objects.select_related("invited_by", "organisation").get(
        pk=invitation_id
    )
    language = invitation.language if invitation.language in ("en", "fr") else "en"
    context = {
        "network": settings.PLENUM_NETWORK_NAME,
        "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
        "organisation": invitation.organisation.name if invitation.organisation else "",
        "link": invitation_link(key),
        "profile_link": settings.PLENUM_BASE_URL.rstrip("/") + reverse("login"),
        "days": settings.PLENUM_INVITATION_DAYS,
        "email": invitation.email,
    }
    with translation.override(language):
        text = render_to_string(f"emails/{language}/invitation.txt", context).strip()
        subject, _sep, body = text.partition("\n")
        html = render_to_string(
            f"emails/{language}/invitation.html", {**context, "subject": subject}
        )
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    message.send()
    Invitation.objects.filter(pk=invitation_id).update(sent_at=timezone.now())


def _invitation_send_on_commit(invitation: Invitation, key: str) -> None:
    def send():
        try:
            _invitation_send(invitation_id=invitation.pk, key=key)
        except Exception:  # the SMTP server: the secretariat sees "not sent" and resends
            logger.exception("invitation %s: the email could not be sent", invitation.pk)

    transaction.on_commit(send)


def invitation_create(
    *,
    invited_by: User,
    email: str,
    organisation: Organisation | None = None,
    working_groups: list[WorkingGroup] | tuple = (),
    board_seat: bool = False,
    language: str = "en",
    request=None,
) -> Invitation:
    """Invite ``email`` (secretariat): the row, then its email after commit."""
    rules_enforce("members.invite", invited_by)
    key, key_hash = _new_key()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip(),
            organisation=organisation,
            board_seat=board_seat,
            language=language,
            invited_by=invited_by,
            key_hash=key_hash,
            expires_at=timezone.now() + timedelta(days=settings.PLENUM_INVITATION_DAYS),
        )
        invitation.working_groups.set(working_groups)
        account_event_record(
            kind=AccountEventKind.INVITATION_SENT,
            user=invited_by,
            request=request,
            detail=invitation.email,
        )
        _invitation_send_on_commit(invitation, key)
    return invitation


def invitation_resend(*, invitation: Invitation, by: User, request=None) -> Invitation:
    """A new link for a pending or expired invitation, valid for the full period
    again; the previous link stops working."""
    rules_enforce("members.invite", by)
    key, key_hash = _new_key()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise InvitationUnusable("accepted")
        invitation.key_hash = key_hash
        invitation.expires_at = timezone.now() + timedelta(days=settings.PLENUM_INVITATION_DAYS)
        invitation.sent_at = None
        invitation.save(update_fields=["key_hash", "expires_at", "sent_at"])
        account_event_record(
            kind=AccountEventKind.INVITATION_SENT,
            user=by,
            request=request,
            detail=f"{invitation.email} (again)",
        )
        _invitation_send_on_commit(invitation, key)
    return invitation


def email_has_account(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def invitation_for_key(key: str, *, lock: bool = False) -> Invitation:
    """The pending invitation of ``key``, or ``InvitationUnusable``."""
    wanted = _key_hash(key or "")
    rows = Invitation.objects.filter(key_hash=wanted)
    if lock:
        rows = rows.select_for_update()
    invitation = rows.first()
    if invitation is None or not hmac.compare_digest(invitation.key_hash, wanted):
        raise InvitationUnusable("unknown")
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationUnusable(invitation.status)
    if email_has_account(invitation.email):
        raise InvitationUnusable("taken")
    return invitation


def invitation_accept(
    *,
    key: str,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    request=None,
) -> User:
    """Make the invitee's account with what the invitation gives, in one
    transaction; the link is used up. The caller has validated the username and
    the password (the form)."""
    with transaction.atomic():
        invitation = invitation_for_key(key, lock=True)
        user = User(
            username=username,
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            organisation=invitation.organisation,
            language=invitation.language,
        )
        user.set_password(password)
        user.save()
        user.working_groups.set(invitation.working_groups.all())
        if invitation.board_seat:
            BoardMembership.objects.create(user=user, since=timezone.localdate())
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        account_event_record(
            kind=AccountEventKind.INVITATION_ACCEPTED,
            user=user,
            request=request,
            detail=invitation.email,
        )
    return user
