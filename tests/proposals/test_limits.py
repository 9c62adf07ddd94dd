"""SPEC §14 limits on the proposal API: a 400 naming the field and the limit at one
character past it, the limit itself accepted; 200 sections at most; fast inserts."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.limits import SECTIONS_MAX
from proposals.models import Proposal, Section
from proposals.services import section_create, section_delete

pytestmark = pytest.mark.django_db


def _sections_url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/sections/"


def _add_sections(proposal, count):
    Section.objects.bulk_create(
        Section(proposal=proposal, position=n, heading=f"Part {n}", body="Text.")
        for n in range(1, count + 1)
    )


def _create(api, proposal, **fields):
    body = {
        "title": "Inclusive apprenticeships",
        "working_group": proposal.working_group.pk,
        "procedure": proposal.procedure.pk,
        **fields,
    }
    return api.as_user(proposal.working_group.chair).post("/api/v1/proposals/", body, format="json")


@pytest.mark.parametrize(("field", "limit"), [("title", 300), ("summary", 2000)])
def test_create_accepts_the_limit_and_refuses_one_more(api, proposal, field, limit):
    accepted = _create(api, proposal, **{field: "a" * limit})
    refused = _create(api, proposal, **{field: "b" * (limit + 1)})

    assert accepted.status_code == 201, accepted.json()
    assert len(accepted.json()[field]) == limit  # kept whole, not cut
    assert refused.status_code == 400
    assert f"no more than {limit} characters" in refused.json()["errors"][field][0]
    assert not Proposal.objects.filter(**{field: "b" * (limit + 1)}).exists()
    assert not Proposal.objects.filter(**{f"{field}__startswith": "b"}).exists()


@pytest.mark.parametrize(("field", "limit"), [("title", 300), ("summary", 2000)])
def test_update_refuses_one_more_than_the_limit(api, proposal, field, limit):
    client = api.as_user(proposal.working_group.chair)
    url = f"/api/v1/proposals/{proposal.pk}/"

    refused = client.patch(url, {field: "b" * (limit + 1)}, format="json")
    accepted = client.patch(url, {field: "a" * limit}, format="json")

    assert refused.status_code == 400
    assert f"no more than {limit} characters" in refused.json()["errors"][field][0]
    assert accepted.status_code == 200 and accepted.json()[field] == "a" * limit


def test_a_section_body_of_50000_is_accepted_and_50001_refused(api, proposal):
    client = api.as_user(proposal.working_group.chair)

    accepted = client.post(
        _sections_url(proposal), {"heading": "Long", "body": "a" * 50_000}, format="json"
    )
    refused = client.post(
        _sections_url(proposal), {"heading": "Longer", "body": "b" * 50_001}, format="json"
    )

    assert accepted.status_code == 201 and len(accepted.json()["body"]) == 50_000
    assert refused.status_code == 400
    assert "no more than 50000 characters" in refused.json()["errors"]["body"][0]
    assert list(proposal.sections.values_list("heading", flat=True)) == ["Long"]


def test_a_section_edit_past_the_body_limit_is_refused(api, section):
    response = api.as_user(section.proposal.working_group.chair).patch(
        f"{_sections_url(section.proposal)}{section.pk}/",
        {"body": "b" * 50_001, "revision": 1},
        format="json",
    )

    assert response.status_code == 400
    assert "no more than 50000 characters" in response.json()["errors"]["body"][0]
    section.refresh_from_db()
    assert section.revision == 1 and len(section.body) < 100


def test_a_heading_of_301_characters_is_refused(api, proposal):
    response = api.as_user(proposal.working_group.chair).post(
        _sections_url(proposal), {"heading": "h" * 301}, format="json"
    )

    assert response.status_code == 400
    assert "no more than 300 characters" in response.json()["errors"]["heading"][0]


def test_the_200th_section_is_added_and_the_201st_refused(api, proposal):
    _add_sections(proposal, SECTIONS_MAX - 1)
    client = api.as_user(proposal.working_group.chair)

    the_200th = client.post(_sections_url(proposal), {"heading": "Last"}, format="json")
    the_201st = client.post(
        _sections_url(proposal), {"heading": "One too many", "position": 1}, format="json"
    )

    assert the_200th.status_code == 201 and the_200th.json()["position"] == 200
    assert the_201st.status_code == 400
    assert the_201st.json()["errors"]["non_field_errors"] == [
        "A proposal has at most 200 sections."
    ]
    assert proposal.sections.count() == 200
    assert proposal.sections.filter(position=1).get().heading == "Part 1"


def test_the_model_refuses_oversized_text_too(proposal):
    """The admin and every service validate through the model."""
    proposal.summary = "s" * 2001
    with pytest.raises(ValidationError) as summary_error:
        proposal.full_clean(exclude=["reference", "state"])
    section = Section(proposal=proposal, position=1, heading="h", body="b" * 50_001)
    with pytest.raises(ValidationError) as body_error:
        section.full_clean()

    assert "at most 2000 characters" in summary_error.value.message_dict["summary"][0]
    assert "at most 50000 characters" in body_error.value.message_dict["body"][0]


@pytest.fixture
def no_section_limit(monkeypatch):
    """The count limit out of the way, to time inserts among more sections than it allows
    (a proposal written before the limit keeps its sections)."""
    monkeypatch.setattr("proposals.services.SECTIONS_MAX", 10_000)


def test_inserting_first_among_300_sections_is_a_constant_number_of_queries(
    proposal, django_assert_max_num_queries, no_section_limit
):
    _add_sections(proposal, 300)

    with django_assert_max_num_queries(15):
        new = section_create(
            proposal=proposal, actor=proposal.working_group.chair, heading="Preamble", position=1
        )

    rows = list(proposal.sections.order_by("position").values_list("position", "heading"))
    assert [position for position, _heading in rows] == list(range(1, 302))
    assert rows[:3] == [(1, "Preamble"), (2, "Part 1"), (3, "Part 2")]
    assert new.position == 1


def test_inserting_first_costs_as_many_queries_with_3_sections_as_with_199(proposal_factory):
    small, large = proposal_factory(), proposal_factory()
    _add_sections(small, 3)
    _add_sections(large, SECTIONS_MAX - 1)
    counts = []
    for proposal in (small, large):
        with CaptureQueriesContext(connection) as queries:
            section_create(
                proposal=proposal, actor=proposal.working_group.chair, heading="First", position=1
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert list(large.sections.order_by("position").values_list("position", flat=True)) == list(
        range(1, SECTIONS_MAX + 1)
    )


def test_inserting_in_the_middle_and_deleting_keep_positions_contiguous(
    proposal, django_assert_max_num_queries, no_section_limit
):
    _add_sections(proposal, 300)
    chair = proposal.working_group.chair
    section_create(proposal=proposal, actor=chair, heading="Middle", position=150)
    first = proposal.sections.get(position=1)

    with django_assert_max_num_queries(15):
        section_delete(section=first, actor=chair)

    rows = list(proposal.sections.order_by("position").values_list("position", "heading"))
    assert [position for position, _heading in rows] == list(range(1, 301))
    assert rows[0] == (1, "Part 2") and rows[148] == (149, "Middle")
    assert rows[-1] == (300, "Part 300")
