import pytest

pytestmark = pytest.mark.django_db


def test_organisations_are_paginated_with_their_weight(api, user, organisation_factory):
    organisation_factory(name="Arbeit plus", country="AT", weight=2)
    organisation_factory(name="Sveriges ASF", country="SE", active=False)

    body = api.as_user(user).get("/api/v1/organisations/").json()

    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert [(o["name"], o["country"], o["weight"], o["active"]) for o in body["results"]] == [
        ("Arbeit plus", "AT", 2, True),
        ("Sveriges ASF", "SE", 1, False),
    ]


def test_organisation_pages_follow_page_size(api, user, organisation_factory):
    organisation_factory.create_batch(5)
    body = api.as_user(user).get("/api/v1/organisations/?page_size=2").json()
    assert body["count"] == 5 and len(body["results"]) == 2 and "page=2" in body["next"]


def test_working_groups_show_chair_and_members(api, user, working_group_factory, user_factory):
    member = user_factory(first_name="Pieter", last_name="Janssens")
    group = working_group_factory(name="Social procurement", members=[member])

    result = api.as_user(user).get("/api/v1/working-groups/").json()["results"][0]

    assert result["name"] == "Social procurement"
    assert result["chair"]["id"] == group.chair.pk
    assert [m["name"] for m in result["members"]] == ["Pieter Janssens"]


def test_procedures_carry_every_rule(api, user, procedure_factory):
    procedure_factory(name="Urgent statement", consultation_required=False, majority="two_thirds")
    result = api.as_user(user).get("/api/v1/procedures/").json()["results"][0]
    assert result == {
        "id": result["id"],
        "name": "Urgent statement",
        "description": "",
        "consultation_required": False,
        "min_consultation_days": 14,
        "voting_days": 7,
        "quorum_percent": 50,
        "majority": "two_thirds",
        "secret_ballot": False,
        "board_approvals_required": 1,
        "proxies_allowed": False,
        "max_mandates_per_proxy": 1,
        "split_ballots_allowed": False,
        "languages": ["en"],
    }


def test_schema_and_docs_render(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
