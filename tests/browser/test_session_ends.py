"""A chair's long section survives the session ending before Save (config/drafts.py), in
Chromium: signed out (the session cookie gone), or signed out and in again in another tab
(the form's CSRF token stale). The view side is tests/web/test_drafts.py."""

import pytest
from playwright.sync_api import expect

from proposals.models import Section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = ("Reserved contracts need monitoring, paragraph after paragraph. " * 80).strip()


@pytest.fixture
def drafting(proposal_factory, section_factory):
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section = section_factory(proposal=proposal, heading="Why it matters", body="Old text.")
    return proposal, section


def _type_the_section(page, proposal, section):
    page.goto(f"/proposals/{proposal.pk}/sections/{section.pk}/edit/")
    page.get_by_label("Text").fill(TEXT)


def _save(page):
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()


def test_the_session_expired_the_text_comes_back_after_signing_in(browse, sign_in, shot, drafting):
    proposal, section = drafting
    chair = proposal.working_group.chair
    page = browse(width=375)
    sign_in(page, chair)
    _type_the_section(page, proposal, section)
    kept = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)  # the session ended; the tab still shows the form

    _save(page)
    expect(page.get_by_role("status")).to_contain_text("You were signed out, so nothing was saved.")
    page.get_by_label("Username or email").fill(chair.username)
    page.get_by_label("Password").fill("secret-pass-123")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_label("Text")).to_have_value(TEXT)
    assert Section.objects.get(pk=section.pk).body == "Old text."  # saved only by Save
    shot(page, "session-ends-text-back")
    _save(page)
    assert Section.objects.get(pk=section.pk).body == TEXT


def test_signed_in_again_in_another_tab_the_old_tab_keeps_its_text(browse, sign_in, shot, drafting):
    proposal, section = drafting
    chair = proposal.working_group.chair
    page = browse()
    sign_in(page, chair)
    _type_the_section(page, proposal, section)
    other = page.context.new_page()
    other.goto("/")
    with other.expect_navigation():
        other.get_by_role("button", name="Sign out").click()
    sign_in(other, chair)  # a new CSRF token: the first tab's form holds the old one

    _save(page)

    expect(page.get_by_label("Text")).to_have_value(TEXT)
    expect(page.locator("body")).to_contain_text("The form had expired")
    expect(page.locator("body")).not_to_contain_text("CSRF verification failed")
    shot(page, "session-ends-other-tab")


@pytest.fixture
def voting(proposal_factory, section_factory, representative_factory, run):
    """A vote open on a proposal; ``rep`` represents an eligible organisation."""
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section_factory(proposal=proposal, heading="Why it matters")
    rep = representative_factory()
    chair = proposal.working_group.chair
    for name in ("submit_for_consultation", "close_consultation", "open_vote"):
        proposal = run(proposal, name, chair)
    return proposal, rep


def test_a_ballot_cast_after_the_session_ended_comes_back_selected_not_cast(
    browse, sign_in, shot, voting
):
    """A representative chooses "No" and presses Cast after the session expired: signed in
    again, the vote page has "No" selected, says it is not cast yet, and passes axe; only
    pressing again casts it."""
    from tests.browser.test_axe import Findings
    from voting.models import Ballot

    proposal, rep = voting
    page = browse(width=375)
    sign_in(page, rep)
    page.goto(f"/proposals/{proposal.pk}/vote/")
    page.get_by_label("No", exact=True).check()
    kept = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)  # the session ended; the tab still shows the ballot

    with page.expect_navigation():
        page.get_by_role("button", name="Cast the ballot").click()
    expect(page.get_by_role("status")).to_contain_text(
        "You were signed out, so your ballot was not cast."
    )
    page.get_by_label("Username or email").fill(rep.username)
    page.get_by_label("Password").fill("secret-pass-123")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_label("No", exact=True)).to_be_checked()
    expect(page.get_by_role("status")).to_contain_text("It is not cast yet")
    expect(page.locator(".ballot-box")).to_contain_text("Not cast yet.")
    assert not Ballot.objects.exists()  # cast only by pressing again
    findings = Findings()
    findings.check(page, "vote page with the kept ballot")
    assert not findings.lines, "\n".join(findings.lines)
    shot(page, "session-ends-ballot-back")

    with page.expect_navigation():
        page.get_by_role("button", name="Cast the ballot").click()
    expect(page.get_by_role("status")).to_contain_text("Keep the receipt")
    assert Ballot.objects.get().choice == "no"
