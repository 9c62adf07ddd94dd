"""The account log's feeds (SPEC §13): Django's and django-allauth's signals,
each one line through ``members.services.account_event_record``."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.db.models import Q
from django.dispatch import receiver

from members.models import AccountEventKind as Kind
from members.models import User
from members.services import account_event_record
from members.throttle import signin_failed_count


@receiver(auth_signals.user_logged_in, dispatch_uid="plenum-signed-in")
def _signed_in(sender, request, user, **kwargs):
    account_event_record(kind=Kind.SIGNED_IN, user=user, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="plenum-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    signin_failed_count(request)
    login = str(credentials.get("username") or credentials.get("email") or "")[:150]
    user = None
    if login:
        user = User.objects.filter(Q(username=login) | Q(email__iexact=login)).first()
    account_event_record(kind=Kind.SIGN_IN_FAILED, user=user, request=request, detail=login)


@receiver(account_signals.password_changed, dispatch_uid="plenum-password-changed")
def _password_changed(sender, request, user, **kwargs):
    account_event_record(kind=Kind.PASSWORD_CHANGED, user=user, request=request)


@receiver(account_signals.password_reset, dispatch_uid="plenum-password-reset")
def _password_reset(sender, request, user, **kwargs):
    account_event_record(kind=Kind.PASSWORD_RESET, user=user, request=request)


@receiver(mfa_signals.authenticator_added, dispatch_uid="plenum-mfa-added")
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    kind = {
        Authenticator.Type.TOTP: Kind.MFA_ENABLED,
        Authenticator.Type.RECOVERY_CODES: Kind.RECOVERY_CODES_GENERATED,
    }.get(authenticator.type)
    if kind:
        account_event_record(kind=kind, user=user, request=request)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="plenum-mfa-removed")
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.TOTP:
        account_event_record(kind=Kind.MFA_DISABLED, user=user, request=request)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="plenum-mfa-reset")
def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        account_event_record(kind=Kind.RECOVERY_CODES_GENERATED, user=user, request=request)
