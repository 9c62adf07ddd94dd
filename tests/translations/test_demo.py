"""The demo: a paper in English and French with French text, a German translation
outdated by an accepted amendment."""

import pytest
from django.core.management import call_command

from proposals.models import Proposal
from translations import demo
from translations.selectors import translation_detail, translation_summaries

pytestmark = pytest.mark.django_db


def test_seed_demo_translates_the_published_paper_and_outdates_one_german_paragraph(
    settings, tmp_path
):
    # Only the ``settings`` fixture: an ``override_settings`` decorator beside it is
    # undone first, and the fixture's own undo then restored DEBUG=True for every later
    # test (the styled 404 and the 503 tests saw Django's debug pages).
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)

    pillar = Proposal.objects.get(title=demo.PILLAR)
    assert pillar.state == "published"
    french = translation_detail(proposal=pillar, language="fr")
    assert french["status"] == "complete"
    assert french["title"] == "L'économie sociale et le socle européen des droits sociaux"
    assert pillar.papers.get(language="fr", preview=False).status == "ready"

    plan = Proposal.objects.get(title=demo.ACTION_PLAN)
    statuses = {t["language"]: t for t in translation_summaries(proposal=plan)}
    assert statuses["de"]["status"] == "outdated"
    assert statuses["de"]["outdated"] == [{"unit": "s2.p2", "section": 2, "paragraph": 2}]
    assert statuses["fr"]["status"] == "missing"
