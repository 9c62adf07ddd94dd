"""The translation page: source and translation side by side, outdated parts listed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from translate.storage import xliff

from tests.translations.helpers import fill
from tests.web.conftest import as_writer

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(proposal, lang="fr"):
    return f"/proposals/{proposal.pk}/translations/{lang}/"


def test_the_page_shows_each_paragraph_beside_a_labelled_field_and_saves(translated):
    client = signed_in(translated.working_group.chair)
    html = client.get(page_url(translated)).content.decode()
    assert "Translation into Français" in html
    assert "Second paragraph." in html
    assert '<label for="u-s1.p2">Paragraph 1.2 in Français' in html
    response = client.post(
        page_url(translated),
        {"revision": "0", "u-title": "Marchés réservés", "u-s1.p2": "Deuxième paragraphe."},
    )
    assert response.status_code == 302
    html = client.get(page_url(translated)).content.decode()
    assert "Deuxième paragraphe." in html and "Translation saved." in html


def test_a_stale_save_keeps_the_typed_text_and_says_so(translated):
    chair = translated.working_group.chair
    fill(translated, "fr", chair)
    response = signed_in(chair).post(page_url(translated), {"revision": "0", "u-title": "Mien"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this translation" in html and ">Mien</textarea>" in html


def test_outdated_parts_are_listed_with_old_and_new_source(translated):
    from proposals.services import section_update

    chair = translated.working_group.chair
    fill(translated, "fr", chair)
    first = translated.sections.order_by("position").first()
    section_update(
        section=first,
        actor=chair,
        revision=first.revision,
        body="First paragraph.\n\nSecond paragraph, changed.\n\nThird paragraph.",
    )
    html = signed_in(chair).get(page_url(translated)).content.decode()
    assert "1 part to revise: its source changed" in html
    assert '<a href="#u-s1.p2">Paragraph 1.2</a>' in html
    assert "<ins>changed.</ins>" in html or "<ins>" in html
    proposal_page = signed_in(chair).get(translated.get_absolute_url()).content.decode()
    assert page_url(translated) in proposal_page and "1 part outdated" in proposal_page


def test_xliff_download_and_import_from_the_page(translated):
    client = signed_in(translated.working_group.chair)
    exported = client.get(page_url(translated) + "xliff/")
    assert exported["Content-Type"] == "application/xliff+xml"
    store = xliff.xlifffile.parsestring(exported.content)
    for unit in store.units:
        unit.target = "FR " + unit.source
    upload = SimpleUploadedFile("fr.xlf", bytes(store), content_type="application/xliff+xml")
    response = client.post(page_url(translated) + "xliff/import/", {"file": upload}, follow=True)
    assert "The XLIFF file was imported." in response.content.decode()
    assert "FR Publish guidance." in response.content.decode()
    bad = SimpleUploadedFile("fr.xlf", b"<nope", content_type="application/xliff+xml")
    response = client.post(page_url(translated) + "xliff/import/", {"file": bad}, follow=True)
    assert "This is not an XLIFF 1.2 file" in response.content.decode()


def test_a_representative_reads_without_a_form(translated, representative, run):
    run(translated, "submit_for_consultation", translated.working_group.chair)
    html = signed_in(representative).get(page_url(translated)).content.decode()
    assert "<textarea" not in html and "Second paragraph." in html
    assert signed_in(representative).get(page_url(translated, "it")).status_code == 404


def test_a_stale_save_shows_their_text_beside_the_typed_one(translated):
    """Two tabs: the second save sees what the first saved, unit by unit, not only a notice."""
    chair = translated.working_group.chair
    client = signed_in(chair)
    client.post(page_url(translated), {"revision": "0", "u-title": "LEUR titre soigné"})

    response = client.post(page_url(translated), {"revision": "0", "u-title": "MON titre"})

    html = response.content.decode()
    assert ">MON titre</textarea>" in html
    assert 'id="u-title-theirs"' in html and ">LEUR titre soigné</textarea>" in html
    assert "Their text (saved now)" in html


def test_a_translation_sent_signed_out_comes_back_after_signing_in(translated):
    chair = translated.working_group.chair
    client = Client()
    client.post(
        page_url(translated), {"revision": "0", "u-s1.p2": "Deuxième, gardé.", **as_writer(chair)}
    )

    client.force_login(chair)
    html = client.get(page_url(translated)).content.decode()

    assert ">Deuxième, gardé.</textarea>" in html
    assert "It is not saved yet" in html


def test_a_huge_title_or_paragraph_is_a_form_error_not_saved(translated):
    """The page saved a 200,000-character title (the API refused it: 300 at most)."""
    client = signed_in(translated.working_group.chair)

    response = client.post(
        page_url(translated), {"revision": "0", "u-title": "T" * 200_000, "u-s1.p1": "P" * 60_000}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 300 characters (it has 200000)." in html
    assert "Ensure this value has at most 50000 characters (it has 60000)." in html
    assert not translated.translations.exists()
