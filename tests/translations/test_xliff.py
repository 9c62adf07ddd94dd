"""XLIFF 1.2 export and import (GET/PUT .../translations/{lang}/xliff/)."""

import pytest
from lxml import etree
from translate.storage import xliff

pytestmark = pytest.mark.django_db

XLIFF = "application/xliff+xml"


def url(proposal, lang="fr"):
    return f"/api/v1/proposals/{proposal.pk}/translations/{lang}/xliff/"


def detail(client, proposal, lang="fr"):
    return client.get(f"/api/v1/proposals/{proposal.pk}/translations/{lang}/").json()


def test_export_edit_import_round_trips(api, translated):
    client = api.as_user(translated.working_group.chair)
    response = client.get(url(translated))
    assert response.status_code == 200
    assert response["Content-Type"] == XLIFF
    exported = response.content
    # translate-toolkit reads it and writes it back byte for byte
    store = xliff.xlifffile.parsestring(exported)
    assert bytes(store) == exported
    root = etree.fromstring(exported)
    assert root.get("version") == "1.2"
    ids = [u.xmlelement.get("id") for u in store.units]
    assert ids == [
        "title", "summary", "s1.heading", "s1.p1", "s1.p2", "s1.p3", "s2.heading", "s2.p1",
    ]  # fmt: skip
    for unit in store.units:  # a translator's tool fills every target
        unit.target = "FR " + unit.source
    response = client.put(url(translated), bytes(store), content_type=XLIFF)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "complete"
    assert body["title"] == "FR Reserved contracts"
    assert body["sections"][0]["paragraphs"][2]["text"] == "FR Third paragraph."
    # and out again: the targets are the ones imported
    again = xliff.xlifffile.parsestring(client.get(url(translated)).content)
    assert {u.xmlelement.get("id"): u.target for u in again.units}["s2.p1"] == (
        "FR Publish guidance."
    )


def _edited(client, proposal, edit):
    store = xliff.xlifffile.parsestring(client.get(url(proposal)).content)
    for unit in store.units:
        unit.target = "FR " + unit.source
    edit(store)
    return bytes(store)


def test_unknown_missing_and_mismatched_units_are_refused_whole(api, translated):
    client = api.as_user(translated.working_group.chair)

    def edit(store):
        units = {u.xmlelement.get("id"): u for u in store.units}
        units["s1.p3"].setid("s1.p9")  # unknown
        body = units["s2.p1"].xmlelement.getparent()
        body.remove(units["s2.p1"].xmlelement)  # missing
        units["s1.p1"].source = "A paragraph of another text."  # mismatched

    response = client.put(url(translated), _edited(client, translated, edit), content_type=XLIFF)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["unknown_units"] == ["s1.p9"]
    assert errors["missing_units"] == ["s1.p3", "s2.p1"]
    assert errors["mismatched_units"] == ["s1.p1"]
    assert detail(client, translated)["status"] == "missing"  # nothing imported


def test_a_file_that_is_not_xml_is_a_400(api, translated):
    client = api.as_user(translated.working_group.chair)
    for data in (b"not xml at all", b"<html><body/></html>", b""):
        response = client.put(url(translated), data, content_type=XLIFF)
        assert response.status_code == 400, data
        assert "file" in response.json()["errors"]
    assert detail(client, translated)["status"] == "missing"


def test_an_entity_is_not_resolved(api, translated):
    client = api.as_user(translated.working_group.chair)
    exported = client.get(url(translated)).content.decode()
    evil = exported.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    ).replace(
        "<source>Reserved contracts</source>",
        "<source>Reserved contracts</source><target>&e;</target>",
    )
    response = client.put(url(translated), evil.encode(), content_type=XLIFF)
    assert response.status_code in (200, 400)
    assert "root:" not in detail(client, translated)["title"]


def test_import_of_another_language_is_a_404_and_a_representative_a_403(
    api, translated, representative, run
):
    client = api.as_user(translated.working_group.chair)
    data = client.get(url(translated)).content
    assert client.put(url(translated, "it"), data, content_type=XLIFF).status_code == 404
    run(translated, "submit_for_consultation", translated.working_group.chair)
    rep = api.as_user(representative)
    assert rep.put(url(translated), data, content_type=XLIFF).status_code == 403
