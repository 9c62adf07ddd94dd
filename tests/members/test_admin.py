import pytest

from members.models import Organisation

pytestmark = pytest.mark.django_db


def test_admin_refuses_an_organisation_weight_below_one(client, secretariat_factory):
    client.force_login(secretariat_factory(is_superuser=True))
    response = client.post(
        "/admin/members/organisation/add/",
        {
            "name": "Réseau test",
            "country": "BE",
            "weight": "0",
            "active": "on",
            "representatives-TOTAL_FORMS": "0",
            "representatives-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert not Organisation.objects.exists()


def test_admin_lists_organisations(client, secretariat_factory, organisation_factory):
    organisation_factory(name="Arbeit plus Österreich")
    client.force_login(secretariat_factory(is_superuser=True))
    response = client.get("/admin/members/organisation/")
    assert "Arbeit plus Österreich" in response.content.decode()
