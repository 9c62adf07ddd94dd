"""consultations.demo: realistic comments and amendments on the demo proposals."""

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings

from consultations import demo
from consultations.models import Amendment, AmendmentSupport, Comment
from consultations.selectors import consultation_report
from proposals.models import Proposal
from proposals.text import split_paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def reps(representative_factory):
    return representative_factory.create_batch(8)


def test_a_proposal_in_consultation_gets_comments_amendments_and_supports(consulting, reps):
    result = demo.seed({})

    assert result["consultations"][consulting.reference]["amendments"] == 3
    assert Comment.objects.filter(proposal=consulting, parent=None).count() == 8
    assert Comment.objects.filter(proposal=consulting, parent__isnull=False).count() == 3
    assert Amendment.objects.filter(proposal=consulting, status="proposed").count() == 3
    assert AmendmentSupport.objects.filter(amendment__proposal=consulting).exists()
    assert not AmendmentSupport.objects.filter(
        amendment__proposal=consulting, organisation=F("amendment__organisation")
    ).exists()


def test_a_proposal_in_revision_gets_some_amendments_decided_and_applied(revising, reps):
    before = split_paragraphs(revising.section.body)

    demo.seed({})

    statuses = list(
        Amendment.objects.filter(proposal=revising).order_by("id").values_list("status", flat=True)
    )
    assert statuses == ["accepted", "accepted_with_changes", "proposed"]  # one left to decide
    revising.section.refresh_from_db()
    after = split_paragraphs(revising.section.body)
    assert len(after) == len(before) + 1  # the accepted insertion
    assert after[0] != before[0]  # the merged replacement
    report = consultation_report(proposal=revising)
    assert report["totals"]["accepted"] == report["totals"]["accepted_with_changes"] == 1
    assert all(row["response"] for row in report["amendments"] if row["status"] != "proposed")


def test_seed_is_idempotent(consulting, reps):
    demo.seed({})
    counts = (Comment.objects.count(), Amendment.objects.count(), AmendmentSupport.objects.count())

    demo.seed({})

    assert (
        Comment.objects.count(),
        Amendment.objects.count(),
        AmendmentSupport.objects.count(),
    ) == counts


@override_settings(DEBUG=True)
def test_seed_demo_gives_the_demo_proposals_a_consultation():
    call_command("seed_demo", verbosity=0)
    counts = (Comment.objects.count(), Amendment.objects.count())
    call_command("seed_demo", verbosity=0)

    assert (Comment.objects.count(), Amendment.objects.count()) == counts
    for state in ("consultation", "revision"):
        proposal = Proposal.objects.get(title__isnull=False, state=state, versions__number=1)
        assert proposal.comments.count() >= 10
        assert proposal.amendments.count() >= 3
        assert AmendmentSupport.objects.filter(amendment__proposal=proposal).exists()
    revision = Proposal.objects.get(state="revision")
    assert revision.amendments.exclude(status="proposed").count() == 3
    assert revision.amendments.filter(status="proposed").exists()
