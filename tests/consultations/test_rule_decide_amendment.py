"""consultations.decide_amendment: the chair, while the proposal is in revision, once."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from consultations.selectors import amendment_get
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db

PERM = "consultations.decide_amendment"


@pytest.fixture
def pending(consulting, amendment_factory, run, chair):
    amendment = amendment_factory(proposal=consulting, section=consulting.section)
    run(consulting, "close_consultation", chair)
    return amendment_get(pk=amendment.pk)


def test_the_chair_decides_in_revision(pending, chair):
    assert rules.has_perm(PERM, chair, pending)


def test_nobody_else_decides(pending, user_factory, board_member, secretariat):
    member = user_factory()
    pending.proposal.working_group.members.add(member)

    for user in (member, board_member, secretariat, pending.author):
        with pytest.raises(PermissionDenied, match="Only the chair"):
            rules_enforce(PERM, user, pending)


def test_no_decision_during_the_consultation(consulting, amendment_factory, chair):
    amendment = amendment_get(pk=amendment_factory(proposal=consulting).pk)

    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, chair, amendment)

    assert refused.value.detail.code == "not_in_revision"
    assert refused.value.failed_guards == ["proposal_in_revision"]


def test_a_decision_is_final(pending, chair):
    pending.status = "accepted"

    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, chair, pending)

    assert refused.value.detail.code == "already_decided"
