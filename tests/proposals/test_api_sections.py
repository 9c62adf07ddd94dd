import pytest

pytestmark = pytest.mark.django_db


def _url(proposal, section=None):
    base = f"/api/v1/proposals/{proposal.pk}/sections/"
    return f"{base}{section.pk}/" if section else base


def test_member_adds_sections_in_order(api, proposal):
    client = api.as_user(proposal.working_group.chair)
    client.post(_url(proposal), {"heading": "Context", "body": "Text."}, format="json")
    client.post(_url(proposal), {"heading": "Proposals", "body": "More."}, format="json")
    inserted = client.post(
        _url(proposal), {"heading": "Summary", "body": "", "position": 1}, format="json"
    )

    assert inserted.status_code == 201
    sections = client.get(f"/api/v1/proposals/{proposal.pk}/").json()["sections"]
    assert [(s["position"], s["heading"]) for s in sections] == [
        (1, "Summary"),
        (2, "Context"),
        (3, "Proposals"),
    ]


def test_save_from_the_current_revision_bumps_it(api, section):
    response = api.as_user(section.proposal.working_group.chair).patch(
        _url(section.proposal, section), {"body": "New text.", "revision": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["revision"] == 2 and response.json()["body"] == "New text."


def test_second_editor_from_the_same_base_gets_409_with_the_current_text(
    api, section, user_factory
):
    other = user_factory()
    section.proposal.working_group.members.add(other)
    url = _url(section.proposal, section)
    api.as_user(section.proposal.working_group.chair).patch(
        url, {"body": "The chair's text.", "revision": 1}, format="json"
    )

    response = api.as_user(other).patch(url, {"body": "My text.", "revision": 1}, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "edit_conflict"
    assert body["current"]["body"] == "The chair's text." and body["current"]["revision"] == 2
    section.refresh_from_db()
    assert section.body == "The chair's text."


def test_outsider_cannot_edit(api, section, representative):
    from proposals.services import version_snapshot

    version_snapshot(proposal=section.proposal, reason="consultation")  # make it visible
    response = api.as_user(representative).patch(
        _url(section.proposal, section), {"body": "Hijack", "revision": 1}, format="json"
    )
    assert response.status_code == 403


def test_editing_outside_draft_or_revision_is_409(api, run, section):
    proposal = section.proposal
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    client = api.as_user(proposal.working_group.chair)

    assert (
        client.patch(
            _url(proposal, section), {"body": "x", "revision": 1}, format="json"
        ).status_code
        == 409
    )
    assert client.post(_url(proposal), {"heading": "x"}, format="json").status_code == 409
    assert client.delete(_url(proposal, section)).status_code == 409


def test_delete_renumbers(api, proposal, section_factory):
    first, second, third = (section_factory(proposal=proposal, position=i) for i in (1, 2, 3))
    client = api.as_user(proposal.working_group.chair)
    assert client.delete(_url(proposal, second)).status_code == 204
    sections = client.get(f"/api/v1/proposals/{proposal.pk}/").json()["sections"]
    assert [(s["id"], s["position"]) for s in sections] == [(first.pk, 1), (third.pk, 2)]


def test_script_and_event_handlers_are_stored_as_typed_and_rendered_inert(api, proposal):
    body = (
        "Hello <script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) and [ok](https://ec.europa.eu)"
    )
    created = (
        api.as_user(proposal.working_group.chair)
        .post(_url(proposal), {"heading": "XSS", "body": body}, format="json")
        .json()
    )

    assert created["body"] == body
    html = created["html"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert '<a href="https://ec.europa.eu"' in html
    assert [
        p for p in ('data-paragraph="1"', 'data-paragraph="2"', 'data-paragraph="3"') if p in html
    ] == [
        'data-paragraph="1"',
        'data-paragraph="2"',
        'data-paragraph="3"',
    ]


def test_a_numbered_list_split_into_paragraphs_keeps_its_numbers(api, proposal):
    created = (
        api.as_user(proposal.working_group.chair)
        .post(
            _url(proposal),
            {"heading": "Asks", "body": "1. Guidance.\n\n2. Reporting."},
            format="json",
        )
        .json()
    )
    assert '<ol start="2">' in created["html"]


def test_reads_again_show_the_same_safe_html_and_an_edit_shows_at_once(api, proposal):
    """Rendered paragraphs are cached by their text: a second read is the same inert
    HTML, and a paragraph edited back and forth shows each text when it is current."""
    client = api.as_user(proposal.working_group.chair)
    url = f"/api/v1/proposals/{proposal.pk}/"
    payload = 'Hello <script>alert(1)</script> <img src=x onerror="alert(2)">'
    section = client.post(_url(proposal), {"heading": "H", "body": payload}, format="json").json()
    first = client.get(url).json()["sections"][0]["html"]
    again = client.get(url).json()["sections"][0]["html"]
    assert first == again == section["html"]
    assert "<script" not in again and "onerror" not in again and "Hello" in again

    for body in ("Reserve **10 %** of contracts.", payload, "Reserve **10 %** of contracts."):
        revision = client.get(url).json()["sections"][0]["revision"]
        edited = client.patch(
            f"{_url(proposal)}{section['id']}/", {"body": body, "revision": revision}, format="json"
        )
        assert edited.status_code == 200, edited.content
        shown = client.get(url).json()["sections"][0]["html"]
        assert ("<strong>10 %</strong>" in shown) == body.startswith("Reserve")
        assert "<script" not in shown
