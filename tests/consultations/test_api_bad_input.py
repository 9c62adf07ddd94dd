"""Bad input on every consultation endpoint: 400/401/404, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = 10**20


def test_anonymous_requests_are_401(api, consulting):
    for path in ("comments", "amendments", "consultation-report"):
        assert api.get(f"/api/v1/proposals/{consulting.pk}/{path}/").status_code == 401
    assert (
        api.post(f"/api/v1/proposals/{consulting.pk}/comments/", {"body": "x"}).status_code == 401
    )
    assert api.post("/api/v1/comments/1/hide/", {"reason": "x"}).status_code == 401
    assert api.post("/api/v1/amendments/1/support/").status_code == 401
    assert api.post("/api/v1/amendments/1/decision/", {}).status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/comments/{huge}/hide/",
        "/api/v1/amendments/{huge}/support/",
        "/api/v1/amendments/{huge}/decision/",
    ],
)
def test_huge_ids_in_the_path_are_404(api, secretariat, path):
    response = api.as_user(secretariat).post(path.format(huge=HUGE), {}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"body": "x", "section": HUGE},
        {"body": "x", "parent": HUGE},
        {"body": "x", "section": 1, "paragraph": HUGE},
    ],
)
def test_huge_numbers_in_a_comment_are_400(api, consulting, representative, body):
    if "paragraph" in body:
        body["section"] = consulting.section.pk

    response = api.as_user(representative).post(
        f"/api/v1/proposals/{consulting.pk}/comments/", body, format="json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("field", ["section", "paragraph"])
def test_huge_numbers_in_an_amendment_are_400(post_amendment, consulting, representative, field):
    response = post_amendment(representative, consulting, **{field: HUGE})

    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("query", [{"section": HUGE}, {"paragraph": HUGE}, {"section": "-1"}])
def test_huge_or_negative_filters_are_400(api, consulting, representative, query):
    response = api.as_user(representative).get(
        f"/api/v1/proposals/{consulting.pk}/comments/", query
    )

    assert response.status_code == 400


def test_a_json_list_instead_of_an_object_is_400(api, consulting, representative):
    response = api.as_user(representative).post(
        f"/api/v1/proposals/{consulting.pk}/amendments/", ["x"], format="json"
    )

    assert response.status_code == 400
