"""Issue 14's workflow page items as a user meets them in Chromium: closing a
consultation early, the board's approval in the history, the deadline on the
create form, and an approved paper to publish."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from papers.models import PositionPaper
from proposals.models import Proposal, Version
from tests import factories
from voting.selectors import round_latest
from voting.services import ballot_cast
from workflow.board import board_decision_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(proposal_factory, section_factory):
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section_factory(proposal=proposal, heading="Why it matters", body="Public buyers spend.")
    return proposal


def test_chair_closes_the_consultation_early_and_the_page_says_so(
    browse, sign_in, shot, draft, run
):
    chair = draft.working_group.chair
    run(draft, "submit_for_consultation", chair)
    page = browse()
    sign_in(page, chair, next_url=draft.get_absolute_url())
    expect(page.locator(".facts")).to_contain_text("Consultation closes")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Close the consultation now").click()

    expect(page.get_by_text("The consultation is closed; the text is in revision.")).to_be_visible()
    assert asked == ["Members will no longer be able to comment or amend. Close it now?"]
    facts = page.locator(".facts")
    expect(facts).not_to_contain_text("Consultation closes")
    expect(facts.locator("dt", has_text="Consultation closed")).to_be_visible()
    expect(page.locator("#consultation-closed")).to_contain_text(
        f"closed early by the chair, {chair.display_name}"
    )
    shot(page, "14-02-consultation-closed-early")


def test_the_history_names_the_board_members_who_approved(
    browse, sign_in, shot, draft, run, representative_factory
):
    chair = draft.working_group.chair
    draft.procedure.board_approvals_required = 2
    draft.procedure.save()
    reps = representative_factory.create_batch(2)
    for name in ("submit_for_consultation", "close_consultation", "open_vote"):
        run(draft, name, chair)
    voting_round = round_latest(proposal_id=draft.pk)
    for rep in reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    run(draft, "close_vote", chair)
    members = [factories.BoardMembershipFactory().user for _ in range(2)]
    for member in members:
        board_decision_record(proposal=draft, member=member, decision="approve")
    page = browse()
    sign_in(page, chair, next_url=draft.get_absolute_url())

    line = page.locator(".timeline li", has_text="Approved by the board")
    expect(line).to_contain_text(
        f"on the approvals of {members[0].display_name}, {members[1].display_name}"
    )
    expect(line).not_to_contain_text("automatically")
    shot(page, "14-02-history-approval")


def test_chair_sets_the_consultation_deadline_on_the_create_form(
    browse, sign_in, shot, working_group_factory, procedure_factory
):
    group = working_group_factory()
    procedure = procedure_factory(name="Standard procedure", min_consultation_days=14)
    page = browse()
    sign_in(page, group.chair, next_url="/proposals/new/")

    field = page.get_by_label(re.compile("^Consultation closes at"))
    expect(page.locator("label[for=id_consultation_closes_at]")).to_contain_text("optional")
    expect(page.get_by_text("Standard procedure: at least 14 days")).to_be_visible()
    page.get_by_label("Title").fill("Inclusive apprenticeships")
    page.get_by_label("Procedure").select_option(label=procedure.name)
    field.fill((timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Create the draft").click()

    expect(page.get_by_text("The consultation must last at least 14 days")).to_be_visible()
    shot(page, "14-05-create-deadline-too-soon")
    field = page.get_by_label(re.compile("^Consultation closes at"))
    field.fill((timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Create the draft").click()

    expect(page.locator(".facts")).to_contain_text("Consultation planned to close")
    proposal = Proposal.objects.get(title="Inclusive apprenticeships")
    assert proposal.consultation_closes_at is not None
    page.get_by_role("link", name="Edit title, summary and deadline").click()
    expect(page.locator("label[for=id_consultation_closes_at]")).to_contain_text(
        "(needed to submit for consultation)"
    )
    shot(page, "14-05-edit-deadline-needed")


def test_secretariat_is_told_to_publish_and_old_previews_are_folded(browse, sign_in, shot, draft):
    preview = PositionPaper.objects.create(
        proposal=draft, language="en", preview=True, status="ready", file="p/pre.pdf"
    )
    PositionPaper.objects.filter(pk=preview.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    Proposal.objects.filter(pk=draft.pk).update(state="approved")
    version = Version.objects.create(
        proposal=draft, number=1, reason=Version.Reason.ADOPTED, title=draft.title
    )
    for language in draft.procedure.languages:
        PositionPaper.objects.create(
            proposal=draft, version=version, language=language, status="ready", file="p/x.pdf"
        )
    secretariat = factories.SecretariatFactory()
    page = browse()
    sign_in(page, secretariat)

    ready = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Ready to publish"))
    )
    expect(ready).to_contain_text(draft.title)
    shot(page, "14-10-dashboard-ready-to-publish")
    ready.get_by_role("link", name=re.compile("^Publish the position paper")).click()

    papers = page.locator("section", has=page.get_by_role("heading", name="Position papers"))
    expect(papers.get_by_text("draft preview")).to_be_hidden()
    expect(papers.get_by_text("version 1")).to_be_visible()
    papers.get_by_text("Earlier draft (1)").click()
    expect(papers.get_by_text("draft preview")).to_be_visible()
    expect(page.get_by_role("button", name="Publish the position paper")).to_be_visible()
    shot(page, "14-10-papers-earlier-drafts")
