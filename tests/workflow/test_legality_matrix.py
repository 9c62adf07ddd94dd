"""Every state × every transition × every role gives the status SPEC §3 says.

Roles: the proposal's WG chair, a WG member, a representative, a board member,
the secretariat (through the API) and the system (``actor=None``). Each case
gets a fresh proposal put in the state with what its guards need, so that a
refusal is only ever for the role (403) or the state (409 ``state_allows``);
guard refusals are tested in test_guards.py. Every 200 adds exactly one log row.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from config.conflict import Conflict
from proposals.models import TRANSITION_NAMES, BoardDecision, Proposal, ProposalState
from proposals.services import version_snapshot
from voting.services import round_open
from workflow.models import TransitionLog
from workflow.services import transition_run

pytestmark = pytest.mark.django_db

S = ProposalState
# transition -> (sources, roles allowed)
SPEC = {
    "submit_for_consultation": ({S.DRAFT}, {"chair"}),
    "close_consultation": ({S.CONSULTATION}, {"chair", "system"}),
    "reopen_consultation": ({S.REVISION}, {"chair"}),
    "open_vote": ({S.REVISION}, {"chair"}),  # from draft only without consultation: below
    "close_vote": ({S.VOTING}, {"chair", "system"}),
    "approve": ({S.BOARD_REVIEW}, {"system"}),
    "return_for_revision": ({S.BOARD_REVIEW}, {"board"}),
    "reject": ({S.BOARD_REVIEW}, {"board"}),
    "revise": ({S.REJECTED}, {"chair"}),
    "publish": ({S.APPROVED}, {"secretariat", "board"}),
    "withdraw": ({S.DRAFT, S.CONSULTATION, S.REVISION}, {"chair"}),
}
ROLES = ["chair", "member", "representative", "board", "secretariat", "system"]


def _put_in_state(proposal: Proposal, state: str, board_members) -> None:
    """Force the state and give the proposal what that state's exits need."""
    Proposal.objects.filter(pk=proposal.pk).update(
        state=state,
        consultation_closes_at=timezone.now() + timedelta(days=30),
    )
    proposal.refresh_from_db()
    if state != S.DRAFT:  # it was consulted on: the text is open to every member
        version = version_snapshot(proposal=proposal, reason="vote")
    if state == S.VOTING:
        round_open(proposal=proposal, version=version, closes_at=timezone.now() - timedelta(1))
    if state == S.BOARD_REVIEW:
        for member in board_members:
            BoardDecision.objects.create(
                proposal=proposal, version=version, member=member, decision="approve"
            )
    if state == S.APPROVED:
        adopted = version_snapshot(proposal=proposal, reason="adopted")
        from papers.models import PositionPaper

        for language in proposal.procedure.languages:
            PositionPaper.objects.create(
                proposal=proposal,
                version=adopted,
                language=language,
                status="ready",
                file=f"{proposal.reference}-{language}.pdf",  # a ready paper has its file
            )


def _expected(name: str, state: str, role: str) -> int:
    sources, roles = SPEC[name]
    if state == S.DRAFT and role == "representative":
        return 404  # a draft belongs to its working group: outsiders may not see it
    if role not in roles:
        return 403
    if state not in sources:
        return 409
    return 200


@pytest.fixture
def cast(
    working_group_factory,
    user_factory,
    representative_factory,
    board_membership_factory,
    secretariat_factory,
):
    member = user_factory()
    group = working_group_factory(members=[member])
    return {
        "group": group,
        "chair": group.chair,
        "member": member,
        "representative": representative_factory(),
        "board": board_membership_factory().user,
        "secretariat": secretariat_factory(),
        "system": None,
    }


@pytest.mark.parametrize("state", S.values)
def test_every_transition_for_every_role_in_state(
    state, cast, api, proposal_factory, section_factory
):
    for name in TRANSITION_NAMES:
        for role in ROLES:
            proposal = proposal_factory(working_group=cast["group"])
            section_factory(proposal=proposal)
            _put_in_state(proposal, state, [cast["board"]])
            actor = cast[role]
            logs_before = TransitionLog.objects.count()

            if actor is None:
                try:
                    transition_run(proposal=proposal, name=name, actor=None, note="Because.")
                    status, body = 200, {}
                except PermissionDenied:
                    status, body = 403, {}
                except Conflict as exc:
                    status, body = 409, {"failed_guards": exc.failed_guards}
            else:
                response = api.as_user(actor).post(
                    f"/api/v1/proposals/{proposal.pk}/transitions/{name}/",
                    {"note": "Because."},
                    format="json",
                )
                status, body = response.status_code, response.json()

            expected = _expected(name, state, role)
            case = f"{name} from {state} as {role}"
            assert status == expected, f"{case}: {status} {body}"
            if status == 409:
                guards = (
                    ["procedure_skips_consultation"]
                    if (name, state) == ("open_vote", S.DRAFT)
                    else ["state_allows"]
                )
                assert body["failed_guards"] == guards, case
            assert TransitionLog.objects.count() == logs_before + (status == 200), case


def test_open_vote_from_draft_only_when_the_procedure_skips_consultation(
    cast, api, proposal_factory, section_factory, procedure_factory
):
    with_consultation = proposal_factory(working_group=cast["group"])
    without = proposal_factory(
        working_group=cast["group"], procedure=procedure_factory(consultation_required=False)
    )
    for proposal in (with_consultation, without):
        section_factory(proposal=proposal)
    client = api.as_user(cast["chair"])

    refused = client.post(f"/api/v1/proposals/{with_consultation.pk}/transitions/open_vote/")
    accepted = client.post(f"/api/v1/proposals/{without.pk}/transitions/open_vote/")

    assert refused.status_code == 409
    assert refused.json()["failed_guards"] == ["procedure_skips_consultation"]
    assert accepted.status_code == 200 and accepted.json()["state"] == "voting"
