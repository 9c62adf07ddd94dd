"""``papers.view_previews``: the working group, the board and the secretariat."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db


def test_working_group_board_and_secretariat_see_previews(
    proposal, user_factory, board_member, secretariat
):
    member = user_factory()
    proposal.working_group.members.add(member)

    for user in (proposal.working_group.chair, member, board_member, secretariat):
        assert rules.has_perm("papers.view_previews", user, proposal)


def test_representatives_and_strangers_do_not(proposal, representative, user_factory):
    for who in (representative, user_factory(), AnonymousUser()):
        assert not rules.has_perm("papers.view_previews", who, proposal)
