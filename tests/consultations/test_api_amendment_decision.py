"""POST /api/v1/amendments/{aid}/decision/: who, when, and what it does to the text."""

import pytest

from consultations.models import Amendment
from proposals.models import Section
from proposals.text import split_paragraphs

pytestmark = pytest.mark.django_db

P1 = "Member states should reserve contracts for work-integration social enterprises."
P2 = "Social clauses should be used in every contract above the EU thresholds."
P3 = "The Commission should publish guidance on socially responsible procurement."
NEW = "Member states shall reserve at least 5% of contracts for WISEs."
MERGED = "Member states shall reserve a share of contracts for WISEs."


def decide(api, user, amendment_id, **body):
    return api.as_user(user).post(
        f"/api/v1/amendments/{amendment_id}/decision/", body, format="json"
    )


def paragraphs(proposal):
    return split_paragraphs(Section.objects.get(pk=proposal.section.pk).body)


@pytest.fixture
def propose(post_amendment, consulting, representative_factory):
    """``propose(kind, paragraph, text)``: post during consultation, return the id."""

    def _propose(kind="replace", paragraph=1, text=NEW):
        response = post_amendment(
            representative_factory(), consulting, kind=kind, paragraph=paragraph, text=text
        )
        assert response.status_code == 201, response.json()
        return response.json()["id"]

    return _propose


@pytest.fixture
def close(consulting, run, chair):
    def _close():
        run(consulting, "close_consultation", chair)
        return consulting

    return _close


# --- the text change of each decision -----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "paragraph", "text", "expected"),
    [
        ("replace", 1, NEW, [NEW, P2, P3]),
        ("replace", 3, NEW, [P1, P2, NEW]),
        ("insert_after", 1, NEW, [P1, NEW, P2, P3]),
        ("insert_after", 3, NEW, [P1, P2, P3, NEW]),
        ("insert_after", 0, NEW, [NEW, P1, P2, P3]),
        ("delete", 2, "", [P1, P3]),
        ("delete", 1, "", [P2, P3]),
    ],
)
def test_accepted_applies_the_amendment(
    api, consulting, propose, close, chair, kind, paragraph, text, expected
):
    aid = propose(kind, paragraph, text)
    close()
    revision_before = Section.objects.get(pk=consulting.section.pk).revision

    response = decide(api, chair, aid, decision="accepted", response="Agreed.")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert response.json()["response"] == "Agreed."
    assert response.json()["decided_by"]["id"] == chair.pk
    assert response.json()["decided_at"] is not None
    assert paragraphs(consulting) == expected
    assert Section.objects.get(pk=consulting.section.pk).revision == revision_before + 1


@pytest.mark.parametrize(
    ("kind", "paragraph", "text", "expected"),
    [
        ("replace", 2, NEW, [P1, MERGED, P3]),
        ("insert_after", 2, NEW, [P1, P2, MERGED, P3]),
        ("insert_after", 0, NEW, [MERGED, P1, P2, P3]),
        # a deletion accepted with changes: the paragraph is shortened, not removed
        ("delete", 2, "", [P1, MERGED, P3]),
    ],
)
def test_accepted_with_changes_applies_the_merged_text(
    api, consulting, propose, close, chair, kind, paragraph, text, expected
):
    aid = propose(kind, paragraph, text)
    close()

    response = decide(
        api, chair, aid, decision="accepted_with_changes", response="Softened.", text=MERGED
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted_with_changes"
    assert response.json()["merged_text"] == MERGED
    assert paragraphs(consulting) == expected


@pytest.mark.parametrize(
    ("kind", "paragraph", "text"),
    [("replace", 1, NEW), ("insert_after", 2, NEW), ("delete", 3, "")],
)
def test_rejected_leaves_the_text_alone(
    api, consulting, propose, close, chair, kind, paragraph, text
):
    aid = propose(kind, paragraph, text)
    close()
    before = Section.objects.get(pk=consulting.section.pk)

    response = decide(api, chair, aid, decision="rejected", response="Out of scope.")

    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["response"] == "Out of scope."
    after = Section.objects.get(pk=consulting.section.pk)
    assert (after.body, after.revision) == (before.body, before.revision)


def test_multi_paragraph_text_becomes_several_paragraphs(api, consulting, propose, close, chair):
    aid = propose("insert_after", 1, "First new.\n\nSecond new.")
    close()

    decide(api, chair, aid, decision="accepted", response="Yes.")

    assert paragraphs(consulting) == [P1, "First new.", "Second new.", P2, P3]


def test_decisions_follow_paragraphs_moved_by_earlier_decisions(
    api, consulting, propose, close, chair
):
    delete_first = propose("delete", 1, "")
    replace_third = propose("replace", 3, NEW)
    close()

    decide(api, chair, delete_first, decision="accepted", response="Yes.")
    response = decide(api, chair, replace_third, decision="accepted", response="Yes.")

    assert response.status_code == 200, response.json()
    assert paragraphs(consulting) == [P2, NEW]


# --- the conflict -------------------------------------------------------------------


def edit_paragraph(api, chair, proposal, number, text):
    section = Section.objects.get(pk=proposal.section.pk)
    parts = split_paragraphs(section.body)
    parts[number - 1] = text
    response = api.as_user(chair).patch(
        f"/api/v1/proposals/{proposal.pk}/sections/{section.pk}/",
        {"body": "\n\n".join(parts), "revision": section.revision},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_accepting_a_changed_paragraph_reports_the_conflict(api, consulting, propose, close, chair):
    aid = propose("replace", 2, NEW)
    close()
    edited = "Social clauses should be used in contracts above €100,000."
    edit_paragraph(api, chair, consulting, 2, edited)
    before = Section.objects.get(pk=consulting.section.pk)

    response = decide(api, chair, aid, decision="accepted", response="Yes.")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "amendment_conflict"
    assert body["current"]["text"] == edited
    assert body["current"]["paragraph"] == 2
    assert body["current"]["section"] == consulting.section.pk
    assert body["base_text"] == P2
    after = Section.objects.get(pk=consulting.section.pk)
    assert (after.body, after.revision) == (before.body, before.revision)
    assert Amendment.objects.get(pk=aid).status == "proposed"


@pytest.mark.parametrize("kind", ["delete", "insert_after"])
def test_conflict_applies_to_every_kind(api, consulting, propose, close, chair, kind):
    aid = propose(kind, 2, "" if kind == "delete" else NEW)
    close()
    edit_paragraph(api, chair, consulting, 2, "Rewritten by the working group.")

    response = decide(api, chair, aid, decision="accepted", response="Yes.")

    assert response.status_code == 409
    assert response.json()["current"]["text"] == "Rewritten by the working group."


def test_after_a_conflict_the_chair_merges_or_rejects(api, consulting, propose, close, chair):
    merge_me = propose("replace", 2, NEW)
    reject_me = propose("delete", 2, "")
    close()
    edit_paragraph(api, chair, consulting, 2, "Rewritten by the working group.")

    merged = decide(
        api, chair, merge_me, decision="accepted_with_changes", response="Merged.", text=MERGED
    )
    rejected = decide(api, chair, reject_me, decision="rejected", response="Superseded.")

    assert (merged.status_code, rejected.status_code) == (200, 200)
    assert paragraphs(consulting) == [P1, MERGED, P3]


def test_paragraph_removed_since_is_a_conflict(api, consulting, propose, close, chair):
    aid = propose("replace", 3, NEW)
    close()
    section = Section.objects.get(pk=consulting.section.pk)
    api.as_user(chair).patch(
        f"/api/v1/proposals/{consulting.pk}/sections/{section.pk}/",
        {"body": P1, "revision": section.revision},
        format="json",
    )

    accepted = decide(api, chair, aid, decision="accepted", response="Yes.")
    merged = decide(api, chair, aid, decision="accepted_with_changes", response="Y.", text=MERGED)

    assert (accepted.status_code, merged.status_code) == (409, 409)
    assert accepted.json()["current"]["text"] is None
    assert paragraphs(consulting) == [P1]


def test_deleted_section_is_a_conflict_but_can_be_rejected(
    api, consulting, propose, close, chair, section_factory
):
    aid = propose("replace", 1, NEW)
    close()
    section_factory(proposal=consulting, body="Another section keeps the text non-empty.")
    deleted = api.as_user(chair).delete(
        f"/api/v1/proposals/{consulting.pk}/sections/{consulting.section.pk}/"
    )
    assert deleted.status_code == 204

    accepted = decide(api, chair, aid, decision="accepted", response="Yes.")
    rejected = decide(api, chair, aid, decision="rejected", response="Section dropped.")

    assert accepted.status_code == 409
    assert accepted.json()["current"]["section"] is None
    assert rejected.status_code == 200
    assert rejected.json()["section_heading"] == "Reserved contracts"


# --- who and when -------------------------------------------------------------------


def test_deciding_during_consultation_is_refused(api, consulting, propose, chair):
    aid = propose()

    response = decide(api, chair, aid, decision="accepted", response="Yes.")

    assert response.status_code == 409
    assert response.json()["code"] == "not_in_revision"
    assert paragraphs(consulting) == [P1, P2, P3]


def test_deciding_outside_revision_is_refused(api, consulting, propose, close, chair, run):
    aid = propose()
    close()
    Amendment.objects.filter(pk=aid).update(status="rejected")
    run(consulting, "open_vote", chair)
    Amendment.objects.filter(pk=aid).update(status="proposed")  # as if left undecided

    response = decide(api, chair, aid, decision="accepted", response="Yes.")

    assert response.status_code == 409
    assert response.json()["code"] == "not_in_revision"
    assert paragraphs(consulting) == [P1, P2, P3]


@pytest.mark.parametrize("role", ["wg_member", "representative", "secretariat", "board_member"])
def test_only_the_chair_decides(
    api, consulting, propose, close, role, user_factory, representative, secretariat, board_member
):
    aid = propose()
    close()
    user = {
        "representative": representative,
        "secretariat": secretariat,
        "board_member": board_member,
    }.get(role)
    if user is None:
        user = user_factory()
        consulting.working_group.members.add(user)

    response = decide(api, user, aid, decision="accepted", response="Yes.")

    assert response.status_code == 403
    assert Amendment.objects.get(pk=aid).status == "proposed"
    assert paragraphs(consulting) == [P1, P2, P3]


def test_a_decision_is_final(api, consulting, propose, close, chair):
    aid = propose()
    close()
    decide(api, chair, aid, decision="rejected", response="No.")

    response = decide(api, chair, aid, decision="accepted", response="Changed our mind.")

    assert response.status_code == 409
    assert response.json()["code"] == "already_decided"
    assert paragraphs(consulting) == [P1, P2, P3]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "accepted"}, "response"),
        ({"decision": "accepted", "response": "  "}, "response"),
        ({"decision": "maybe", "response": "Hm."}, "decision"),
        ({"decision": "proposed", "response": "Hm."}, "decision"),
        ({"response": "Hm."}, "decision"),
        ({"decision": "accepted_with_changes", "response": "Merged."}, "text"),
        ({"decision": "accepted_with_changes", "response": "Merged.", "text": " "}, "text"),
        ({"decision": "accepted", "response": "Yes.", "text": "Something else"}, "text"),
        ({"decision": "rejected", "response": "No.", "text": "Something else"}, "text"),
    ],
)
def test_invalid_decision_names_the_field(api, consulting, propose, close, chair, body, field):
    aid = propose()
    close()

    response = decide(api, chair, aid, **body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Amendment.objects.get(pk=aid).status == "proposed"
    assert paragraphs(consulting) == [P1, P2, P3]
