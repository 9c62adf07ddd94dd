"""The demo fills the network's profile (SPEC §12) once."""

import pytest

from members import demo
from members.models import Network

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_demo_fills_the_profile_with_a_logo_once(media_root):
    demo.seed({})
    network = Network.objects.get()

    assert network.name_in("en") == "European Network of Social Integration Enterprises"
    assert network.name_in("fr") == "Réseau européen des entreprises sociales d'insertion"
    assert "Brussels" in network.address
    assert network.email and network.website.startswith("https://")
    assert network.transparency_register_id == "583902417765-21"
    assert network.logo.name == "network/logo.svg"
    assert (media_root / "network" / "logo.svg").read_bytes().startswith(b"<svg")

    demo.seed({})

    assert sorted(p.name for p in (media_root / "network").iterdir()) == ["logo.svg"]


def test_the_demo_keeps_a_profile_the_secretariat_filled(media_root):
    Network.objects.create(pk=1, names={"en": "Ours"}, address="Our street")

    demo.seed({})

    assert Network.objects.get().names == {"en": "Ours"}
