"""The proposal page shows a paper becoming ready without a reload: htmx (a static
file) polls the papers' partial every 2 s while one is pending or rendering, and
stops once none is. No console error (no inline script, eval or style needed)."""

import pytest
from playwright.sync_api import expect

from papers.models import PositionPaper
from papers.services import _working_text, paper_render, snapshot_sha256

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pending_preview_turns_ready_on_the_open_page(
    browse, sign_in, shot, proposal_factory, section_factory, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section_factory(proposal=proposal, heading="Why reserved contracts matter")
    snapshot = _working_text(proposal)
    # asked for, not yet rendered (its queued render is run below, by hand)
    paper = PositionPaper.objects.create(
        proposal=proposal,
        language="en",
        preview=True,
        snapshot=snapshot,
        snapshot_sha256=snapshot_sha256(snapshot),
    )
    page = browse()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, proposal.working_group.chair)
    page.goto(proposal.get_absolute_url())
    papers = page.locator(f"#papers-live-{proposal.pk}")
    expect(papers).to_contain_text("Waiting to be rendered…")
    page.evaluate("window.notReloaded = true")

    PositionPaper.objects.filter(pk=paper.pk).update(status="rendering")
    expect(papers).to_contain_text("Being rendered…", timeout=6_000)
    PositionPaper.objects.filter(pk=paper.pk).update(status="pending")
    assert paper_render(paper_id=paper.pk) == "ready"

    expect(page.locator(f"#papers-live-{proposal.pk}")).to_contain_text(
        "Download PDF", timeout=8_000
    )
    assert page.evaluate("window.notReloaded === true")  # updated in place
    expect(page.locator(f"#papers-live-{proposal.pk}")).not_to_have_attribute(
        "hx-trigger", "every 2s"
    )  # polling has stopped
    assert not errors, errors
    shot(page, "paper-ready-without-reload")
