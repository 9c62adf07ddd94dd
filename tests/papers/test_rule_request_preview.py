"""``papers.request_preview``: the working group and the board, in any state."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from members.rules import rules_enforce
from proposals.models import Proposal, ProposalState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", [ProposalState.DRAFT, ProposalState.PUBLISHED])
def test_working_group_and_board_may_ask_in_any_state(state, proposal, user_factory, board_member):
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    member = user_factory()
    proposal.working_group.members.add(member)

    for user in (proposal.working_group.chair, member, board_member):
        assert rules.has_perm("papers.request_preview", user, proposal)
        rules_enforce("papers.request_preview", user, proposal)  # does not raise


def test_others_are_refused_with_403(proposal, representative, secretariat, user_factory):
    for who in (representative, secretariat, user_factory(), AnonymousUser()):
        assert not rules.has_perm("papers.request_preview", who, proposal)
        with pytest.raises(PermissionDenied, match="working group and the board"):
            rules_enforce("papers.request_preview", who, proposal)
