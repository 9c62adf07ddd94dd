import pytest

pytestmark = pytest.mark.django_db


def test_versions_are_snapshotted_and_diffed_word_by_word(api, run, proposal, section_factory):
    chair = proposal.working_group.chair
    kept = section_factory(
        proposal=proposal, heading="Context", body="Public buyers rarely reserve contracts."
    )
    dropped = section_factory(proposal=proposal, heading="Old", body="Gone soon.")
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    client = api.as_user(chair)
    client.patch(
        f"/api/v1/proposals/{proposal.pk}/sections/{kept.pk}/",
        {"body": "Public buyers seldom reserve contracts.", "revision": kept.revision},
        format="json",
    )
    client.delete(f"/api/v1/proposals/{proposal.pk}/sections/{dropped.pk}/")
    client.post(
        f"/api/v1/proposals/{proposal.pk}/sections/",
        {"heading": "Asks", "body": "Reserve 5 %."},
        format="json",
    )
    run(proposal, "open_vote", chair)

    versions = client.get(f"/api/v1/proposals/{proposal.pk}/versions/").json()
    assert [(v["number"], v["reason"]) for v in versions] == [(1, "consultation"), (2, "vote")]
    v1 = client.get(f"/api/v1/proposals/{proposal.pk}/versions/1/").json()
    assert [s["heading"] for s in v1["sections"]] == ["Context", "Old"]

    diff = client.get(f"/api/v1/proposals/{proposal.pk}/versions/1/diff/2/").json()["sections"]
    by_heading = {d["heading"]: d for d in diff}
    assert by_heading["Context"]["change"] == "changed"
    assert "<del>rarely</del><ins>seldom</ins>" in by_heading["Context"]["html"]
    assert by_heading["Asks"]["change"] == "added"
    assert by_heading["Old"]["change"] == "removed"


def test_missing_version_is_404(api, proposal):
    response = api.as_user(proposal.working_group.chair).get(
        f"/api/v1/proposals/{proposal.pk}/versions/1/diff/2/"
    )
    assert response.status_code == 404


def test_versions_cannot_be_changed(run, proposal, section_factory):
    section_factory(proposal=proposal)
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    version = proposal.versions.get()
    version.title = "Rewritten"
    with pytest.raises(ValueError, match="immutable"):
        version.save()
