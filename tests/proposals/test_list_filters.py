"""``ProposalFilter``: the list's query parameters, in the API and on the page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/api/v1/proposals/"


@pytest.fixture
def listed(proposal_factory, working_group):
    proposal_factory(title="Reserved contracts", working_group=working_group)
    proposal_factory(title="ESF+ simplification", summary="Fewer reserved forms")
    return working_group


def _titles(response) -> list[str]:
    return sorted(p["title"] for p in response.json()["results"])


def test_the_search_covers_title_summary_and_reference(api, secretariat, listed):
    client = api.as_user(secretariat)
    reference = client.get(URL).json()["results"][0]["reference"]

    assert _titles(client.get(URL, {"q": "reserved"})) == [
        "ESF+ simplification",
        "Reserved contracts",
    ]
    assert _titles(client.get(URL, {"q": reference})) == ["ESF+ simplification"]


def test_filters_combine(api, secretariat, listed):
    response = api.as_user(secretariat).get(
        URL, {"q": "reserved", "working_group": listed.pk, "state": "draft"}
    )

    assert _titles(response) == ["Reserved contracts"]


def test_an_unknown_working_group_matches_nothing(api, secretariat, listed):
    response = api.as_user(secretariat).get(URL, {"working_group": 2**31 - 1})

    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "²", str(10**20)])
def test_a_working_group_that_is_not_an_id_is_400(api, secretariat, value):
    response = api.as_user(secretariat).get(URL, {"working_group": value})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "errors": {"working_group": ["Give a working group id."]},
    }


def test_an_unknown_state_is_400_naming_it(api, secretariat):
    response = api.as_user(secretariat).get(URL, {"state": "limbo"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"state": ["Unknown state “limbo”."]}


def test_a_null_character_in_the_search_is_400_not_a_database_error(api, secretariat):
    response = api.as_user(secretariat).get(URL, {"q": "a\x00b"})

    # refused before the view, like a NUL anywhere in an address (config/errors.py)
    assert response.status_code == 400
    assert response.json()["detail"] == "The address may not contain NUL characters."


def test_the_schema_documents_the_parameters(client):
    schema = client.get("/api/schema/?format=json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/proposals/"]["get"]["parameters"]}

    assert params["state"]["schema"]["enum"][:2] == ["approved", "board_review"]
    assert params["working_group"]["schema"]["type"] == "integer"
    assert params["q"]["description"] == "Search in reference, title and summary."


def test_the_page_filters_with_the_same_parameters(client, secretariat, listed):
    client.force_login(secretariat)

    html = client.get(reverse("proposal-list"), {"working_group": listed.pk}).content.decode()

    assert "Reserved contracts" in html and "ESF+ simplification" not in html
    assert f'<option value="{listed.pk}" selected>' in html
    assert "Clear" in html


def test_the_page_leaves_a_bad_value_out_and_keeps_the_good_ones(client, secretariat, listed):
    client.force_login(secretariat)

    response = client.get(
        reverse("proposal-list"), {"state": "limbo", "working_group": "²", "q": "contracts"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Reserved contracts" in html and "ESF+ simplification" not in html


def test_the_page_without_filters_lists_everything(client, secretariat, listed):
    client.force_login(secretariat)

    html = client.get(reverse("proposal-list"), {"page": "1"}).content.decode()

    assert "Reserved contracts" in html and "ESF+ simplification" in html
    assert "Clear" not in html
