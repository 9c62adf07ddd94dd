"""Issue 14's page items 7, 8 and 9 in Chromium, as a user sees them: nothing spills
out of a phone's screen, French navigation on one line, a styled 404, European dates,
only the state filters a user can use."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from proposals.models import Proposal
from tests.papers.conftest import approve, make_board_review, media_root, publish  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375


def _no_horizontal_scroll(page) -> None:
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"the page is {scroll}px wide on a {client}px screen"


@pytest.fixture
def published(make_board_review, approve, publish, media_root):  # noqa: F811
    return publish(approve(make_board_review(languages=("en", "fr"), title="Reserved contracts")))


def test_papers_register_fits_a_phone_with_a_short_checksum(browse, shot, published):
    paper = published.papers.get(language="en")
    page = browse(width=PHONE)
    page.goto("/papers/")

    expect(page.get_by_role("heading", name="Reserved contracts")).to_be_visible()
    _no_horizontal_scroll(page)
    summary = page.locator("details summary").first
    expect(summary).to_contain_text(f"{paper.sha256[:8]}…{paper.sha256[-8:]}")
    assert summary.bounding_box()["height"] < 40, "the short checksum holds on one line"

    summary.click()
    full = page.locator("details[open] code.sha256")
    expect(full).to_have_text(paper.sha256)
    assert full.bounding_box()["height"] < 60, "the full checksum wraps on two or three lines"
    _no_horizontal_scroll(page)
    shot(page, "layout-01-papers-phone")


def test_proposal_page_fits_a_phone(browse, sign_in, shot, proposal_factory, section_factory, run):
    proposal = proposal_factory()
    section_factory(
        proposal=proposal,
        heading="Why reserved contracts matter",
        body="Article 20 of Directive 2014/24/EU lets public buyers reserve contracts.\n\n"
        "- Few member states use it.\n- Fewer still monitor it.",
    )
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    page = browse(width=PHONE)
    sign_in(page, chair, next_url=proposal.get_absolute_url())

    expect(page.get_by_role("heading", name=proposal.title)).to_be_visible()
    _no_horizontal_scroll(page)
    page.goto("/proposals/")
    _no_horizontal_scroll(page)
    shot(page, "layout-02-proposal-phone")


def test_french_navigation_holds_on_one_line_at_1280(
    browse, sign_in, shot, board_membership_factory, user_factory
):
    # The longest navigation there is: board member and secretariat, a long name.
    user = user_factory(
        is_staff=True, first_name="Marie-Christine", last_name="de Villeneuve-Dupont", language="fr"
    )
    board_membership_factory(user=user)
    page = browse(width=1280)
    sign_in(page, user)
    expect(page.get_by_role("link", name="Conseil d’administration")).to_be_visible()

    links = page.locator(".mainnav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert links.count() == 5 and len(tops) == 1, f"the navigation wraps: rows at {tops}"
    brand = page.locator(".brand").bounding_box()
    sign_out = page.get_by_role("button", name="Se déconnecter").bounding_box()
    assert abs(brand["y"] + brand["height"] / 2 - (sign_out["y"] + sign_out["height"] / 2)) < 8
    assert page.locator(".topbar").bounding_box()["height"] < 70
    last_link = links.nth(links.count() - 1).bounding_box()
    user_menu = page.locator(".usernav").bounding_box()
    assert last_link["x"] + last_link["width"] <= user_menu["x"], "the links run under the menu"
    for name in ("Ce qui m’attend", "Administration"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_in_viewport(ratio=1)
    _no_horizontal_scroll(page)
    shot(page, "layout-03-french-nav-1280", full_page=False)


def test_a_missing_page_is_the_styled_404(browse, shot):
    page = browse(width=PHONE)
    response = page.goto("/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
    expect(page.get_by_role("link", name="Published papers").last).to_be_visible()
    background = page.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(31, 78, 156)", "the site's stylesheet is applied"
    assert page.locator('link[rel="icon"]').get_attribute("href").endswith("favicon.svg")
    _no_horizontal_scroll(page)
    shot(page, "layout-04-404")


def test_dates_read_the_european_way(browse, sign_in, proposal_factory):
    proposal = proposal_factory()
    chair = proposal.working_group.chair
    # 23:05 in Brussels on the first of December.
    Proposal.objects.filter(pk=proposal.pk).update(
        updated_at=datetime(2026, 12, 1, 22, 5, tzinfo=UTC)
    )
    page = browse()
    sign_in(page, chair, next_url="/proposals/")

    expect(page.locator(".proposal-list")).to_contain_text("updated 1 Dec 2026, 23:05 CET")

    page.locator("#language-select").select_option("fr")
    expect(page.locator(".proposal-list")).to_contain_text("1er décembre 2026 à 23:05 CET")


def test_state_filter_offers_only_states_the_user_can_see(
    browse, sign_in, proposal_factory, representative_factory
):
    proposal = proposal_factory()
    rep = representative_factory()
    page = browse()
    sign_in(page, rep, next_url="/proposals/")
    state = page.get_by_label("State")
    expect(state.locator("option", has_text="In consultation")).to_have_count(1)
    expect(state.locator("option", has_text="Draft")).to_have_count(0)

    chair_page = browse()
    sign_in(chair_page, proposal.working_group.chair, next_url="/proposals/new/")
    expect(chair_page.get_by_text("the board and the secretariat see it")).to_be_visible()
    chair_page.goto("/proposals/")
    expect(chair_page.get_by_label("State").locator("option", has_text="Draft")).to_have_count(1)


def test_dashboard_with_a_long_organisation_name_fits_a_phone(
    browse, sign_in, shot, representative_factory
):
    rep = representative_factory(organisation__name="Bundesarbeitsgemeinschaft Integrationsfirmen")
    page = browse(width=PHONE)
    sign_in(page, rep)

    expect(page.get_by_role("heading", name="What needs me now")).to_be_visible()
    _no_horizontal_scroll(page)
    shot(page, "layout-05-dashboard-phone")


def test_a_300_character_title_and_words_without_spaces_fit_a_phone(
    browse, sign_in, shot, proposal_factory, section_factory, run
):
    """The longest title the form takes, a heading and a paragraph with no space in them (a
    pasted link, a German compound): they break, the page does not grow sideways."""
    proposal = proposal_factory(title="T" * 300, summary="S" * 600)
    section_factory(
        proposal=proposal,
        heading="H" * 300,
        body="B" * 2000 + "\n\nhttps://example.org/" + "x" * 400,
    )
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    page = browse(width=PHONE)
    sign_in(page, chair, next_url=proposal.get_absolute_url())

    expect(page.get_by_role("heading", name="T" * 300)).to_be_visible()
    _no_horizontal_scroll(page)
    shot(page, "layout-06-long-title-phone")
    for url in ("/", "/proposals/", f"/proposals/{proposal.pk}/versions/1/"):
        page.goto(url)
        _no_horizontal_scroll(page)
