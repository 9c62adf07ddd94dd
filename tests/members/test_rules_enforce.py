"""``rules_enforce`` tells the two halves of a permission apart: 403 for the role,
the action's own 409 for the state."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from members.rules import action_add, is_secretariat, rules_enforce

pytestmark = pytest.mark.django_db


@rules.predicate
def is_open(_user, thing) -> bool:
    return thing["open"]


action_add(
    "tests.poke",
    who=is_secretariat,
    who_says="Only the secretariat pokes.",
    when=is_open,
    when_says=lambda _user, thing: Conflict("It is closed.", "closed", failed_guards=["open"]),
)


def test_the_role_refuses_with_403_whatever_the_state(user):
    with pytest.raises(PermissionDenied, match="Only the secretariat pokes."):
        rules_enforce("tests.poke", user, {"open": True})
    with pytest.raises(PermissionDenied):
        rules_enforce("tests.poke", user, {"open": False})


def test_the_state_refuses_with_the_declared_conflict(secretariat):
    with pytest.raises(Conflict) as refused:
        rules_enforce("tests.poke", secretariat, {"open": False})
    assert refused.value.failed_guards == ["open"]
    assert refused.value.get_codes() == "closed"


def test_allowed_passes_and_the_permission_is_the_same_for_templates(secretariat, user):
    rules_enforce("tests.poke", secretariat, {"open": True})
    assert rules.has_perm("tests.poke", secretariat, {"open": True})
    assert not rules.has_perm("tests.poke", secretariat, {"open": False})
    assert not rules.has_perm("tests.poke", user, {"open": True})


def test_a_superuser_gets_no_role_it_does_not_hold(user_factory):
    admin = user_factory(is_superuser=True)
    with pytest.raises(PermissionDenied):
        rules_enforce("tests.poke", admin, {"open": True})


def test_a_state_half_must_say_how_it_refuses():
    with pytest.raises(ValueError):
        action_add("tests.mute", who=is_secretariat, who_says="x", when=is_open)


def test_a_superuser_asking_through_user_has_perm_gets_the_rule_too(user_factory, secretariat):
    """What ``{% has_perm %}`` asks: the rule, not Django's pass for superusers."""
    admin = user_factory(is_superuser=True, is_staff=True)

    assert not admin.has_perm("voting.cast_ballot", None)
    assert admin.has_perm("tests.poke", {"open": True})  # a superuser who is staff: secretariat
    assert not admin.has_perm("tests.poke", {"open": False})
    assert admin.has_perm("proposals.view_proposal")  # Django's own permissions are unchanged
