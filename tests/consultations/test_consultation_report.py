"""consultation_report(): the annex data, its figures checked against what was posted."""

import pytest

from consultations.selectors import consultation_report
from consultations.services import (
    amendment_create,
    amendment_decide,
    amendment_support,
    comment_create,
    comment_hide,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulted(consulting, section_factory, representative_factory, secretariat, chair, run):
    """Two sections; 4 organisations comment, amend and support; then the chair decides."""
    second = section_factory(
        proposal=consulting, heading="Funding", body="ESF+ should fund WISEs.\n\nAnd ERDF."
    )
    first = consulting.section
    a, b, c, d = reps = representative_factory.create_batch(4)
    comment_create(proposal=consulting, author=a, body="General remark.")
    thread = comment_create(
        proposal=consulting, author=a, body="On p1.", section=first, paragraph=1
    )
    comment_create(proposal=consulting, author=b, body="Agreed.", parent=thread)
    comment_create(proposal=consulting, author=c, body="On section.", section=first)
    comment_create(proposal=consulting, author=b, body="On funding.", section=second, paragraph=2)
    rude = comment_create(proposal=consulting, author=d, body="Rude.", section=second)
    comment_hide(comment=rude, actor=secretariat, reason="Abusive.")

    replace = amendment_create(
        proposal=consulting, author=a, section=first, kind="replace", paragraph=1,
        text="Reserve 5%.", justification="Measurable.",
    )  # fmt: skip
    insert = amendment_create(
        proposal=consulting, author=b, section=second, kind="insert_after", paragraph=2,
        text="And InvestEU.", justification="Completeness.",
    )  # fmt: skip
    delete = amendment_create(
        proposal=consulting, author=c, section=first, kind="delete", paragraph=3,
        justification="Redundant.",
    )  # fmt: skip
    pending = amendment_create(
        proposal=consulting, author=a, section=second, kind="replace", paragraph=1,
        text="ESF+ must fund WISEs.", justification="Stronger.",
    )  # fmt: skip
    for amendment, supporters in [(replace, [b, c, d]), (insert, [a]), (pending, [c, d])]:
        for user in supporters:
            amendment_support(amendment=amendment, user=user)

    run(consulting, "close_consultation", chair)
    amendment_decide(amendment=replace, actor=chair, decision="accepted", response="Agreed.")
    amendment_decide(
        amendment=insert, actor=chair, decision="accepted_with_changes",
        response="Shortened.", text="And InvestEU guarantees.",
    )  # fmt: skip
    amendment_decide(amendment=delete, actor=chair, decision="rejected", response="Needed.")
    consulting.refresh_from_db()
    return {
        "proposal": consulting,
        "sections": (first, second),
        "reps": reps,
        "amendments": (replace, insert, delete, pending),
    }


def test_each_amendment_with_its_proposer_supporters_decision_and_response(consulted):
    a, b, c, d = consulted["reps"]
    first, second = consulted["sections"]
    replace, insert, delete, pending = consulted["amendments"]

    report = consultation_report(proposal=consulted["proposal"])

    rows = report["amendments"]
    assert [r["id"] for r in rows] == [replace.pk, insert.pk, delete.pk, pending.pk]
    assert [r["number"] for r in rows] == [1, 2, 3, 4]
    assert [r["status"] for r in rows] == [
        "accepted",
        "accepted_with_changes",
        "rejected",
        "proposed",
    ]
    assert [r["response"] for r in rows] == ["Agreed.", "Shortened.", "Needed.", ""]
    assert [r["merged_text"] for r in rows] == ["", "And InvestEU guarantees.", "", ""]
    assert [r["kind"] for r in rows] == ["replace", "insert_after", "delete", "replace"]
    assert [r["paragraph"] for r in rows] == [1, 2, 3, 1]
    assert [r["section_heading"] for r in rows] == [
        "Reserved contracts", "Funding", "Reserved contracts", "Funding"
    ]  # fmt: skip
    assert [r["section"] for r in rows] == [first.pk, second.pk, first.pk, second.pk]
    assert [r["organisation"]["name"] for r in rows] == [
        a.organisation.name, b.organisation.name, c.organisation.name, a.organisation.name
    ]  # fmt: skip
    assert [[s["name"] for s in r["supporters"]] for r in rows] == [
        [b.organisation.name, c.organisation.name, d.organisation.name],
        [a.organisation.name],
        [],
        [c.organisation.name, d.organisation.name],
    ]
    assert [r["supporter_count"] for r in rows] == [3, 1, 0, 2]
    assert rows[0]["text"] == "Reserve 5%." and rows[0]["justification"] == "Measurable."
    assert rows[0]["base_text"].startswith("Member states should reserve contracts")
    assert rows[0]["version"] == 1
    assert rows[0]["decided_at"] is not None and rows[3]["decided_at"] is None


def test_comment_counts_per_section_and_on_the_whole_proposal(consulted):
    first, second = consulted["sections"]

    report = consultation_report(proposal=consulted["proposal"])

    assert report["sections"] == [
        {"id": first.pk, "position": first.position, "heading": "Reserved contracts",
         "comments": 3, "amendments": 2},
        {"id": second.pk, "position": second.position, "heading": "Funding",
         "comments": 1, "amendments": 2},
    ]  # fmt: skip
    assert report["comments_on_proposal"] == 1


def test_totals(consulted):
    report = consultation_report(proposal=consulted["proposal"])

    assert report["totals"] == {
        "comments": 5,
        "hidden_comments": 1,
        "amendments": 4,
        "proposed": 1,
        "accepted": 1,
        "accepted_with_changes": 1,
        "rejected": 1,
        "supports": 6,
        "organisations": 4,
    }
    assert report["proposal"] == {
        "id": consulted["proposal"].pk,
        "reference": consulted["proposal"].reference,
        "title": consulted["proposal"].title,
    }


def test_the_report_never_carries_hidden_text(consulted):
    assert "Rude." not in str(consultation_report(proposal=consulted["proposal"]))


def test_a_proposal_without_consultation_has_an_empty_report(proposal, section):
    report = consultation_report(proposal=proposal)

    assert report["amendments"] == []
    assert report["sections"] == [
        {"id": section.pk, "position": section.position, "heading": section.heading,
         "comments": 0, "amendments": 0}
    ]  # fmt: skip
    assert report["totals"]["comments"] == report["totals"]["amendments"] == 0


def test_the_api_serves_the_report_to_participants(api, consulted):
    proposal = consulted["proposal"]
    a = consulted["reps"][0]

    response = api.as_user(a).get(f"/api/v1/proposals/{proposal.pk}/consultation-report/")

    assert response.status_code == 200
    data = response.json()
    expected = consultation_report(proposal=proposal)
    assert data["totals"] == expected["totals"]
    assert data["sections"] == expected["sections"]
    assert [r["id"] for r in data["amendments"]] == [r["id"] for r in expected["amendments"]]
    assert data["amendments"][1]["merged_text"] == "And InvestEU guarantees."
    assert data["amendments"][0]["supporters"][0]["name"] == consulted["reps"][1].organisation.name


def test_the_report_of_a_hidden_proposal_is_404(api, proposal, representative):
    response = api.as_user(representative).get(
        f"/api/v1/proposals/{proposal.pk}/consultation-report/"
    )

    assert response.status_code == 404
