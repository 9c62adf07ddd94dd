"""``?page=`` and ``?page_size=`` are whole numbers, else a 400 naming them (config/api.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page_size=null", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=-3", "page_size"),
        ("page_size=", "page_size"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=last", "page"),
        ("page=1.5", "page"),
    ],
)
def test_a_bad_page_or_page_size_is_a_400_naming_it(api, user, query, parameter):
    response = api.as_user(user).get(f"/api/v1/organisations/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]


def test_page_size_200_is_accepted_and_a_page_past_the_last_is_a_404(
    api, user, organisation_factory
):
    organisation_factory.create_batch(3)
    client = api.as_user(user)

    assert client.get("/api/v1/organisations/?page_size=200").json()["count"] == 3
    response = client.get("/api/v1/organisations/?page=2&page_size=200")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
