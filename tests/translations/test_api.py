"""API.md "Translations": list, detail, PATCH, and the bad input around them."""

import pytest

pytestmark = pytest.mark.django_db


def url(proposal, lang=None):
    base = f"/api/v1/proposals/{proposal.pk}/translations/"
    return base + (f"{lang}/" if lang else "")


def test_the_list_has_every_language_but_the_source_all_missing(api, translated):
    client = api.as_user(translated.working_group.chair)
    body = client.get(url(translated)).json()
    assert [(t["language"], t["status"]) for t in body] == [("fr", "missing"), ("de", "missing")]
    # title, summary, 2 headings, 4 paragraphs
    assert body[0]["done_paragraphs"] == 0 and body[0]["total_paragraphs"] == 8


def test_a_save_is_shown_per_paragraph_and_per_language(api, translated):
    client = api.as_user(translated.working_group.chair)
    response = client.patch(
        url(translated, "fr"),
        {
            "revision": 0,
            "title": "Marchés réservés",
            "sections": [{"section": 1, "paragraphs": [{"paragraph": 2, "text": "Deuxième."}]}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "in_progress" and body["title"] == "Marchés réservés"
    first = body["sections"][0]
    assert [(p["paragraph"], p["status"], p["text"]) for p in first["paragraphs"]] == [
        (1, "missing", ""),
        (2, "done", "Deuxième."),
        (3, "missing", ""),
    ]
    assert first["paragraphs"][1]["source"] == "Second paragraph."
    listed = {t["language"]: t for t in client.get(url(translated)).json()}
    assert listed["fr"]["status"] == "in_progress" and listed["fr"]["done_paragraphs"] == 2
    assert listed["de"]["status"] == "missing"


def test_every_unit_translated_is_complete(api, translated, translate):
    translate(translated, "fr", translated.working_group.chair)
    client = api.as_user(translated.working_group.chair)
    body = client.get(url(translated, "fr")).json()
    assert body["status"] == "complete"
    assert body["sections"][1]["heading"] == "[fr] What we ask"


def test_a_stale_revision_is_a_409_with_the_current_text(api, translated):
    client = api.as_user(translated.working_group.chair)
    first = client.patch(url(translated, "fr"), {"revision": 0, "title": "Un"}, format="json")
    assert first.status_code == 200
    stale = client.patch(url(translated, "fr"), {"revision": 0, "title": "Deux"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"
    assert stale.json()["current"]["title"] == "Un"
    assert client.get(url(translated, "fr")).json()["title"] == "Un"


def test_a_language_not_in_the_procedure_is_a_404(api, translated):
    client = api.as_user(translated.working_group.chair)
    assert client.get(url(translated, "it")).status_code == 404
    assert client.get(url(translated, "en")).status_code == 404  # the source
    response = client.patch(url(translated, "it"), {"revision": 0, "title": "X"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_paragraph_that_does_not_exist_is_a_400_and_nothing_is_saved(api, translated):
    client = api.as_user(translated.working_group.chair)
    response = client.patch(
        url(translated, "fr"),
        {
            "revision": 0,
            "title": "Marchés réservés",
            "sections": [
                {"section": 1, "paragraphs": [{"paragraph": 4, "text": "Quatrième."}]},
                {"section": 3, "heading": "Troisième"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "s1.p4" in errors and "sections[1].section" in errors
    assert client.get(url(translated, "fr")).json()["title"] == ""


def test_a_paragraph_with_a_blank_line_is_a_400(api, translated):
    client = api.as_user(translated.working_group.chair)
    response = client.patch(
        url(translated, "fr"),
        {
            "revision": 0,
            "sections": [{"section": 2, "paragraphs": [{"paragraph": 1, "text": "A\n\nB"}]}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "s2.p1" in response.json()["errors"]


def test_a_representative_cannot_translate(api, translated, representative, run):
    run(translated, "submit_for_consultation", translated.working_group.chair)
    response = api.as_user(representative).patch(
        url(translated, "fr"), {"revision": 0, "title": "Non"}, format="json"
    )
    assert response.status_code == 403


def test_a_translator_named_for_french_translates_french_only(api, translated, user_factory, run):
    from translations.models import Translator

    run(translated, "submit_for_consultation", translated.working_group.chair)
    translator = user_factory()
    Translator.objects.create(user=translator, language="fr")
    client = api.as_user(translator)
    assert (
        client.patch(
            url(translated, "fr"), {"revision": 0, "title": "Oui"}, format="json"
        ).status_code
        == 200
    )
    assert (
        client.patch(
            url(translated, "de"), {"revision": 0, "title": "Ja"}, format="json"
        ).status_code
        == 403
    )
