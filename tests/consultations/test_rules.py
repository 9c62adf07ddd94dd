"""The consultation predicates: who may comment, amend, support, decide, hide."""

import pytest
from django.contrib.auth.models import AnonymousUser

from consultations.rules import (
    can_comment,
    can_decide_amendment,
    can_hide_comment,
    can_propose_amendment,
    can_support_amendment,
)

pytestmark = pytest.mark.django_db


def test_who_may_comment(proposal, representative, user_factory, board_member, secretariat):
    member = user_factory()
    proposal.working_group.members.add(member)

    assert can_comment(representative, proposal)
    assert can_comment(member, proposal)
    assert can_comment(proposal.working_group.chair, proposal)
    assert can_comment(board_member, proposal)
    assert can_comment(secretariat, proposal)
    assert not can_comment(user_factory(), proposal)
    assert not can_comment(AnonymousUser(), proposal)


def test_inactive_representative_may_not_comment(proposal, representative_factory):
    assert not can_comment(representative_factory(is_active=False), proposal)


def test_only_representatives_propose_amendments(proposal, representative, secretariat):
    assert can_propose_amendment(representative, proposal)
    assert not can_propose_amendment(secretariat, proposal)
    assert not can_propose_amendment(proposal.working_group.chair, proposal)


def test_support_is_for_other_organisations(amendment, representative, representative_factory):
    colleague = representative_factory(organisation=amendment.organisation)

    assert can_support_amendment(representative, amendment)
    assert not can_support_amendment(colleague, amendment)
    assert not can_support_amendment(AnonymousUser(), amendment)


def test_only_the_chair_decides(amendment, user_factory):
    member = user_factory()
    amendment.proposal.working_group.members.add(member)

    assert can_decide_amendment(amendment.proposal.working_group.chair, amendment)
    assert not can_decide_amendment(member, amendment)
    assert not can_decide_amendment(amendment.author, amendment)


def test_only_the_secretariat_hides(secretariat, representative, board_member):
    assert can_hide_comment(secretariat)
    assert not can_hide_comment(representative)
    assert not can_hide_comment(board_member)
