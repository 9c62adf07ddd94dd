"""``/network/``: the secretariat's page for the network's profile (SPEC §12)."""

import re

import pytest

from members.models import Network
from tests.members.network_files import png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/network/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _token(html: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', html).group(1)


def _form(client, **values):
    page = client.get(URL).content.decode()
    data = {
        "once": _token(page),
        "name_en": "European Network of Social Integration Enterprises",
        "name_fr": "Réseau européen des entreprises sociales d'insertion",
        "address": "Rue Royale 1\n1000 Brussels",
        "email": "info@network.example",
        "website": "https://network.example/",
        "transparency_register_id": "123456789012-34",
        "country": "BE",
        "organisation_type": "Non-governmental organisation",
        "organisation_size": "Small (10 to 49 employees)",
    }
    data.update(values)
    return data


def test_the_page_sets_what_the_eu_portal_asks_from_its_lists(client, secretariat):
    client.force_login(secretariat)
    page = client.get(URL).content.decode()
    assert '<option value="BE" selected>Belgium</option>' in page
    assert "Non-governmental organisation (NGO)" in page and "Trade union" in page

    client.post(
        URL,
        _form(
            client,
            country="AT",
            organisation_type="Trade union",
            organisation_size="Large (250 or more)",
        ),
    )

    network = Network.objects.get_solo()
    assert (network.country, network.organisation_type, network.organisation_size) == (
        "AT",
        "Trade union",
        "Large (250 or more)",
    )
    refused = client.post(URL, _form(client, organisation_size="Huge"))
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert Network.objects.get_solo().organisation_size == "Large (250 or more)"


def test_the_form_saves_the_profile_and_the_logo(client, secretariat, media_root):
    client.force_login(secretariat)

    response = client.post(URL, _form(client, logo=upload(png_bytes())), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    page = response.content.decode()
    assert "The network&#x27;s profile was saved." in page
    network = Network.objects.get()
    assert network.names == {
        "en": "European Network of Social Integration Enterprises",
        "fr": "Réseau européen des entreprises sociales d'insertion",
    }
    assert network.transparency_register_id == "123456789012-34"
    assert network.logo.name.endswith(".png")
    assert '<img class="network-logo" src="/network/logo/?v=' in page  # the current logo is shown
    assert 'value="123456789012-34"' in page
    assert "Remove the logo" in page


def test_names_in_other_languages_stay_and_an_empty_french_name_is_removed(client, secretariat):
    Network.objects.create(pk=1, names={"en": "Network", "fr": "Réseau", "de": "Netzwerk"})
    client.force_login(secretariat)

    client.post(URL, _form(client, name_en="Network", name_fr=""))

    assert Network.objects.get().names == {"en": "Network", "de": "Netzwerk"}


def test_errors_show_on_their_fields_and_nothing_is_saved(client, secretariat, media_root):
    client.force_login(secretariat)

    response = client.post(
        URL,
        _form(client, transparency_register_id="12345", logo=upload(b"not an image")),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved: please correct the fields below." in page
    assert "Enter the Transparency Register ID as digits, a hyphen and two digits" in page
    assert "The logo must be a PNG, JPEG or SVG file." in page
    assert 'value="12345"' in page  # what was typed is shown again
    network = Network.objects.get_solo()
    assert network.transparency_register_id == "" and network.address == ""
    assert not (media_root / "network").exists()


def test_english_name_is_required(client, secretariat):
    client.force_login(secretariat)

    response = client.post(URL, _form(client, name_en=""))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Network.objects.get_solo().address == ""


def test_a_form_sent_twice_saves_once(client, secretariat):
    client.force_login(secretariat)
    data = _form(client)
    client.post(URL, data)
    Network.objects.filter(pk=1).update(email="changed@network.example")

    response = client.post(URL, data, follow=True)

    assert "Already done: this form was sent twice." in response.content.decode()
    assert Network.objects.get().email == "changed@network.example"


@pytest.mark.parametrize("who", ["user", "representative", "board_member"])
def test_others_get_a_403(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(URL)

    assert response.status_code == 403
    assert client.post(URL, {"name_en": "Hijacked"}).status_code == 403
    assert Network.objects.get_solo().names.get("en") != "Hijacked"


def test_the_dashboard_links_the_secretariat_to_the_page(client, secretariat, user):
    client.force_login(secretariat)
    assert f'href="{URL}"' in client.get("/").content.decode()
    client.force_login(user)
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_the_page_reads_in_french(client, secretariat):
    secretariat.language = "fr"
    secretariat.save()
    client.force_login(secretariat)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert 'name="name_fr"' in response.content.decode()


def test_remove_the_logo(client, secretariat, media_root, django_capture_on_commit_callbacks):
    client.force_login(secretariat)
    client.post(URL, _form(client, logo=upload(png_bytes())))
    name = Network.objects.get().logo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(client, logo_remove="on"))

    assert Network.objects.get().logo.name == ""
    assert "Remove the logo" not in client.get(URL).content.decode()
    assert not (media_root / name).exists()
