"""The transitions' declarations are the state machine: django-fsm-2's own view of
each transition agrees with ``workflow.transitions``, and every transition has the
words the pages show."""

import pytest
from django.utils import translation

from proposals.models import Proposal, ProposalState
from proposals.transitions import TRANSITIONS
from workflow.transitions import check_all

pytestmark = pytest.mark.django_db
S = ProposalState


@pytest.mark.parametrize("state", list(S))
def test_django_fsm_agrees_with_the_checks_for_every_role(
    state, proposal, section_factory, board_member, secretariat, representative
):
    section_factory(proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    for user in (proposal.working_group.chair, board_member, secretariat, representative):
        fsm = {t.name for t in proposal.get_available_user_state_transitions(user)}
        ours = {c.name for c in check_all(proposal, user) if c.allowed}
        assert fsm == ours, (state, user)


def test_every_transition_is_a_django_fsm_method_with_its_routes():
    fsm = {(t.name, t.source) for t in Proposal().get_all_state_transitions()}
    declared = {
        (spec.name, source) for spec in TRANSITIONS for r in spec.routes for source in r.sources
    }
    assert fsm == declared


@pytest.mark.parametrize("spec", TRANSITIONS, ids=lambda s: s.name)
def test_every_transition_speaks_english_and_french(spec):
    words = ("label", "past", "help", "done", "confirm")
    with translation.override("en"):
        english = {w: str(getattr(spec, w)) for w in words}
    with translation.override("fr"):
        french = {w: str(getattr(spec, w)) for w in words}
    assert english["label"] and english["past"]
    untranslated = [w for w in words if english[w] and french[w] == english[w]]
    assert untranslated == [], spec.name
