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


def test_admin_organisations_show_who_may_vote_and_filter_by_it(
    client, secretariat_factory, organisation_factory, representative_factory
):
    voting = organisation_factory(name="Réseau qui vote", country="FR")
    representative_factory(organisation=voting)
    representative_factory(organisation=voting)
    silent = organisation_factory(name="Network without anyone", country="BE")
    representative_factory(organisation=silent, is_active=False)
    client.force_login(secretariat_factory(is_superuser=True))

    page = client.get("/admin/members/organisation/").content.decode()
    assert "Eligible to vote" in page
    assert "Active representatives" in page

    eligible = client.get("/admin/members/organisation/?eligible=yes").content.decode()
    assert "Réseau qui vote" in eligible
    assert "Network without anyone" not in eligible
    not_eligible = client.get("/admin/members/organisation/?eligible=no").content.decode()
    assert "Network without anyone" in not_eligible
    assert "Réseau qui vote" not in not_eligible


def test_admin_organisations_filter_by_their_own_countries_only(
    client, secretariat_factory, organisation_factory
):
    organisation_factory(name="Arbeit plus Österreich", country="AT")
    client.force_login(secretariat_factory(is_superuser=True))
    page = client.get("/admin/members/organisation/").content.decode()
    assert "?country=AT" in page
    assert "?country=ZW" not in page  # Zimbabwe has no member organisation


def test_admin_finds_an_organisation_by_its_representative(
    client, secretariat_factory, organisation_factory, representative_factory
):
    org = organisation_factory(name="Suomen Sosiaaliset Yritykset")
    representative_factory(organisation=org, username="rep-fi", last_name="Virtanen")
    organisation_factory(name="Other network")
    client.force_login(secretariat_factory(is_superuser=True))
    page = client.get("/admin/members/organisation/?q=Virtanen").content.decode()
    assert "Suomen Sosiaaliset Yritykset" in page
    assert "Other network" not in page


def test_admin_finds_a_translator_by_name(client, secretariat_factory, user_factory):
    from translations.models import Translator

    Translator.objects.create(
        user=user_factory(username="tr-fr", last_name="Dubois"), language="fr"
    )
    Translator.objects.create(
        user=user_factory(username="tr-de", last_name="Schmidt"), language="de"
    )
    client.force_login(secretariat_factory(is_superuser=True))
    page = client.get("/admin/translations/translator/?q=Dubois").content.decode()
    assert "tr-fr" in page or "Dubois" in page
    assert "Schmidt" not in page


def test_admin_working_groups_show_their_size_and_are_found_by_member(
    client, secretariat_factory, user_factory, working_group_factory
):
    working_group_factory(
        name="Social procurement",
        chair=user_factory(last_name="Marchal"),
        members=[user_factory(last_name="Novak"), user_factory(), user_factory()],
    )
    working_group_factory(name="EU funding")
    client.force_login(secretariat_factory(is_superuser=True))
    page = client.get("/admin/members/workinggroup/").content.decode()
    assert '<td class="field-member_count">3</td>' in page
    found = client.get("/admin/members/workinggroup/?q=Novak").content.decode()
    assert "Social procurement" in found
    assert "EU funding" not in found


def test_admin_says_it_is_plenum_not_django(client, secretariat_factory):
    client.force_login(secretariat_factory(is_superuser=True))
    page = client.get("/admin/").content.decode()
    assert "<title>The secretariat&#x27;s pages | Plenum administration</title>" in page
    assert "Plenum administration" in page
    assert "Django administration" not in page
    assert "Django site admin" not in page
