"""Answering the EU in Chromium: the chair links an initiative and sees the plan; the
secretariat copies the pack's data, watches the live count and records the submission."""

import pytest
from playwright.sync_api import expect

from eu.models import Submission
from members.models import Network
from proposals.models import EuInitiative
from tests.papers.conftest import paper_factory  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_links_sees_the_plan_and_secretariat_records(
    browse,
    sign_in,
    shot,
    proposal_factory,
    paper_factory,  # noqa: F811
    secretariat_factory,
):
    proposal = proposal_factory(title="Answer to the action plan review")
    page = browse()
    sign_in(page, proposal.working_group.chair, next_url=f"/proposals/{proposal.pk}/")
    page.get_by_role("link", name="Link an EU initiative").click()
    page.get_by_label("Title").fill("Social economy action plan: review")
    page.get_by_label("Link").fill("https://ec.europa.eu/have-your-say/14210")
    page.get_by_label("Kind").select_option("call_for_evidence")
    page.get_by_label("Closing day").fill("2027-04-07")
    page.get_by_label("Commission reference").fill("Ares(2027)1")
    page.get_by_role("button", name="Save").click()

    panel = page.locator(".eu-panel")
    expect(panel).to_contain_text("Social economy action plan: review")
    expect(panel).to_contain_text("The plan fits before the EU deadline.")
    expect(panel.locator("[data-step=translations]")).to_contain_text("8 Apr 2027, 00:00 CEST")
    # The default procedure: translations 5 days, board 7, vote 7 before the EU date.
    expect(panel.locator("[data-step=vote]")).to_contain_text("27 Mar 2027, 00:00 CET")
    expect(panel.locator("[data-step=consultation]")).to_contain_text("20 Mar 2027, 00:00 CET")
    shot(page, "eu-plan")

    approved = paper_factory(state="approved").proposal
    EuInitiative.objects.create(
        proposal=approved,
        title="Call",
        url="https://ec.europa.eu/1",
        kind="other",
        closes_at=EuInitiative.objects.get(proposal=proposal).closes_at,
    )
    network = Network.objects.get_solo()
    network.transparency_register_id = "123456789012-34"
    network.save()
    secretariat = secretariat_factory()
    desk = browse()
    desk.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(desk, secretariat, next_url=f"/proposals/{approved.pk}/submission/")

    desk.locator("button[data-copy-from=org-tr]").click()
    expect(desk.locator("button[data-copy-from=org-tr]")).to_have_attribute("data-copied", "")
    assert desk.evaluate("navigator.clipboard.readText()") == "123456789012-34"
    text = desk.get_by_role("textbox", name="Feedback text")
    text.fill("Économie sociale 😀\nfin")
    expect(desk.locator("[data-count-of]")).to_have_text("22")
    desk.get_by_role("button", name="Save the text").click()
    expect(desk.locator("[data-count-of]")).to_have_text("22")

    desk.get_by_label("Submitted on").fill("2026-12-01")
    desk.get_by_label("Portal reference").fill("F3345678")
    desk.get_by_role("button", name="Record the submission").click()
    expect(desk.locator(".eu-submitted")).to_contain_text(
        "Submitted to the European Commission on 1 Dec 2026"
    )
    shot(desk, "eu-pack-recorded")
    submission = Submission.objects.get(proposal=approved)
    assert submission.portal_reference == "F3345678"
    assert submission.feedback_text == "Économie sociale 😀\nfin"
