"""Permission predicates. Every app combines these; nothing re-checks roles by hand.

Predicates that take an object accept a ``WorkingGroup`` or anything with a
``working_group`` attribute (a proposal), so ``is_wg_chair(user, proposal)``
reads as it should.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.models import BoardMembership, WorkingGroup


def _group_of(obj) -> WorkingGroup | None:
    if obj is None:
        return None
    if isinstance(obj, WorkingGroup):
        return obj
    return getattr(obj, "working_group", None)


@rules.predicate
def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_representative(user) -> bool:
    """Linked to a member organisation (active or not)."""
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


@rules.predicate
def is_active_representative(user) -> bool:
    """Linked to an active member organisation."""
    return bool(is_representative(user) and user.organisation.active)


def board_memberships(user_id):
    """The board role's one query: the board memberships of ``user_id`` (a value, or an
    ``OuterRef`` to annotate a query that reads the user anyway: the API token's)."""
    return BoardMembership.objects.filter(user_id=user_id)


def board_member_known(user, on_board: bool) -> None:
    """Record what a query that read ``user`` found (``Exists(board_memberships(…))``),
    so ``is_board_member`` asks the database nothing more in this request."""
    user._plenum_is_board = bool(on_board)


@rules.predicate
def is_board_member(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_plenum_is_board", None)
    if cached is None:
        cached = board_memberships(user.pk).exists()
        board_member_known(user, cached)
    return cached


@rules.predicate
def is_wg_chair(user, obj) -> bool:
    group = _group_of(obj)
    return bool(user.is_authenticated and user.is_active and group and group.chair_id == user.pk)


@rules.predicate
def is_wg_member(user, obj) -> bool:
    """A member of the object's working group; the chair counts as a member."""
    group = _group_of(obj)
    if not (user.is_authenticated and user.is_active and group):
        return False
    if group.chair_id == user.pk:
        return True
    return group.pk in _group_ids(user)


def _group_ids(user) -> frozenset[int]:
    """The working groups ``user`` is a member of, read once per user object (a
    request's): a page asks several permissions of one proposal."""
    cached = getattr(user, "_plenum_group_ids", None)
    if cached is None:
        cached = frozenset(
            WorkingGroup.members.through.objects.filter(user_id=user.pk).values_list(
                "workinggroup_id", flat=True
            )
        )
        user._plenum_group_ids = cached
    return cached


# --- actions: one permission per action, role and state together -----------------


@dataclass(frozen=True)
class Action:
    """One permission (``rules.add_perm``) and how its refusal reads.

    ``who`` is the role half, ``when`` the state half (a predicate on the
    object; ``None`` when the action does not depend on it). The permission
    is ``who & when``: the templates (``{% has_perm %}``), the views, the API
    and the services ask it. ``rules_enforce`` tells the two halves apart,
    so a refused role answers 403 and a refused state 409.
    """

    name: str
    who: rules.Predicate
    when: rules.Predicate | None
    #: 403 message (lazy text).
    who_says: str
    #: ``(user, obj) -> Exception`` raised when the state refuses (a ``Conflict``).
    when_says: Callable[[Any, Any], Exception] | None


ACTIONS: dict[str, Action] = {}


def action_add(
    name: str,
    *,
    who: rules.Predicate,
    who_says: str,
    when: rules.Predicate | None = None,
    when_says: Callable[[Any, Any], Exception] | None = None,
) -> None:
    """Declare the permission ``name``: ``who`` (the role) and ``when`` (the state)."""
    if when is not None and when_says is None:
        raise ValueError(f"{name}: say how a refusal by the state reads")
    ACTIONS[name] = Action(name=name, who=who, when=when, who_says=who_says, when_says=when_says)
    rules.set_perm(name, who & when if when is not None else who)


def rules_enforce(name: str, user, obj=None) -> None:
    """Raise unless ``user`` may do ``name`` to ``obj`` now: 403 for the role,
    the action's ``Conflict`` (409) for the state."""
    if must_enrol_2fa(user):
        raise PermissionDenied(str(MUST_ENROL_SAYS))
    if rules.has_perm(name, user, obj):
        return
    action = ACTIONS[name]
    if not action.who.test(user, obj):
        raise PermissionDenied(str(action.who_says))
    raise action.when_says(user, obj)


# --- actions of the members app ---------------------------------------------------

#: Edit the network's profile (SPEC §12; no object).
action_add(
    "members.edit_network",
    who=is_secretariat,
    who_says=_("Only the secretariat edits the network's profile."),
)


# --- accounts (SPEC §13) ------------------------------------------------------------


def _has_totp(user) -> bool:
    cached = getattr(user, "_plenum_has_totp", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.TOTP
        ).exists()
        user._plenum_has_totp = cached
    return cached


@rules.predicate
def must_enrol_2fa(user) -> bool:
    """The secretariat and the board must turn on two-factor authentication
    before they act, when ``PLENUM_REQUIRE_2FA`` is on. The one place of that
    rule: ``members.middleware.TwoFactorRequiredMiddleware`` asks it."""
    from django.conf import settings

    if not settings.PLENUM_REQUIRE_2FA or not (user.is_authenticated and user.is_active):
        return False
    if not (is_secretariat(user) or is_board_member(user)):
        return False
    return not _has_totp(user)


#: Why a user who must enrol is refused (the middleware's page says more).
MUST_ENROL_SAYS = _(
    "Set up two-factor authentication before you act as secretariat or board member."
)

action_add(
    "members.invite",
    who=is_secretariat,
    who_says=_("Only the secretariat invites people."),
)
