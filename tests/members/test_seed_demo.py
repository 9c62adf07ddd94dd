from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from consultations import demo as consultations_demo
from members.models import BoardMembership, Organisation, User, WorkingGroup
from proposals.models import Procedure, Proposal, Section
from proposals.text import split_paragraphs
from workflow import demo as workflow_demo

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, User, WorkingGroup, BoardMembership, Procedure)
    }


@override_settings(DEBUG=True)
def test_seed_demo_builds_the_network_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)

    assert _counts() == first
    assert 25 <= first["Organisation"] <= 35
    assert Organisation.objects.values("country").distinct().count() >= 18
    assert Organisation.objects.filter(active=False).count() == 1
    assert set(Organisation.objects.values_list("weight", flat=True)) == {1, 2, 3}
    assert first["WorkingGroup"] == 3 and first["BoardMembership"] == 5
    assert set(Procedure.objects.values_list("name", flat=True)) == {
        "Position paper",
        "Urgent statement",
        "Response to an EU consultation",
        "Federation vote",  # voting.demo: proxies and split ballots
    }
    # Every organisation has someone to speak for it, and demo logins work.
    assert not Organisation.objects.filter(representatives=None).exists()
    assert User.objects.get(username="secretariat").check_password("plenum-demo")
    # Each demo proposal reads as its own paper: no heading or section text of another.
    sections = list(Section.objects.select_related("proposal"))
    assert Proposal.objects.count() == len(workflow_demo.DEMO) + 1 == 10  # + voting.demo
    _assert_own_texts(
        {
            proposal.title: [(s.heading, s.body) for s in sections if s.proposal == proposal]
            for proposal in Proposal.objects.all()
        }
    )
    # The consultations are written for the texts they comment on.
    themes = consultations_demo.THEMES
    assert consultations_demo._theme(Proposal.objects.get(state="consultation")) is themes["labour"]
    assert consultations_demo._theme(Proposal.objects.get(state="revision")) is themes["funding"]


def _assert_own_texts(texts: dict[str, list[tuple[str, str]]]) -> None:
    """No two proposals share a section heading, a section text or a paragraph."""
    headings = Counter(h for sections in texts.values() for h in {h for h, _ in sections})
    bodies = Counter(b for sections in texts.values() for b in {b for _, b in sections})
    paragraphs = Counter(
        p
        for sections in texts.values()
        for p in {p for _, b in sections for p in split_paragraphs(b)}
    )
    assert all(sections for sections in texts.values())
    assert [h for h, n in headings.items() if n > 1] == []
    assert [b for b, n in bodies.items() if n > 1] == []
    assert [p for p, n in paragraphs.items() if n > 1] == []


def test_each_demo_proposal_has_a_text_of_its_own():
    keys = [row[3] for row in workflow_demo.DEMO]
    assert sorted(keys) == sorted(workflow_demo.TEXTS) and len(set(keys)) == len(keys)
    summaries = [summary for summary, _ in workflow_demo.TEXTS.values()]
    assert all(summaries) and len(set(summaries)) == len(summaries)
    _assert_own_texts({key: sections for key, (_, sections) in workflow_demo.TEXTS.items()})


def test_the_texts_in_consultation_keep_the_shape_their_amendments_point_to():
    """``consultations.demo`` amends paragraphs by position: 2 and 2 paragraphs in the
    text in consultation, 2 and 3 in the one in revision (so that it has a deletion)."""
    shape = {
        key: [len(split_paragraphs(body)) for _, body in sections]
        for key, (_, sections) in workflow_demo.TEXTS.items()
    }
    assert shape["pathways"] == [2, 2]
    assert shape["esf"] == [2, 3]


@override_settings(DEBUG=False)
def test_seed_demo_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert Organisation.objects.count() == 0
