"""POST /api/v1/amendments/{aid}/support/."""

import pytest

from consultations.models import AmendmentSupport

pytestmark = pytest.mark.django_db


def support(api, user, amendment_id):
    return api.as_user(user).post(f"/api/v1/amendments/{amendment_id}/support/")


@pytest.fixture
def amendment(post_amendment, consulting, representative_factory):
    return post_amendment(representative_factory(), consulting).json()


def test_another_organisation_supports(api, amendment, representative):
    response = support(api, representative, amendment["id"])

    assert response.status_code == 201, response.json()
    assert response.json()["supporters"] == [
        {
            "id": representative.organisation_id,
            "name": representative.organisation.name,
            "country": str(representative.organisation.country),
        }
    ]
    assert response.json()["supporter_count"] == 1


def test_several_organisations_support_in_order(api, amendment, representative_factory):
    reps = representative_factory.create_batch(3)

    for rep in reps:
        assert support(api, rep, amendment["id"]).status_code == 201

    listed = support(api, reps[0], amendment["id"])  # a second time: refused, list unchanged
    assert listed.status_code == 409
    names = [
        s.organisation.name
        for s in AmendmentSupport.objects.filter(amendment_id=amendment["id"]).order_by("id")
    ]
    assert names == [rep.organisation.name for rep in reps]


def test_supporting_twice_is_refused(api, amendment, representative):
    support(api, representative, amendment["id"])

    response = support(api, representative, amendment["id"])

    assert response.status_code == 409
    assert response.json()["code"] == "already_supported"
    assert AmendmentSupport.objects.count() == 1


def test_a_colleague_of_the_same_organisation_cannot_support_again(
    api, amendment, representative, representative_factory
):
    colleague = representative_factory(organisation=representative.organisation)
    support(api, representative, amendment["id"])

    response = support(api, colleague, amendment["id"])

    assert response.status_code == 409
    assert response.json()["code"] == "already_supported"


def test_supporting_ones_own_organisations_amendment_is_refused(
    api, amendment, representative_factory
):
    from members.models import Organisation

    own = representative_factory(
        organisation=Organisation.objects.get(pk=amendment["organisation"]["id"])
    )

    response = support(api, own, amendment["id"])

    assert response.status_code == 409
    assert response.json()["code"] == "own_amendment"
    assert not AmendmentSupport.objects.exists()


def test_user_without_an_organisation_may_not_support(api, amendment, secretariat, chair):
    assert support(api, secretariat, amendment["id"]).status_code == 403
    assert support(api, chair, amendment["id"]).status_code == 403
    assert not AmendmentSupport.objects.exists()


def test_supporting_after_the_consultation_closed_is_refused(
    api, amendment, representative, consulting, run, chair
):
    run(consulting, "close_consultation", chair)

    response = support(api, representative, amendment["id"])

    assert response.status_code == 409
    assert response.json()["code"] == "consultation_closed"
    assert not AmendmentSupport.objects.exists()


def test_supporting_an_unknown_amendment_is_404(api, representative):
    assert support(api, representative, 999999).status_code == 404


def test_representative_of_an_inactive_organisation_may_not_support(
    api, amendment, representative_factory, organisation_factory
):
    """SPEC §1: an inactive organisation's representatives read, but do not support."""
    inactive = representative_factory(organisation=organisation_factory(active=False))

    response = support(api, inactive, amendment["id"])

    assert response.status_code == 403
    assert not AmendmentSupport.objects.exists()
