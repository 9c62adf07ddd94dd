"""consultations.propose_amendment: a representative of an active organisation, in consultation."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db

PERM = "consultations.propose_amendment"


def test_a_representative_proposes_during_the_consultation(consulting, representative):
    assert rules.has_perm(PERM, representative, consulting)


def test_only_representatives_of_active_organisations_propose(
    consulting, secretariat, board_member, representative_factory, organisation_factory
):
    inactive = representative_factory(organisation=organisation_factory(active=False))

    for user in (secretariat, board_member, consulting.working_group.chair, inactive):
        with pytest.raises(PermissionDenied, match="propose amendments"):
            rules_enforce(PERM, user, consulting)


@pytest.mark.parametrize("state", ["proposal", "revising"])
def test_no_amendment_outside_the_consultation(request, state, representative):
    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, representative, request.getfixturevalue(state))

    assert refused.value.detail.code == "consultation_closed"
    assert refused.value.failed_guards == ["consultation_open"]
