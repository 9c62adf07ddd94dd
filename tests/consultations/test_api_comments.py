"""GET|POST /api/v1/proposals/{id}/comments/."""

import pytest

from consultations.models import Comment

pytestmark = pytest.mark.django_db


def url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/comments/"


def post(api, user, proposal, **body):
    return api.as_user(user).post(url(proposal), body, format="json")


def test_representative_comments_on_a_paragraph(api, consulting, representative):
    response = post(
        api,
        representative,
        consulting,
        body="Name the **target group**.",
        section=consulting.section.pk,
        paragraph=2,
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["body"] == "Name the **target group**."
    assert "<strong>target group</strong>" in data["html"]
    assert (data["section"], data["paragraph"], data["parent"]) == (consulting.section.pk, 2, None)
    assert data["author"]["id"] == representative.pk
    assert data["organisation"]["name"] == representative.organisation.name
    assert data["hidden"] is False


def test_comment_on_the_whole_proposal_and_on_a_section(api, consulting, representative):
    whole = post(api, representative, consulting, body="We support the direction.")
    on_section = post(api, representative, consulting, body="Good.", section=consulting.section.pk)

    assert (whole.status_code, on_section.status_code) == (201, 201)
    assert (whole.json()["section"], whole.json()["paragraph"]) == (None, None)
    assert (on_section.json()["section"], on_section.json()["paragraph"]) == (
        consulting.section.pk,
        None,
    )


@pytest.mark.parametrize("role", ["wg_member", "board_member", "secretariat"])
def test_working_group_board_and_secretariat_comment(
    api, consulting, role, user_factory, board_member, secretariat
):
    author = {
        "wg_member": None,
        "board_member": board_member,
        "secretariat": secretariat,
    }[role]
    if author is None:
        author = user_factory()
        consulting.working_group.members.add(author)

    response = post(api, author, consulting, body="A point from us.")

    assert response.status_code == 201, response.json()
    assert response.json()["organisation"] is None


def test_user_without_any_role_may_not_comment(api, consulting, user_factory):
    response = post(api, user_factory(), consulting, body="Hello")

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_draft_cannot_be_seen_by_a_representative(api, proposal, section_factory, representative):
    section_factory(proposal=proposal)

    response = post(api, representative, proposal, body="Early thoughts")

    assert response.status_code == 404


def test_commenting_on_a_draft_is_refused(api, proposal, section_factory, chair):
    section_factory(proposal=proposal)

    response = post(api, chair, proposal, body="Early thoughts")

    assert response.status_code == 409
    assert response.json()["code"] == "consultation_closed"
    assert response.json()["failed_guards"] == ["consultation_open"]


def test_commenting_in_revision_is_refused(api, revising, representative):
    response = post(api, representative, revising, body="Too late?")

    assert response.status_code == 409
    assert response.json()["code"] == "consultation_closed"


def test_working_group_member_replies_during_revision(api, revising, user_factory, comment_factory):
    rep_comment = comment_factory(proposal=revising, section=revising.section, paragraph=1)
    member = user_factory()
    revising.working_group.members.add(member)

    reply = post(api, member, revising, body="We will take this on board.", parent=rep_comment.pk)
    new_thread = post(api, member, revising, body="A new remark.")

    assert reply.status_code == 201, reply.json()
    assert reply.json()["parent"] == rep_comment.pk
    assert (reply.json()["section"], reply.json()["paragraph"]) == (revising.section.pk, 1)
    assert new_thread.status_code == 409


def test_representative_may_not_reply_during_revision(
    api, revising, representative, comment_factory
):
    parent = comment_factory(proposal=revising)

    response = post(api, representative, revising, body="Me too.", parent=parent.pk)

    assert response.status_code == 409


def test_reply_during_consultation_takes_the_parent_place(api, consulting, representative_factory):
    first, second = representative_factory.create_batch(2)
    parent = post(api, first, consulting, body="Q?", section=consulting.section.pk, paragraph=3)

    reply = post(api, second, consulting, body="A.", parent=parent.json()["id"])

    assert reply.status_code == 201
    assert (reply.json()["section"], reply.json()["paragraph"]) == (consulting.section.pk, 3)


def test_reply_to_a_reply_is_refused(api, consulting, representative):
    parent = post(api, representative, consulting, body="Q?").json()
    reply = post(api, representative, consulting, body="A.", parent=parent["id"]).json()

    response = post(api, representative, consulting, body="A to A.", parent=reply["id"])

    assert response.status_code == 400
    assert "parent" in response.json()["errors"]


def test_reply_elsewhere_than_its_parent_is_refused(api, consulting, representative):
    parent = post(api, representative, consulting, body="Q?", section=consulting.section.pk)

    response = post(
        api, representative, consulting, body="A.", parent=parent.json()["id"], paragraph=2
    )

    assert response.status_code == 400
    assert "paragraph" in response.json()["errors"]


def test_reply_to_a_comment_of_another_proposal_is_refused(
    api, consulting, representative, comment_factory
):
    elsewhere = comment_factory()

    response = post(api, representative, consulting, body="A.", parent=elsewhere.pk)

    assert response.status_code == 400
    assert "parent" in response.json()["errors"]


def test_reply_to_a_hidden_comment_is_refused(
    api, consulting, representative, comment_factory, secretariat
):
    from consultations.services import comment_hide

    parent = comment_factory(proposal=consulting)
    comment_hide(comment=parent, actor=secretariat, reason="Personal attack.")

    response = post(api, representative, consulting, body="A.", parent=parent.pk)

    assert response.status_code == 400
    assert "parent" in response.json()["errors"]


@pytest.mark.parametrize("paragraph", [4, 0, 99])
def test_paragraph_that_does_not_exist_is_refused(api, consulting, representative, paragraph):
    response = post(
        api,
        representative,
        consulting,
        body="x",
        section=consulting.section.pk,
        paragraph=paragraph,
    )

    assert response.status_code == 400
    assert "paragraph" in response.json()["errors"]
    assert not Comment.objects.exists()


def test_paragraph_without_a_section_is_refused(api, consulting, representative):
    response = post(api, representative, consulting, body="x", paragraph=1)

    assert response.status_code == 400
    assert "paragraph" in response.json()["errors"]


def test_section_of_another_proposal_is_refused(
    api, consulting, representative, section_factory, proposal_factory
):
    elsewhere = section_factory(proposal=proposal_factory())

    response = post(api, representative, consulting, body="x", section=elsewhere.pk)

    assert response.status_code == 400
    assert "section" in response.json()["errors"]


@pytest.mark.parametrize("body", ["", "   ", None])
def test_empty_comment_is_refused(api, consulting, representative, body):
    response = post(api, representative, consulting, body=body)

    assert response.status_code == 400
    assert "body" in response.json()["errors"]


@pytest.mark.parametrize("bad", [{"section": "abc"}, {"paragraph": "two"}, {"parent": [1]}])
def test_malformed_fields_are_400_not_500(api, consulting, representative, bad):
    response = post(api, representative, consulting, body="x", **bad)

    assert response.status_code == 400
    assert set(bad) <= set(response.json()["errors"])


def test_comments_of_a_hidden_proposal_are_404(api, proposal, section_factory, representative):
    section_factory(proposal=proposal)

    response = api.as_user(representative).get(url(proposal))

    assert response.status_code == 404


def test_list_groups_replies_under_their_comment(api, consulting, representative_factory):
    a, b = representative_factory.create_batch(2)
    first = post(api, a, consulting, body="First").json()
    second = post(api, b, consulting, body="Second").json()
    reply_to_first = post(api, b, consulting, body="Reply to first", parent=first["id"]).json()

    response = api.as_user(a).get(url(consulting))

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert [c["id"] for c in data["results"]] == [first["id"], reply_to_first["id"], second["id"]]


def test_list_filters_by_section_and_paragraph(api, consulting, representative):
    post(api, representative, consulting, body="whole")
    post(api, representative, consulting, body="p2", section=consulting.section.pk, paragraph=2)
    post(api, representative, consulting, body="p3", section=consulting.section.pk, paragraph=3)
    client = api.as_user(representative)

    by_section = client.get(url(consulting), {"section": consulting.section.pk}).json()
    by_paragraph = client.get(
        url(consulting), {"section": consulting.section.pk, "paragraph": 3}
    ).json()
    bad = client.get(url(consulting), {"paragraph": "x"})

    assert [c["body"] for c in by_section["results"]] == ["p2", "p3"]
    assert [c["body"] for c in by_paragraph["results"]] == ["p3"]
    assert bad.status_code == 400


def test_list_is_paginated(api, consulting, representative, comment_factory):
    comment_factory.create_batch(60, proposal=consulting)

    data = api.as_user(representative).get(url(consulting)).json()

    assert data["count"] == 60
    assert len(data["results"]) == 50
    assert data["next"] is not None


def test_comments_cannot_be_edited_or_deleted(api, consulting, representative):
    comment = post(api, representative, consulting, body="Final words").json()
    client = api.as_user(representative)

    put = client.put(url(consulting), {"body": "Changed"}, format="json")
    patch = client.patch(url(consulting), {"body": "Changed"}, format="json")
    delete = client.delete(url(consulting))

    assert {put.status_code, patch.status_code, delete.status_code} == {405}
    assert Comment.objects.get(pk=comment["id"]).body == "Final words"


def test_representative_of_an_inactive_organisation_may_not_comment_or_reply(
    api, consulting, representative_factory, organisation_factory, comment_factory
):
    """SPEC §1: an inactive organisation's representatives read, but do not comment."""
    inactive = representative_factory(organisation=organisation_factory(active=False))
    parent = comment_factory(proposal=consulting)

    comment = post(api, inactive, consulting, body="We still have a view.")
    reply = post(api, inactive, consulting, body="Me too.", parent=parent.pk)
    listed = api.as_user(inactive).get(url(consulting))

    assert (comment.status_code, reply.status_code) == (403, 403)
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert Comment.objects.count() == 1
