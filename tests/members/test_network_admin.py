"""The network's profile in the admin: one row, opened from the list, never added twice
or deleted, saved with the same checks as the page and the API."""

import pytest

from members.models import Network
from tests.members.network_files import png_bytes, upload

pytestmark = pytest.mark.django_db

CHANGE = "/admin/members/network/1/change/"


@pytest.fixture
def admin_client(client, secretariat_factory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(secretariat_factory(is_superuser=True))
    return client


def _data(**values):
    data = {
        "names": '{"en": "Network", "fr": "Réseau"}',
        "address": "Rue Royale 1, Brussels",
        "email": "info@network.example",
        "website": "https://network.example/",
        "transparency_register_id": "123456789012-34",
    }
    data.update(values)
    return data


def test_the_list_opens_the_one_profile_and_offers_no_add_or_delete(admin_client):
    response = admin_client.get("/admin/members/network/")

    assert response.status_code == 302 and response["Location"] == CHANGE
    page = admin_client.get(CHANGE).content.decode()
    assert "/admin/members/network/1/delete/" not in page
    assert admin_client.get("/admin/members/network/add/").status_code == 403
    assert admin_client.post("/admin/members/network/1/delete/", {"post": "yes"}).status_code == 403
    assert Network.objects.count() == 1


def test_the_admin_saves_the_profile_and_its_logo(admin_client):
    admin_client.get("/admin/members/network/")

    response = admin_client.post(CHANGE, _data(logo=upload(png_bytes(), "logo.png")))

    assert response.status_code == 302
    network = Network.objects.get()
    assert network.names == {"en": "Network", "fr": "Réseau"}
    assert network.logo.name.endswith(".png")


def test_the_admin_refuses_a_bad_register_id_and_a_bad_logo(admin_client):
    admin_client.get("/admin/members/network/")

    response = admin_client.post(
        CHANGE, _data(transparency_register_id="12-345", logo=upload(b"junk", "logo.png"))
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the Transparency Register ID as digits, a hyphen and two digits" in page
    assert "The logo must be a PNG, JPEG or SVG file." in page
    assert Network.objects.get().transparency_register_id == ""


def test_a_logo_upload_while_the_storage_is_down_says_so_and_saves_nothing(
    admin_client, monkeypatch
):
    from django.contrib.admin.models import LogEntry
    from django.core.files.storage import FileSystemStorage

    def refuse(self, name, content, max_length=None):
        raise OSError("the storage is down")

    admin_client.get("/admin/members/network/")
    monkeypatch.setattr(FileSystemStorage, "save", refuse)

    response = admin_client.post(
        CHANGE, _data(logo=upload(png_bytes(), "logo.png"), email="new@example.org"), follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(CHANGE, 302)]
    page = response.content.decode()
    assert "The logo could not be stored just now. Nothing was saved: try again." in page
    assert "was changed successfully" not in page
    network = Network.objects.get()
    assert not network.logo and network.email != "new@example.org"
    assert not LogEntry.objects.exists()
