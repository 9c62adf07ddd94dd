"""The secretariat edits the network's profile in Chromium: from the dashboard to the
form, a refused Transparency Register ID shown on its field, then a logo uploaded."""

import pytest
from playwright.sync_api import expect

from members.models import Network
from tests.members.network_files import SVG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_edits_the_profile_and_uploads_a_logo(
    browse, sign_in, shot, secretariat_factory, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    secretariat = secretariat_factory()
    page = browse()
    sign_in(page, secretariat)

    page.get_by_role("link", name="The network's profile").click()
    expect(page.get_by_role("heading", name="The network's profile")).to_be_visible()
    page.get_by_label("Name in French").fill("Réseau européen")
    page.get_by_label("Postal address").fill("Avenue des Arts 7\n1210 Brussels")
    page.get_by_label("EU Transparency Register ID").fill("12345")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator(".field-error")).to_contain_text("digits, a hyphen and two digits")
    shot(page, "network-profile-refused")
    page.get_by_label("EU Transparency Register ID").fill("123456789012-34")
    page.locator("input[name=logo]").set_input_files(str(logo))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("The network's profile was saved.")
    expect(page.get_by_role("img", name="The current logo")).to_be_visible()
    shot(page, "network-profile-saved")
    network = Network.objects.get()
    assert network.names["fr"] == "Réseau européen"
    assert network.transparency_register_id == "123456789012-34"
    assert network.logo.name == "network/logo.svg"
