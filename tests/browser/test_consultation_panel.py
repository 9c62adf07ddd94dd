"""A long section's threads load into the proposal page when the reader opens them
(htmx, a static file): no reload, no console error or CSP violation, the headings
and landmarks unchanged. Without JavaScript the same summary leads to the list."""

import pytest
from playwright.sync_api import expect

from consultations.models import Comment
from consultations.presenters import INLINE_COMMENTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""

OUTLINE = """() => ({
  headings: [...document.querySelectorAll("h1, h2, h3, h4")].map((h) => h.tagName),
  landmarks: [...document.querySelectorAll(
    "main, nav, aside, body > header, body > footer, section[aria-labelledby], [role]"
  )].length,
  ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
})"""


@pytest.fixture
def long_section(proposal_factory, section_factory, representative_factory, run):
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section = section_factory(proposal=proposal, heading="Why reserved contracts matter")
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    author = representative_factory()
    Comment.objects.bulk_create(
        Comment(
            proposal=proposal,
            section=section,
            author=author,
            organisation=author.organisation,
            body=f"Remark {n} on the target.",
        )
        for n in range(INLINE_COMMENTS + 5)
    )
    return proposal, section


def test_the_threads_load_in_place_when_opened(
    browse, sign_in, shot, long_section, representative_factory
):
    proposal, _section = long_section
    page = browse()
    page.context.add_init_script(LISTEN)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, representative_factory())
    page.goto(proposal.get_absolute_url())
    before = page.evaluate(OUTLINE)
    page.evaluate("window.notReloaded = true")
    expect(page.get_by_text("Remark 0 on the target.")).to_have_count(0)

    page.get_by_text(f"Comments: {INLINE_COMMENTS + 5} threads").click()

    threads = page.locator(".thread-list")
    expect(threads.get_by_text("Remark 0 on the target.")).to_be_visible()
    expect(threads.locator("article.comment")).to_have_count(INLINE_COMMENTS + 5)
    assert page.evaluate("window.notReloaded === true")
    after = page.evaluate(OUTLINE)
    assert after["headings"] == before["headings"]  # the loaded threads add no heading
    assert after["landmarks"] == before["landmarks"]
    assert len(after["ids"]) == len(set(after["ids"])), "duplicate ids after loading"
    assert not page.evaluate("window.__csp"), page.evaluate("window.__csp")
    assert not errors, errors
    shot(page, "section-threads-loaded")


def test_without_javascript_the_summary_leads_to_the_threads_page(
    chromium, live_server, sign_in, long_section, representative_factory
):
    proposal, section = long_section
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, representative_factory())
        page.goto(proposal.get_absolute_url())

        page.get_by_text(f"Comments: {INLINE_COMMENTS + 5} threads").click()
        page.get_by_role("link", name=f"Read the {INLINE_COMMENTS + 5} comments").click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Comments on “{section.heading}”"
        )
        expect(page.locator("article.comment")).to_have_count(INLINE_COMMENTS + 5)
    finally:
        context.close()
