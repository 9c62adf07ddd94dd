"""What schemathesis (``make schemathesis``) found, kept as plain tests."""

import re

import pytest

pytestmark = pytest.mark.django_db

HUGE = "24483336058162216960"  # past any 64-bit id


def _operations(client):
    schema = client.get("/api/schema/?format=json").json()
    for path, ops in schema["paths"].items():
        for method in ops:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, path


def test_an_id_past_any_column_is_a_404_on_every_path(api, representative):
    """SQLite refuses such a number (``OverflowError``): never a 500. A write whose
    empty body is read first may answer 400 instead."""
    client = api.as_user(representative)
    client.raise_request_exception = False
    refused = {}
    for method, path in _operations(client):
        if "{" not in path:
            continue
        url = re.sub(r"\{[^}]+\}", HUGE, path)
        response = getattr(client, method)(url, {}, format="json")
        expected = (404,) if method == "get" else (400, 404)
        if response.status_code not in expected or "code" not in response.json():
            refused[f"{method.upper()} {url}"] = response.status_code
    assert refused == {}


def test_a_ballot_on_an_id_past_any_column_is_a_404(api, representative):
    client = api.as_user(representative)
    client.raise_request_exception = False

    response = client.put(f"/api/v1/proposals/{HUGE}/ballot/", {"choice": "yes"}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_page_on_an_id_past_any_column_is_the_not_found_page(client, representative):
    client.force_login(representative)
    client.raise_request_exception = False

    response = client.get(f"/proposals/{HUGE}/")

    assert response.status_code == 404


@pytest.mark.parametrize("body", [0, True, ["text"], {"text": "x"}])
def test_a_section_body_that_is_not_text_is_a_400_and_nothing_is_saved(api, proposal, body):
    """schemathesis sent ``{"body": 0}``: DRF's CharField saved it as "0"."""
    client = api.as_user(proposal.working_group.chair)

    response = client.post(
        f"/api/v1/proposals/{proposal.pk}/sections/",
        {"heading": "Context", "body": body},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["body"] == ["Give text here, not a number or a list."]
    assert not proposal.sections.exists()


def test_a_comment_and_a_title_that_are_numbers_are_refused_too(api, proposal):
    client = api.as_user(proposal.working_group.chair)

    response = client.patch(f"/api/v1/proposals/{proposal.pk}/", {"title": 42}, format="json")

    assert response.status_code == 400
    assert "title" in response.json()["errors"]


def test_the_schema_documents_the_conflicts_schemathesis_met(api, representative):
    """GET submission answers 409 before approval; a decision's 409 carries the
    paragraph only for ``amendment_conflict``, so those fields are optional."""
    schema = api.as_user(representative).get("/api/schema/?format=json").json()

    submission = schema["paths"]["/api/v1/proposals/{id}/submission/"]["get"]["responses"]
    assert "409" in submission
    decision = schema["paths"]["/api/v1/amendments/{aid}/decision/"]["post"]["responses"]
    ref = decision["409"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "base_text" not in schema["components"]["schemas"][ref].get("required", [])
