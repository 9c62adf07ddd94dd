"""The proposals permissions: who may draft and edit, and when (SPEC §1, §4)."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from members.rules import rules_enforce
from proposals.models import Proposal, ProposalState

pytestmark = pytest.mark.django_db
S = ProposalState


def _in(proposal, state):
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize("state", list(S))
def test_the_working_group_changes_the_text_only_in_draft_and_revision(proposal, state):
    member = proposal.working_group.chair
    _in(proposal, state)

    allowed = rules.has_perm("proposals.edit_text", member, proposal)

    assert allowed == (state in (S.DRAFT, S.REVISION))
    if not allowed:
        with pytest.raises(Conflict) as refused:
            rules_enforce("proposals.edit_text", member, proposal)
        assert refused.value.failed_guards == ["text_editable"]


def test_someone_outside_the_group_never_changes_the_text(proposal, representative, secretariat):
    for user in (representative, secretariat):
        with pytest.raises(PermissionDenied):
            rules_enforce("proposals.edit_text", user, proposal)


def test_the_edit_page_is_open_in_consultation_to_the_chair_for_the_deadline(
    proposal, user_factory
):
    chair, member = proposal.working_group.chair, user_factory()
    proposal.working_group.members.add(member)

    assert rules.has_perm("proposals.edit_proposal", chair, _in(proposal, S.CONSULTATION))
    assert not rules.has_perm("proposals.edit_proposal", member, proposal)  # may not move it
    assert rules.has_perm("proposals.edit_proposal", member, _in(proposal, S.REVISION))
    assert not rules.has_perm("proposals.edit_proposal", chair, _in(proposal, S.VOTING))


def test_only_the_chair_sets_deadlines(proposal, user_factory):
    member = user_factory()
    proposal.working_group.members.add(member)

    assert rules.has_perm("proposals.set_deadlines", proposal.working_group.chair, proposal)
    assert not rules.has_perm("proposals.set_deadlines", member, proposal)


def test_members_of_the_group_draft_its_proposals(proposal, user_factory, representative):
    group = proposal.working_group
    member = user_factory()
    group.members.add(member)

    assert rules.has_perm("proposals.draft_proposal", member, group)
    assert not rules.has_perm("proposals.draft_proposal", representative, group)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("submit_for_consultation", "chair"),
        ("withdraw", "chair"),
        ("return_for_revision", "board"),
        ("publish", "board"),
        ("publish", "secretariat"),
    ],
)
def test_transition_permissions_are_the_role_only(proposal, board_member, secretariat, name, role):
    who = {"chair": proposal.working_group.chair, "board": board_member, "secretariat": secretariat}
    for state in (S.DRAFT, S.APPROVED):  # the state is the transition's own business
        assert rules.has_perm(f"proposals.{name}", who[role], _in(proposal, state))
