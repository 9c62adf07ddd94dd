"""Issue 14's page items of the workflow: a closed consultation says so, the board's
approval names its members, the deadline is asked on creation, old previews fold
away and the dashboard says what to publish."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from papers.models import PositionPaper
from proposals.models import Proposal, Version
from tests.web.conftest import messages_of
from voting.selectors import round_latest
from voting.services import ballot_cast
from workflow.board import board_decision_record

pytestmark = pytest.mark.django_db


# --- a closed consultation (item 2) ---------------------------------------------------


def test_a_consultation_closed_early_says_when_and_that_the_chair_closed_it(
    page, in_consultation, run, chair
):
    run(in_consultation, "close_consultation", chair)

    html = page(chair).get(in_consultation.get_absolute_url()).content.decode()

    assert "Consultation closes" not in html
    assert "Consultation closed" in html
    assert f"closed early by the chair, {chair.display_name}" in html
    assert "closes in" not in html


def test_a_consultation_closed_at_its_deadline_says_so(page, in_consultation, run, chair):
    run(in_consultation, "close_consultation", None)  # the deadline sweep

    html = page(chair).get(in_consultation.get_absolute_url()).content.decode()

    assert "Consultation closed" in html and "at its deadline" in html
    assert "closed early" not in html


def _to_board_review(proposal, run, chair, approvals: int):
    proposal.procedure.board_approvals_required = approvals
    proposal.procedure.save()
    voting_round = round_latest(proposal_id=proposal.pk)
    for rep in proposal.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    return run(proposal, "close_vote", chair)


def test_the_history_of_the_approval_names_the_approving_board_members(
    page, in_voting, run, chair, board_membership_factory
):
    proposal = _to_board_review(in_voting, run, chair, approvals=2)
    first, second, late = (board_membership_factory().user for _ in range(3))
    for member in (first, second):
        board_decision_record(proposal=proposal, member=member, decision="approve")

    html = page(chair).get(proposal.get_absolute_url()).content.decode()

    history = html[html.index('id="history-h"') :]
    approved = history[history.index("Approved by the board") :]
    line = approved[: approved.index("</li>")]
    assert f"on the approvals of {first.display_name}, {second.display_name}" in line
    assert "automatically" not in line
    assert late.display_name not in html


# --- the deadline on the create and edit forms (item 5) -------------------------------


def _create(client, group, procedure, **extra):
    data = {
        "title": "Inclusive apprenticeships",
        "summary": "Apprenticeships for people far from work.",
        "working_group": group.pk,
        "procedure": procedure.pk,
        **extra,
    }
    return client.post(reverse("proposal-create"), data, follow=True)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_chair_sets_the_consultation_deadline_when_creating(page, working_group, procedure):
    chair = working_group.chair
    form = page(chair).get(reverse("proposal-create")).content.decode()
    assert 'name="consultation_closes_at"' in form
    assert f"{procedure.name}: at least {procedure.min_consultation_days} days" in form
    assert "it is needed to submit for consultation" in form
    deadline = timezone.now() + timedelta(days=procedure.min_consultation_days + 3)

    response = _create(
        page(chair), working_group, procedure, consultation_closes_at=_local(deadline)
    )

    proposal = Proposal.objects.get(title="Inclusive apprenticeships")
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert proposal.consultation_closes_at.replace(second=0, microsecond=0) == deadline.replace(
        second=0, microsecond=0
    )


def test_a_deadline_too_soon_is_refused_as_on_the_edit_form_and_creates_nothing(
    page, working_group, procedure
):
    too_soon = timezone.now() + timedelta(days=procedure.min_consultation_days - 1)

    response = _create(
        page(working_group.chair), working_group, procedure, consultation_closes_at=_local(too_soon)
    )

    assert response.status_code == 200
    assert (
        f"The consultation must last at least {procedure.min_consultation_days} days"
        in response.content.decode()
    )
    assert not Proposal.objects.filter(title="Inclusive apprenticeships").exists()


def test_the_deadline_may_stay_empty_and_members_who_do_not_chair_are_not_asked(
    page, working_group, procedure, user_factory
):
    member = user_factory()
    working_group.members.add(member)
    assert 'name="consultation_closes_at"' not in (
        page(member).get(reverse("proposal-create")).content.decode()
    )

    response = _create(page(working_group.chair), working_group, procedure)

    proposal = Proposal.objects.get(title="Inclusive apprenticeships")
    assert proposal.consultation_closes_at is None
    assert "created" in " ".join(messages_of(response))


def test_the_edit_form_says_the_deadline_is_needed_to_submit_not_optional(page, drafted, chair):
    html = page(chair).get(reverse("proposal-edit", args=[drafted.pk])).content.decode()

    label = html[html.index('for="id_consultation_closes_at"') :]
    label = label[: label.index("</label>")]
    assert "(needed to submit for consultation)" in label
    assert "optional" not in label


# --- papers and publishing (item 10) --------------------------------------------------


def _approved(proposal, *, status="ready", preview_at=None):
    """``proposal`` put straight into ``approved`` with its adopted version's papers
    (rows only) and, ``preview_at``, a draft preview made then."""
    if preview_at is not None:
        preview = PositionPaper.objects.create(
            proposal=proposal, language="en", preview=True, status="ready", file="p/pre.pdf"
        )
        PositionPaper.objects.filter(pk=preview.pk).update(created_at=preview_at)
    Proposal.objects.filter(pk=proposal.pk).update(state="approved")
    proposal.refresh_from_db()
    version = Version.objects.create(
        proposal=proposal, number=1, reason=Version.Reason.ADOPTED, title=proposal.title
    )
    for language in proposal.procedure.languages:
        PositionPaper.objects.create(
            proposal=proposal,
            version=version,
            language=language,
            status=status,
            file=f"p/{language}.pdf",
        )
    return proposal


def test_previews_older_than_the_official_papers_fold_under_earlier_drafts(
    page, drafted, secretariat
):
    proposal = _approved(drafted, preview_at=timezone.now() - timedelta(days=2))

    html = page(secretariat).get(proposal.get_absolute_url()).content.decode()

    papers = html[html.index('id="papers-h"') :]
    papers = papers[: papers.index("</section>")]
    listed, folded = papers.split('<details class="earlier-drafts">')
    assert "draft preview" not in listed and "version 1" in listed
    assert "Earlier draft (1)" in folded and "draft preview" in folded


def test_the_secretariat_and_the_board_are_told_to_publish_an_approved_paper(
    page, drafted, secretariat, board_member, representative
):
    proposal = _approved(drafted)

    for person in (secretariat, board_member):
        html = page(person).get("/").content.decode()
        ready = html[html.index('id="dash-publish"') :]
        assert proposal.title in ready[: ready.index("</section>")]
        assert f"{proposal.get_absolute_url()}#action-publish" in ready
    assert 'id="dash-publish"' not in page(representative).get("/").content.decode()


def test_papers_still_rendering_are_not_offered_for_publishing(page, drafted, secretariat):
    _approved(drafted, status="pending")

    assert 'id="dash-publish"' not in page(secretariat).get("/").content.decode()


def test_ready_to_publish_costs_the_same_for_1_and_5_proposals(
    client, secretariat, proposal_factory
):
    client.force_login(secretariat)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    _approved(proposal_factory())
    one = queries()
    for _ in range(4):
        _approved(proposal_factory())
    assert queries() == one
    assert client.get("/").content.decode().count("#action-publish") >= 10


def test_a_closed_vote_is_labelled_vote_closed_not_vote_closes(page, in_voting, run, chair):
    open_html = page(chair).get(in_voting.get_absolute_url()).content.decode()
    proposal = _to_board_review(in_voting, run, chair, approvals=1)

    html = page(chair).get(proposal.get_absolute_url()).content.decode()

    assert "<dt>Vote closes</dt>" in open_html
    facts = html[: html.index('id="history-h"')]
    assert "<dt>Vote closed</dt>" in facts and "Vote closes" not in facts
