"""The submission pack and its record (API.md "EU consultations", SPEC §12)."""

import pytest

from eu.selectors import feedback_length

pytestmark = pytest.mark.django_db


def pack_url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/submission/"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Économie sociale", 16),  # é composed: one code point
        ("E\u0301conomie", 9),  # decomposed: e + combining accent, two
        ("EU 🇪🇺 ok 😀", 10),  # a flag is two code points, 😀 one
        ("line one\r\nline two\rthree\n", 24),  # every line break counts one
    ],
)
def test_length_counts_code_points_after_normalising_line_breaks(text, length):
    assert feedback_length(text) == length


def test_the_pack_is_drafted_from_summary_and_headings(api, approved, secretariat):
    version = approved.versions.adopted().newest()
    version.__class__.objects.filter(pk=version.pk).update(
        summary="We ask for reserved contracts.",
        sections=[
            {"id": 1, "heading": "Why", "body": "x"},
            {"id": 2, "heading": "Ask", "body": ""},
        ],
    )
    body = api.as_user(secretariat).get(pack_url(approved)).json()

    assert body["feedback_text"] == "We ask for reserved contracts.\n\n- Why\n- Ask"
    assert body["length"] == len("We ask for reserved contracts.\n\n- Why\n- Ask")
    assert body["limit"] == 4000
    assert body["organisation"]["transparency_register_id"] == "123456789012-34"
    assert body["attachment"]["paper"] is not None
    assert body["ready"] is True and body["submitted_at"] is None


def test_over_the_limit_is_saved_but_not_ready_and_cannot_be_recorded(
    api, approved, secretariat, settings
):
    settings.PLENUM_EU_FEEDBACK_LIMIT = 10
    client = api.as_user(secretariat)
    saved = client.patch(pack_url(approved), {"feedback_text": "é" * 11}, format="json")
    assert saved.status_code == 200
    assert saved.json()["length"] == 11 and saved.json()["ready"] is False

    record = {"submitted_at": "2026-12-01", "portal_reference": "F123456"}
    refused = client.post(pack_url(approved) + "record/", record, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "pack_not_ready"
    assert "limit" in refused.json()["detail"]

    client.patch(pack_url(approved), {"feedback_text": "😀" * 10}, format="json")
    recorded = client.post(pack_url(approved) + "record/", record, format="json")
    assert recorded.status_code == 200
    assert recorded.json()["submitted_at"] == "2026-12-01"
    assert recorded.json()["portal_reference"] == "F123456"


def test_record_before_approval_is_409(api, paper_factory, secretariat, network):
    proposal = paper_factory(state="board_review").proposal
    response = api.as_user(secretariat).post(
        pack_url(proposal) + "record/",
        {"submitted_at": "2026-12-01", "portal_reference": "F1"},
        format="json",
    )
    assert response.status_code == 409 and response.json()["code"] == "not_approved"
    assert api.get(pack_url(proposal)).status_code == 409


def test_only_the_secretariat_records_and_chair_or_secretariat_edit(
    api, approved, representative, secretariat
):
    chair = approved.working_group.chair
    assert (
        api.as_user(chair).patch(pack_url(approved), {"feedback_text": "Ok"}, format="json")
    ).status_code == 200
    record = {"submitted_at": "2026-12-01", "portal_reference": "F1"}
    assert api.post(pack_url(approved) + "record/", record, format="json").status_code == 403
    assert (
        api.as_user(representative).patch(pack_url(approved), {"feedback_text": "x"}, format="json")
    ).status_code == 403


def test_the_register_and_feed_show_the_recorded_submission(
    client, api, make_board_review, approve, publish, media_root, secretariat, network
):
    proposal = publish(approve(make_board_review(title="Reserved contracts now")))
    response = api.as_user(secretariat).post(
        pack_url(proposal) + "record/",
        {"submitted_at": "2026-11-30", "portal_reference": "F98765"},
        format="json",
    )
    assert response.status_code == 200, response.json()

    page = client.get("/papers/").content.decode()
    assert "submitted to the European Commission on" in page
    assert '<time datetime="2026-11-30">' in page
    feed = client.get("/papers/feed/").content.decode()
    assert "submitted to the European Commission on" in feed


def test_opening_the_pack_writes_nothing_and_the_first_edit_makes_its_row(
    api, client, approved, secretariat
):
    from eu.models import Submission

    version = approved.versions.adopted().newest()
    version.__class__.objects.filter(pk=version.pk).update(summary="We ask for reserved contracts.")
    reader = api.as_user(secretariat)
    first = reader.get(pack_url(approved))
    second = reader.get(pack_url(approved))
    client.force_login(secretariat)
    page = client.get(f"/proposals/{approved.pk}/submission/")

    assert first.status_code == second.status_code == page.status_code == 200
    assert first.json() == second.json()
    assert first.json()["submitted_at"] is None and first.json()["portal_reference"] == ""
    assert first.json()["feedback_text"] == "We ask for reserved contracts."
    assert first.json()["ready"] is True and all(first.json()["checklist"].values())
    assert "We ask for reserved contracts." in page.content.decode()
    assert Submission.objects.count() == 0

    saved = reader.patch(pack_url(approved), {"feedback_text": "Our answer."}, format="json")

    assert saved.status_code == 200 and saved.json()["feedback_text"] == "Our answer."
    assert Submission.objects.get().feedback_text == "Our answer."
    reader.patch(pack_url(approved), {"feedback_text": "Our answer, again."}, format="json")
    assert Submission.objects.get().feedback_text == "Our answer, again."


def _french_paper_too(proposal):
    """The same adoption's paper in French, ready."""
    from papers.models import PositionPaper

    english = PositionPaper.objects.get(proposal=proposal)
    return PositionPaper.objects.create(
        proposal=proposal,
        version=english.version,
        language="fr",
        status="ready",
        file=f"papers/{proposal.reference}/fr-ready.pdf",
        size=1000,
    )


@pytest.mark.parametrize("source", ["en", "fr"])
def test_the_pack_starts_in_the_proposals_own_language(api, approved, secretariat, source):
    _french_paper_too(approved)
    approved.__class__.objects.filter(pk=approved.pk).update(source_language=source)

    body = api.as_user(secretariat).get(pack_url(approved)).json()

    assert body["attachment"]["languages"] == ["en", "fr"]
    assert body["attachment"]["language"] == source
    assert body["organisation"]["language"] == source


def test_the_secretariat_chooses_the_language_of_the_answer(api, approved, secretariat, network):
    from eu.models import Submission

    _french_paper_too(approved)
    version = approved.versions.adopted().newest()
    version.__class__.objects.filter(pk=version.pk).update(summary="We ask for reserved contracts.")
    network.names = {"en": "European Network", "fr": "Réseau européen"}
    network.save()
    client = api.as_user(secretariat)

    chosen = client.patch(pack_url(approved), {"language": "fr"}, format="json")

    assert chosen.status_code == 200, chosen.content
    body = chosen.json()
    assert body["attachment"]["language"] == "fr" and body["organisation"]["language"] == "fr"
    assert body["organisation"]["name"] == "Réseau européen"
    assert body["feedback_text"] == "We ask for reserved contracts."  # the draft is kept
    assert Submission.objects.get().language == "fr"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"language": "de"}, "language"), ({"language": "x" * 9}, "language"), ({}, None)],
)
def test_a_language_without_a_paper_or_an_empty_patch_is_a_400_and_saves_nothing(
    api, approved, secretariat, payload, field
):
    from eu.models import Submission

    refused = api.as_user(secretariat).patch(pack_url(approved), payload, format="json")

    assert refused.status_code == 400, refused.content
    if field:
        assert field in str(refused.json())
    if payload.get("language") == "de":
        assert "en" in str(refused.json())  # names the languages there are
    assert Submission.objects.count() == 0


def test_the_page_offers_the_languages_with_a_paper(client, approved, secretariat):
    _french_paper_too(approved)
    client.force_login(secretariat)
    url = f"/proposals/{approved.pk}/submission/"

    page = client.get(url).content.decode()
    assert "Language of the answer" in page and 'value="fr"' in page

    saved = client.post(
        url, {"action": "save", "feedback_text": "Notre réponse.", "language": "fr"}
    )
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert f"{approved.reference}/fr.pdf" in page
    refused = client.post(url, {"action": "save", "feedback_text": "x", "language": "de"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()


def test_the_page_names_the_language_of_the_answer(client, approved, secretariat):
    client.force_login(secretariat)
    page = client.get(f"/proposals/{approved.pk}/submission/").content.decode()
    assert '<span id="org-language">English (en)</span>' in page


def test_once_recorded_the_text_and_language_sent_stay_as_they_were(
    api, client, approved, secretariat
):
    from eu.models import Submission

    reader = api.as_user(secretariat)
    reader.patch(pack_url(approved), {"feedback_text": "What we sent."}, format="json")
    record = {"submitted_at": "2026-12-01", "portal_reference": "F123456"}
    assert reader.post(pack_url(approved) + "record/", record, format="json").status_code == 200

    refused = reader.patch(pack_url(approved), {"feedback_text": "Changed later."}, format="json")

    assert refused.status_code == 409 and refused.json()["code"] == "already_submitted"
    assert Submission.objects.get().feedback_text == "What we sent."
    client.force_login(secretariat)
    page = client.get(f"/proposals/{approved.pk}/submission/").content.decode()
    assert '<pre id="feedback-text" class="feedback">What we sent.</pre>' in page
    assert 'value="save"' not in page
    corrected = {**record, "portal_reference": "F654321"}  # the record itself can be corrected
    assert reader.post(pack_url(approved) + "record/", corrected, format="json").status_code == 200


def test_the_page_names_the_country_in_the_language_of_the_answer(client, approved, secretariat):
    client.force_login(secretariat)
    url = f"/proposals/{approved.pk}/submission/"

    page = client.get(url).content.decode()
    assert '<span id="org-country">Belgium (BE)</span>' in page

    _french_paper_too(approved)
    client.post(url, {"action": "save", "feedback_text": "Notre réponse.", "language": "fr"})
    page = client.get(url).content.decode()  # the page in English, the answer in French
    assert '<span id="org-country">Belgique (BE)</span>' in page


def test_a_country_name_is_in_the_language_asked_with_its_code():
    from eu.presenters import country_name

    assert country_name("BE", "en") == "Belgium (BE)"
    assert country_name("de", "de") == "Deutschland (DE)"
    assert country_name("SI", "sl") == "Slovenija (SI)"
    assert country_name("", "en") == ""
