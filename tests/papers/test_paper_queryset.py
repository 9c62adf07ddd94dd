"""``PositionPaper.objects``: which papers are official, ready, public; the same rules
on one paper (``is_ready``, ``is_official_ready``, ``is_public``)."""

import pytest

from papers.models import PositionPaper

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers(paper_factory):
    """One paper of each kind that matters, on published and approved proposals."""
    made = {
        "public": paper_factory(state="published"),
        "approved": paper_factory(state="approved"),
        "preview": paper_factory(state="published", preview=True),
        "pending": paper_factory(state="published", status="pending", with_file=False),
        "failed": paper_factory(state="published", status="failed", with_file=False),
        "ready_without_file": paper_factory(state="published", with_file=False),
        "not_adopted": paper_factory(state="published", reason="vote"),
    }
    return {name: PositionPaper.objects.get(pk=p.pk) for name, p in made.items()}


def _names(papers, queryset):
    pks = set(queryset.values_list("pk", flat=True))
    return {name for name, paper in papers.items() if paper.pk in pks}


def test_public_papers_are_official_ready_adopted_and_published(papers):
    assert _names(papers, PositionPaper.objects.public()) == {"public"}
    assert _names(papers, PositionPaper.objects.official_ready()) == {"public", "approved"}
    assert _names(papers, PositionPaper.objects.ready()) == {
        "public",
        "approved",
        "preview",
        "not_adopted",
    }
    assert _names(papers, PositionPaper.objects.official()) == set(papers) - {"preview"}


def test_one_paper_answers_as_the_queryset_does(papers):
    for name, paper in papers.items():
        assert paper.is_public == (name in _names(papers, PositionPaper.objects.public()))
        assert paper.is_official_ready == (
            name in _names(papers, PositionPaper.objects.official_ready())
        )
        assert paper.is_ready == (name in _names(papers, PositionPaper.objects.ready()))


def test_reverse_relations_have_the_queryset(papers):
    proposal = papers["public"].proposal

    assert list(proposal.papers.public()) == [papers["public"]]


def test_of_latest_adoption_keeps_the_papers_of_the_last_adopted_version(paper_factory):
    older = paper_factory(state="published", language="en")
    newer = paper_factory(proposal=older.proposal, language="en")
    paper_factory(proposal=older.proposal, language="fr", reason="vote")  # not an adoption

    latest = older.proposal.papers.official_ready().of_latest_adoption()

    assert list(latest) == [newer]
    assert not PositionPaper.objects.filter(pk=paper_factory(preview=True).pk).of_latest_adoption()
