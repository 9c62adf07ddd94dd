"""What people do, in a real browser: draft and submit, vote, switch to French."""

import re

import pytest
from playwright.sync_api import expect

from proposals.models import ProposalState
from voting.models import Ballot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(proposal_factory, section_factory):
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section_factory(
        proposal=proposal,
        heading="Why reserved contracts matter",
        body="Public buyers spend around 14% of EU GDP.\n\nReserved contracts are underused.",
    )
    return proposal


def test_chair_adds_a_section_and_submits_for_consultation(browse, sign_in, shot, draft):
    chair = draft.working_group.chair
    page = browse()
    sign_in(page, chair)
    expect(page.get_by_role("heading", name="What needs me now")).to_be_visible()
    shot(page, "01-dashboard-chair")

    page.get_by_role("link", name=draft.title).first.click()
    page.get_by_role("link", name="Add a section").click()
    page.get_by_label("Heading").fill("What we ask")
    page.get_by_label("Text").fill(
        "Member states should reserve 5% of public contracts.\n\nThe Commission should monitor."
    )
    page.get_by_role("button", name="Add the section").click()

    expect(page.get_by_text("Section “What we ask” added.")).to_be_visible()
    expect(page.get_by_role("heading", name="2.What we ask")).to_be_visible()
    shot(page, "02-proposal-draft")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Submit for consultation").click()

    expect(page.get_by_text("The consultation is open.")).to_be_visible()
    assert asked == ["Every member organisation will be emailed. Open the consultation?"]
    expect(page.locator(".page-head .badge")).to_have_text("In consultation")
    shot(page, "03-proposal-in-consultation")
    draft.refresh_from_db()
    assert draft.state == ProposalState.CONSULTATION
    assert [s["heading"] for s in draft.versions.get().sections] == [
        "Why reserved contracts matter",
        "What we ask",
    ]


def test_representative_votes_and_sees_a_receipt(
    browse, sign_in, shot, draft, run, representative_factory
):
    chair = draft.working_group.chair
    reps = representative_factory.create_batch(2)
    run(draft, "submit_for_consultation", chair)
    run(draft, "close_consultation", chair)
    run(draft, "open_vote", chair)
    rep = reps[0]
    page = browse()
    sign_in(page, rep)

    page.get_by_role("link", name=draft.title).first.click()
    expect(page.get_by_role("heading", name=re.compile("^Vote: "))).to_be_visible()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Cast the ballot").click()

    ballot = Ballot.objects.get(organisation=rep.organisation)
    expect(page.get_by_text("Current ballot: Yes")).to_be_visible()
    expect(page.locator(".receipt")).to_have_text(ballot.receipt)
    expect(page.get_by_role("status")).to_contain_text(ballot.receipt)
    shot(page, "04-vote-cast")

    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Change the ballot").click()
    expect(page.get_by_text("Current ballot: No")).to_be_visible()
    assert Ballot.objects.get(organisation=rep.organisation).choice == "no"


def test_switching_to_french(browse, sign_in, shot, draft, run, representative_factory):
    representative = representative_factory()
    run(draft, "submit_for_consultation", draft.working_group.chair)
    page = browse()
    sign_in(page, representative)

    page.get_by_label("Language").select_option("fr")

    expect(page.get_by_role("heading", name="Ce qui m’attend maintenant")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Propositions", exact=True).click()
    expect(page.locator(".proposal-list .badge").first).to_have_text("En consultation")
    shot(page, "05-proposals-in-french")


def test_two_editors_nothing_is_lost(browse, sign_in, shot, draft, user_factory):
    chair = draft.working_group.chair
    colleague = user_factory()
    draft.working_group.members.add(colleague)
    section = draft.sections.get()
    url = f"/proposals/{draft.pk}/sections/{section.pk}/edit/"
    mine, theirs = browse(), browse()
    sign_in(mine, chair, url)
    sign_in(theirs, colleague, url)

    theirs.get_by_label("Text").fill("Their careful wording.")
    theirs.get_by_role("button", name="Save").click()
    expect(theirs.get_by_text("saved.")).to_be_visible()
    mine.get_by_label("Text").fill("My late-night wording.")
    mine.get_by_role("button", name="Save").click()

    expect(mine.get_by_text("Someone else saved this section since you opened it.")).to_be_visible()
    expect(mine.get_by_label("Their text, to copy from")).to_have_value("Their careful wording.")
    expect(mine.get_by_role("textbox", name=re.compile("^Text"))).to_have_value(
        "My late-night wording."
    )
    shot(mine, "06-edit-conflict")


def test_pages_fit_a_phone(browse, sign_in, shot, draft, run, representative_factory):
    representative = representative_factory()
    run(draft, "submit_for_consultation", draft.working_group.chair)
    page = browse(width=375, height=800)
    sign_in(page, representative)

    for url in ("/", "/proposals/", draft.get_absolute_url()):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (url, overflow)
    shot(page, "07-proposal-phone")


def test_a_chair_who_answers_no_to_the_confirmation_changes_nothing(browse, sign_in, draft):
    chair = draft.working_group.chair
    page = browse()
    sign_in(page, chair)
    page.goto(draft.get_absolute_url())

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Submit for consultation").click()

    expect(page.locator(".page-head .badge")).to_have_text("Draft")
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT
