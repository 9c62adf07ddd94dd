"""consultations.post_comment: who takes part in the consultation, while it is open."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db

PERM = "consultations.post_comment"


def test_representatives_the_working_group_the_board_and_the_secretariat_comment(
    consulting, representative, user_factory, board_member, secretariat
):
    member = user_factory()
    consulting.working_group.members.add(member)

    for user in (representative, member, consulting.working_group.chair, board_member, secretariat):
        assert rules.has_perm(PERM, user, consulting), user


def test_nobody_else_comments(
    consulting, user_factory, representative_factory, organisation_factory
):
    inactive_organisation = representative_factory(organisation=organisation_factory(active=False))
    inactive_user = representative_factory(is_active=False)

    for user in (user_factory(), AnonymousUser(), inactive_user, inactive_organisation):
        assert not rules.has_perm(PERM, user, consulting), user
        with pytest.raises(PermissionDenied, match="may comment"):
            rules_enforce(PERM, user, consulting)


def test_a_working_group_member_of_an_inactive_organisation_still_comments_as_a_member(
    consulting, representative_factory, organisation_factory
):
    member = representative_factory(organisation=organisation_factory(active=False))
    consulting.working_group.members.add(member)

    assert rules.has_perm(PERM, member, consulting)


@pytest.mark.parametrize("state", ["proposal", "revising"])
def test_no_comment_outside_the_consultation(request, state, representative):
    proposal = request.getfixturevalue(state)

    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, representative, proposal)

    assert refused.value.detail.code == "consultation_closed"
    assert refused.value.failed_guards == ["consultation_open"]
    assert str(proposal.get_state_display()) in str(refused.value.detail)


def test_the_working_group_in_revision_is_told_it_may_only_reply(revising, chair):
    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, chair, revising)

    assert refused.value.detail.code == "consultation_closed"
    assert "it may only reply to comments" in str(refused.value.detail)
