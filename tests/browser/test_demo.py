"""The demo as a visitor first reads it: each proposal's text is about its title."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from proposals.models import Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    return {p.title: p for p in Proposal.objects.all()}


def _headings(page) -> list[str]:
    return [
        text.split(".", 1)[1].strip()  # "1.Why we speak now"
        for text in page.locator("article.section-block h3").all_inner_texts()
    ]


def _text(page) -> str:
    return " ".join(page.locator("article.section-block").all_inner_texts())


def test_each_demo_proposal_reads_as_its_own_paper(browse, shot, demo):
    page = browse()
    page.goto("/login/?next=/")
    page.get_by_label("Username").fill("secretariat")  # sees drafts too
    page.get_by_label("Password").fill("plenum-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    seen: dict[str, tuple[list[str], str]] = {}
    for title, proposal in demo.items():
        page.goto(proposal.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        seen[title] = (_headings(page), _text(page))

    investeu_headings, investeu = seen["Social clauses in InvestEU guarantees"]
    assert "InvestEU" in investeu and "ESF+" not in investeu
    assert investeu_headings == ["Why we speak now", "Our statement"]
    pillar_headings, pillar = seen["Social economy and the European Pillar of Social Rights"]
    assert "Why pathways matter" not in pillar_headings and "Pillar of Social Rights" in pillar
    label = seen["A European label for social enterprises"][1]
    action_plan = seen["Response to the consultation on the Social Economy Action Plan review"][1]
    assert "label" in label and "label" not in action_plan
    headings = [h for hs, _ in seen.values() for h in hs]
    assert len(headings) == len(set(headings)), "two demo proposals share a section heading"

    page.goto(demo["Social economy and the European Pillar of Social Rights"].get_absolute_url())
    shot(page, "demo-pp-007-published")
