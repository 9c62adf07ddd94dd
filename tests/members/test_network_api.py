"""``/api/v1/network/``: the network's profile (API.md "Reference data", SPEC §12)."""

import json

import pytest

from members.models import Network
from tests.members.network_files import SVG, png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/network/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_any_signed_in_user_reads_the_profile_made_from_the_settings(api, user, settings):
    settings.PLENUM_NETWORK_NAME = "Réseau européen"

    body = api.as_user(user).get(URL).json()

    assert body == {
        "name": "Réseau européen",
        "names": {"en": "Réseau européen"},
        "address": "",
        "email": "",
        "website": "",
        "logo_url": None,
        "transparency_register_id": "",
        "country": "BE",
        "organisation_type": "Non-governmental organisation",
        "organisation_size": "Small (10 to 49 employees)",
    }
    assert Network.objects.count() == 1


def test_the_secretariat_sets_what_the_eu_portal_asks(api, secretariat):
    client = api.as_user(secretariat)

    changed = client.patch(
        URL,
        {
            "country": "fr",
            "organisation_type": "Trade union",
            "organisation_size": "Micro (1 to 9 employees)",
        },
        format="json",
    )

    assert changed.status_code == 200, changed.content
    network = Network.objects.get_solo()
    assert (network.country, network.organisation_type, network.organisation_size) == (
        "FR",
        "Trade union",
        "Micro (1 to 9 employees)",
    )
    assert changed.json()["country"] == "FR"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "XX"),
        ("country", "BEL"),
        ("organisation_type", "Club"),
        ("organisation_size", "Huge"),
    ],
)
def test_a_value_the_portal_does_not_know_is_a_400_and_saves_nothing(
    api, secretariat, field, value
):
    before = Network.objects.get_solo()

    refused = api.as_user(secretariat).patch(URL, {field: value, "address": "Rue 1"}, format="json")

    assert refused.status_code == 400 and field in refused.json()["errors"], refused.content
    after = Network.objects.get_solo()
    assert (after.address, getattr(after, field)) == (before.address, getattr(before, field))


def test_anonymous_reader_is_refused(client):
    assert client.get(URL).status_code in (401, 403)


def test_name_follows_the_request_language_with_english_as_fallback(api, user):
    Network.objects.update_or_create(pk=1, defaults={"names": {"en": "Network", "fr": "Réseau"}})
    client = api.as_user(user)

    assert client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").json()["name"] == "Réseau"
    Network.objects.filter(pk=1).update(names={"en": "Network"})
    assert client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").json()["name"] == "Network"


def test_secretariat_patches_every_field(api, secretariat):
    response = api.as_user(secretariat).patch(
        URL,
        {
            "names": {"en": "European Network", "fr": "Réseau européen"},
            "address": "Rue Royale 1\n1000 Brussels",
            "email": "info@network.example",
            "website": "https://network.example/",
            "transparency_register_id": "123456789012-34",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["names"] == {"en": "European Network", "fr": "Réseau européen"}
    assert body["name"] == "European Network"
    assert body["transparency_register_id"] == "123456789012-34"
    network = Network.objects.get()
    assert network.address == "Rue Royale 1\n1000 Brussels"
    assert network.website == "https://network.example/"


@pytest.mark.parametrize("who", ["user", "representative", "board_member"])
def test_others_may_not_patch(api, request, who):
    actor = request.getfixturevalue(who)

    response = api.as_user(actor).patch(URL, {"email": "x@example.org"}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Only the secretariat edits the network's profile."
    assert Network.objects.get_solo().email == ""


@pytest.mark.parametrize(
    "bad", ["123456789012", "12345-3", "abc-12", "123-456", "1-2a", " -12", "١٢٣-٤٥"]
)
def test_bad_transparency_register_id_is_a_400_and_saves_nothing(api, secretariat, bad):
    response = api.as_user(secretariat).patch(
        URL, {"transparency_register_id": bad, "email": "new@network.example"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" or body["code"] == "transparency_register_id"
    assert body["errors"]["transparency_register_id"] == [
        "Enter the Transparency Register ID as digits, a hyphen and two digits, "
        "e.g. 123456789012-34."
    ]
    network = Network.objects.get_solo()
    assert network.transparency_register_id == "" and network.email == ""


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ({"fr": "Réseau"}, "The English name is required."),
        ({"en": "Network", "xx": "?"}, "Unknown language: xx."),
        ({"en": "   "}, "The English name is required."),
        ({"en": "Network", "fr": ""}, "Each name has 1 to 200 characters."),
    ],
)
def test_bad_names_are_a_400(api, secretariat, names, message):
    response = api.as_user(secretariat).patch(URL, {"names": names}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["names"] == [message]


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_jpeg_logo_is_stored_as_jpg(api, secretariat, mode):
    response = api.as_user(secretariat).patch(
        URL, {"logo": upload(png_bytes(fmt="JPEG", mode=mode), "logo.jpeg")}, format="multipart"
    )

    assert response.status_code == 200, response.json()
    assert Network.objects.get_solo().logo.name.endswith(".jpg")


def test_logo_upload_in_multipart_with_names_as_json(api, secretariat, media_root):
    response = api.as_user(secretariat).patch(
        URL,
        {
            "logo": upload(png_bytes(), name="whatever.gif"),
            "names": json.dumps({"en": "Network", "fr": "Réseau"}),
            "transparency_register_id": "987654321-01",
        },
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["names"] == {"en": "Network", "fr": "Réseau"}
    assert body["logo_url"].startswith("http://testserver/network/logo/?v=")
    assert Network.objects.get().logo.name.endswith(".png")  # named by what it is
    network = Network.objects.get()
    assert network.logo.name.startswith("network/logo") and network.logo.size > 0
    assert (media_root / network.logo.name).exists()


def test_svg_logo_is_accepted_and_replacing_it_deletes_the_old_file(
    api, secretariat, media_root, django_capture_on_commit_callbacks
):
    client = api.as_user(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(URL, {"logo": upload(SVG, "logo.svg", "image/svg+xml")}, format="multipart")
    first = Network.objects.get().logo.name
    assert first.endswith(".svg")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(URL, {"logo": upload(png_bytes())}, format="multipart")

    assert response.status_code == 200
    assert not (media_root / first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.patch(URL, {"logo": None}, format="json").json()["logo_url"] is None
    assert Network.objects.get().logo.name == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a logo", "The logo must be a PNG, JPEG or SVG file."),
        (png_bytes(fmt="GIF"), "The logo must be a PNG, JPEG or SVG file."),
        (png_bytes(8, 8), "The logo must be between 16 and 4096 pixels wide and high."),
        (b"\x89PNG" + b"0" * (512 * 1024), "The logo is larger than 512 KB."),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
            b"<script>alert(1)</script></svg>",
            "An SVG logo may not contain scripts or embedded content.",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="x()"/>',
            "An SVG logo may not contain scripts or embedded content.",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
            b'viewBox="0 0 1 1"><image x:href="file:///etc/passwd"/></svg>',
            "An SVG logo may not load other files.",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">&a;</svg>',
            "This SVG file cannot be read as a picture.",
        ),
        (b"<svg>not closed", "This SVG file cannot be read as a picture."),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
            b'<rect style="fill: url(https://tracker.example/x)"/></svg>',
            "An SVG logo may not load other files.",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
            b"<style>@import 'https://tracker.example/x.css';</style></svg>",
            "An SVG logo may not load other files.",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
            "An SVG logo needs a viewBox or a width and a height.",
        ),
        (png_bytes(5000, 20), "The logo must be between 16 and 4096 pixels wide and high."),
        (png_bytes(fmt="JPEG", mode="CMYK"), "The logo must be in RGB colours, not CMYK."),
    ],
)
def test_bad_logo_is_a_400_naming_the_logo_and_saves_nothing(
    api, secretariat, media_root, content, message
):
    response = api.as_user(secretariat).patch(
        URL,
        {"logo": upload(content), "email": "new@network.example"},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["logo"] == [message]
    network = Network.objects.get_solo()
    assert network.logo.name == "" and network.email == ""
    assert not (media_root / "network").exists()


def test_schema_documents_the_endpoint_and_its_multipart_patch(client):
    schema = client.get("/api/schema/?format=json").json()

    patch = schema["paths"]["/api/v1/network/"]["patch"]
    assert set(patch["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "get" in schema["paths"]["/api/v1/network/"]


def test_an_svg_logo_may_refer_to_its_own_gradient(api, secretariat):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient>'
        b'</defs><rect width="10" height="10" style="fill: url(#g)"/></svg>'
    )

    response = api.as_user(secretariat).patch(
        URL, {"logo": upload(svg, "logo.svg", "image/svg+xml")}, format="multipart"
    )

    assert response.status_code == 200, response.json()
    assert Network.objects.get_solo().logo.name.endswith(".svg")


def test_a_row_that_cannot_be_saved_leaves_no_logo_file(api, secretariat, media_root, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    Network.objects.get_solo()
    monkeypatch.setattr(Network, "save", refuse)
    client = api.as_user(secretariat)
    client.raise_request_exception = False

    response = client.patch(URL, {"logo": upload(png_bytes())}, format="multipart")

    assert response.status_code == 500
    assert list((media_root / "network").iterdir()) == []


def test_a_replaced_logo_that_cannot_be_deleted_leaves_the_new_one_saved(
    api, secretariat, media_root, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    client = api.as_user(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(URL, {"logo": upload(SVG, "logo.svg", "image/svg+xml")}, format="multipart")
    first = Network.objects.get().logo.name

    def refuse(self, name):
        raise OSError("the storage is down")

    monkeypatch.setattr(FileSystemStorage, "delete", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(URL, {"logo": upload(png_bytes())}, format="multipart")

    assert response.status_code == 200
    assert Network.objects.get_solo().logo.name.endswith(".png")
    assert Network.objects.get().logo.name.endswith(".png")
    assert (media_root / first).exists()  # left behind (logged), not an error for the user


def test_a_logo_upload_the_storage_refuses_is_a_503_and_saves_nothing(
    api, secretariat, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    def refuse(self, name, content, max_length=None):
        raise OSError("the storage is down")

    monkeypatch.setattr(FileSystemStorage, "save", refuse)
    client = api.as_user(secretariat)

    response = client.patch(
        URL, {"logo": upload(png_bytes()), "email": "new@example.org"}, format="multipart"
    )

    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    network = Network.objects.get_solo()
    assert not network.logo and network.email != "new@example.org"


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (png_bytes(), "a.png", "image/png"),
        (png_bytes(fmt="JPEG"), "a.jpeg", "image/jpeg"),
    ],
)
def test_the_logo_is_served_to_anyone_as_a_picture_that_runs_nothing(
    api, client, secretariat, content, name, kind
):
    """``make run`` serves with DEBUG off: the logo comes through the app, not /media/."""
    url = api.as_user(secretariat).patch(URL, {"logo": upload(content, name)}, format="multipart")
    url = url.json()["logo_url"]

    served = client.get(url.removeprefix("http://testserver"))

    assert served.status_code == 200 and served["Content-Type"] == kind
    assert b"".join(served.streaming_content) == Network.objects.get_solo().logo.read()
    assert "sandbox" in served["Content-Security-Policy"]


def test_no_logo_is_a_404(client):
    assert client.get("/network/logo/").status_code == 404
