"""Linking a proposal to an EU initiative and the plan it gets (API.md "EU consultations")."""

import pytest

from proposals.demo import PROCEDURES

pytestmark = pytest.mark.django_db

EU = {
    "title": "Social economy action plan: evaluation",
    "url": "https://ec.europa.eu/info/law/better-regulation/have-your-say/initiatives/1234",
    "kind": "call_for_evidence",
    "closes_at": "2027-04-07",
    "reference": "Ares(2027)123456",
}


@pytest.fixture
def eu_proposal(proposal_factory, procedure_factory):
    fields = next(p for p in PROCEDURES if p["name"] == "Response to an EU consultation")
    procedure = procedure_factory(**{k: v for k, v in fields.items() if k != "name"})
    return proposal_factory(procedure=procedure)


def link(api, proposal, user, body):
    return api.as_user(user).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"eu_initiative": body}, format="json"
    )


def test_chair_links_an_initiative_and_reads_the_plan(api, eu_proposal):
    chair = eu_proposal.working_group.chair
    response = link(api, eu_proposal, chair, EU)

    assert response.status_code == 200, response.json()
    initiative = response.json()["eu_initiative"]
    # The closing day's midnight in Brussels (summer time: UTC+2).
    assert initiative["closes_at"] == "2027-04-08T00:00:00+02:00"
    assert initiative["kind"] == "call_for_evidence"

    plan = api.get(f"/api/v1/proposals/{eu_proposal.pk}/planning/").json()
    assert plan["fits"] is True and plan["days_short"] == 0
    assert [(s["step"], s["latest_end"]) for s in plan["steps"]] == [
        ("consultation", "2027-03-27T00:00:00+01:00"),
        ("vote", "2027-04-01T00:00:00+02:00"),
        ("board_review", "2027-04-04T00:00:00+02:00"),
        ("translations", "2027-04-08T00:00:00+02:00"),
    ]


def test_a_consultation_deadline_past_the_plan_is_refused_naming_the_date(api, eu_proposal):
    chair = eu_proposal.working_group.chair
    before = eu_proposal.consultation_closes_at
    assert link(api, eu_proposal, chair, EU).status_code == 200

    response = api.as_user(chair).patch(
        f"/api/v1/proposals/{eu_proposal.pk}/",
        {"consultation_closes_at": "2027-03-30T12:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    message = response.json()["errors"]["consultation_closes_at"][0]
    assert "2027-03-27 00:00 (Brussels)" in message
    eu_proposal.refresh_from_db()
    assert eu_proposal.consultation_closes_at == before
    ok = api.as_user(chair).patch(
        f"/api/v1/proposals/{eu_proposal.pk}/",
        {"consultation_closes_at": "2027-03-26T12:00:00Z"},
        format="json",
    )
    assert ok.status_code == 200


def test_a_vote_deadline_past_the_plan_is_refused(api, eu_proposal):
    chair = eu_proposal.working_group.chair
    assert link(api, eu_proposal, chair, EU).status_code == 200
    response = api.as_user(chair).patch(
        f"/api/v1/proposals/{eu_proposal.pk}/",
        {"voting_closes_at": "2027-04-02T10:00:00+02:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "2027-04-01 00:00 (Brussels)" in response.json()["errors"]["voting_closes_at"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://ec.europa.eu/x"}, "url"),
        ({"closes_at": "2020-01-31"}, "eu_initiative"),
        ({"kind": "petition"}, "kind"),
    ],
)
def test_bad_initiatives_are_400_and_save_nothing(api, eu_proposal, change, field):
    response = link(api, eu_proposal, eu_proposal.working_group.chair, {**EU, **change})

    assert response.status_code == 400
    assert field in str(response.json()["errors"])
    assert api.get(f"/api/v1/proposals/{eu_proposal.pk}/").json()["eu_initiative"] is None


def test_only_the_chair_links_and_null_unlinks(api, eu_proposal, user_factory):
    member = user_factory()
    eu_proposal.working_group.members.add(member)
    assert link(api, eu_proposal, member, EU).status_code == 403

    chair = eu_proposal.working_group.chair
    assert link(api, eu_proposal, chair, EU).status_code == 200
    response = link(api, eu_proposal, chair, None)
    assert response.status_code == 200 and response.json()["eu_initiative"] is None
    assert api.get(f"/api/v1/proposals/{eu_proposal.pk}/planning/").status_code == 404


@pytest.mark.parametrize("body", [{}, {"title": "Only a title"}])
def test_an_incomplete_initiative_is_a_400_naming_the_missing_fields(api, eu_proposal, body):
    """schemathesis sent ``{"eu_initiative": {}}`` in a PATCH: the nested fields
    were taken as partial too and the service failed on the missing closing day."""
    response = link(api, eu_proposal, eu_proposal.working_group.chair, body)

    assert response.status_code == 400
    errors = response.json()["errors"]["eu_initiative"]
    assert {"url", "kind", "closes_at"} <= set(errors)
    assert api.get(f"/api/v1/proposals/{eu_proposal.pk}/").json()["eu_initiative"] is None
