"""Real threads against PostgreSQL: supports, closes and decisions running at once."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from consultations.models import Amendment, AmendmentSupport
from members.services import token_create
from proposals.models import Proposal, Section
from proposals.text import split_paragraphs
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def token_of(user):
    """One API token per user object, made before the threads start."""
    if not hasattr(user, "test_token"):
        user.test_token = token_create(user=user, name="test")[1]
    return user.test_token


def post_as(user, url, body=None):
    token = token_of(user)
    response = APIClient().post(url, body or {}, format="json", HTTP_AUTHORIZATION=f"Token {token}")
    return response.status_code, response.json()


@pytest.fixture
def amendment(post_amendment, consulting, representative_factory):
    response = post_amendment(representative_factory(), consulting)
    assert response.status_code == 201
    return Amendment.objects.get(pk=response.json()["id"])


def test_thirty_organisations_supporting_at_once_leave_thirty_supports(
    amendment, representative_factory
):
    reps = representative_factory.create_batch(30)
    for rep in reps:
        token_of(rep)
    url = f"/api/v1/amendments/{amendment.pk}/support/"

    results = in_threads(30, lambda i: post_as(reps[i], url))

    assert [status for status, _ in results] == [201] * 30, results
    assert AmendmentSupport.objects.filter(amendment=amendment).count() == 30
    assert set(
        AmendmentSupport.objects.filter(amendment=amendment).values_list("organisation", flat=True)
    ) == {rep.organisation_id for rep in reps}


def test_ten_colleagues_of_one_organisation_at_once_leave_one_support(
    amendment, representative, representative_factory
):
    colleagues = representative_factory.create_batch(10, organisation=representative.organisation)
    for rep in colleagues:
        token_of(rep)
    url = f"/api/v1/amendments/{amendment.pk}/support/"

    results = in_threads(10, lambda i: post_as(colleagues[i], url))

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * 9, results
    assert {body["code"] for status, body in results if status == 409} == {"already_supported"}
    assert AmendmentSupport.objects.filter(amendment=amendment).count() == 1


def test_supports_racing_the_close_are_either_kept_or_refused(
    amendment, consulting, representative_factory
):
    reps = representative_factory.create_batch(20)
    chair = consulting.working_group.chair
    for user in [*reps, chair]:
        token_of(user)
    support_url = f"/api/v1/amendments/{amendment.pk}/support/"
    close_url = f"/api/v1/proposals/{consulting.pk}/transitions/close_consultation/"

    def work(i):
        if i == 20:
            return post_as(chair, close_url)
        return post_as(reps[i], support_url)

    results = in_threads(21, work)

    assert results[20][0] == 200, results[20]
    supports = results[:20]
    assert {status for status, _ in supports} <= {201, 409}, supports
    assert {body["code"] for status, body in supports if status == 409} <= {"consultation_closed"}
    kept = sum(1 for status, _ in supports if status == 201)
    assert AmendmentSupport.objects.filter(amendment=amendment).count() == kept
    assert Proposal.objects.get(pk=consulting.pk).state == "revision"


def test_two_decisions_on_one_amendment_apply_once(amendment, consulting, run):
    chair = consulting.working_group.chair
    run(consulting, "close_consultation", chair)
    url = f"/api/v1/amendments/{amendment.pk}/decision/"
    revision = Section.objects.get(pk=consulting.section.pk).revision

    results = in_threads(
        2, lambda i: post_as(chair, url, {"decision": "accepted", "response": f"Yes {i}."})
    )

    assert sorted(status for status, _ in results) == [200, 409], results
    assert Section.objects.get(pk=consulting.section.pk).revision == revision + 1


def test_decisions_on_one_section_at_once_lose_no_change(
    post_amendment, consulting, representative_factory, run
):
    reps = representative_factory.create_batch(3)
    ids = [
        post_amendment(
            reps[n], consulting, kind="insert_after", paragraph=n + 1, text=f"New {n}."
        ).json()["id"]
        for n in range(3)
    ]
    chair = consulting.working_group.chair
    run(consulting, "close_consultation", chair)

    results = in_threads(
        3,
        lambda i: post_as(
            chair,
            f"/api/v1/amendments/{ids[i]}/decision/",
            {"decision": "accepted", "response": "Yes."},
        ),
    )

    assert [status for status, _ in results] == [200, 200, 200], results
    paragraphs = split_paragraphs(Section.objects.get(pk=consulting.section.pk).body)
    assert len(paragraphs) == 6
    assert [p for p in paragraphs if p.startswith("New")] == ["New 0.", "New 1.", "New 2."]
