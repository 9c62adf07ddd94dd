"""consultations.post_reply: as a comment, and the working group also while it revises."""

import pytest
import rules

from config.conflict import Conflict
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db

PERM = "consultations.post_reply"


def test_whoever_comments_replies_during_the_consultation(consulting, representative, chair):
    assert rules.has_perm(PERM, representative, consulting)
    assert rules.has_perm(PERM, chair, consulting)


def test_the_working_group_replies_while_it_revises(revising, chair, user_factory):
    member = user_factory()
    revising.working_group.members.add(member)

    assert rules.has_perm(PERM, chair, revising)
    assert rules.has_perm(PERM, member, revising)


def test_representatives_the_board_and_the_secretariat_do_not_reply_in_revision(
    revising, representative, board_member, secretariat
):
    for user in (representative, board_member, secretariat):
        with pytest.raises(Conflict) as refused:
            rules_enforce(PERM, user, revising)
        assert refused.value.detail.code == "consultation_closed"


def test_nobody_replies_to_a_draft(proposal, chair):
    assert not rules.has_perm(PERM, chair, proposal)
