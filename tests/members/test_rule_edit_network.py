"""``members.edit_network``: the secretariat, and only it, edits the network's profile."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from members.rules import rules_enforce

pytestmark = pytest.mark.django_db


def test_the_secretariat_may(secretariat):
    assert rules.has_perm("members.edit_network", secretariat)
    assert secretariat.has_perm("members.edit_network")


@pytest.mark.parametrize("who", ["user", "representative", "board_member"])
def test_others_may_not(request, who):
    user = request.getfixturevalue(who)

    assert not user.has_perm("members.edit_network")
    with pytest.raises(PermissionDenied, match="Only the secretariat edits the network's profile."):
        rules_enforce("members.edit_network", user)


def test_an_inactive_secretariat_member_may_not(secretariat_factory):
    assert not rules.has_perm("members.edit_network", secretariat_factory(is_active=False))


def test_a_superuser_without_the_secretariat_role_may_not(user_factory):
    assert not user_factory(is_superuser=True).has_perm("members.edit_network")
