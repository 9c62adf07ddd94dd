"""GET|POST /api/v1/proposals/{id}/amendments/."""

import pytest

from consultations.models import Amendment

pytestmark = pytest.mark.django_db


def url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/amendments/"


def test_representative_proposes_for_the_organisation(post_amendment, consulting, representative):
    response = post_amendment(representative, consulting, justification="Measurable.")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["organisation"]["id"] == representative.organisation_id
    assert data["organisation"]["name"] == representative.organisation.name
    assert data["author"]["id"] == representative.pk
    assert data["status"] == "proposed"
    assert data["supporters"] == [] and data["supporter_count"] == 0
    assert (data["section"], data["section_heading"]) == (
        consulting.section.pk,
        "Reserved contracts",
    )
    assert (data["kind"], data["paragraph"]) == ("replace", 1)
    assert data["text"] == "Member states shall reserve at least 5% of contracts for WISEs."
    assert data["justification"] == "Measurable."
    assert data["response"] == "" and data["merged_text"] == "" and data["decided_at"] is None


def test_the_version_and_paragraph_it_was_made_against_are_recorded(
    post_amendment, consulting, representative
):
    data = post_amendment(representative, consulting, paragraph=2).json()

    assert data["version"] == consulting.versions.get().number == 1
    assert data["base_text"] == (
        "Social clauses should be used in every contract above the EU thresholds."
    )


def test_insert_after_and_delete(post_amendment, consulting, representative):
    inserted = post_amendment(representative, consulting, kind="insert_after", paragraph=3)
    at_start = post_amendment(representative, consulting, kind="insert_after", paragraph=0)
    deleted = post_amendment(representative, consulting, kind="delete", paragraph=2, text="")

    assert (inserted.status_code, at_start.status_code, deleted.status_code) == (201, 201, 201)
    assert at_start.json()["base_text"] == ""
    assert deleted.json()["text"] == ""


def test_user_without_an_organisation_may_not_amend(post_amendment, consulting, user_factory):
    member = user_factory()
    consulting.working_group.members.add(member)

    response = post_amendment(member, consulting)

    assert response.status_code == 403
    assert not Amendment.objects.exists()


def test_secretariat_without_an_organisation_may_not_amend(post_amendment, consulting, secretariat):
    assert post_amendment(secretariat, consulting).status_code == 403


def test_amending_a_draft_is_refused(
    post_amendment, proposal, section_factory, chair, organisation
):
    proposal.section = section_factory(proposal=proposal)
    chair.organisation = organisation
    chair.save()

    response = post_amendment(chair, proposal)

    assert response.status_code == 409
    assert response.json()["code"] == "consultation_closed"


def test_amending_in_revision_is_refused(post_amendment, revising, representative):
    response = post_amendment(representative, revising)

    assert response.status_code == 409
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("kind", "paragraph"),
    [("replace", 4), ("replace", 0), ("delete", 4), ("delete", 0), ("insert_after", 4)],
)
def test_paragraph_that_does_not_exist_is_refused(
    post_amendment, consulting, representative, kind, paragraph
):
    text = "" if kind == "delete" else "New text."

    response = post_amendment(representative, consulting, kind=kind, paragraph=paragraph, text=text)

    assert response.status_code == 400
    assert "paragraph" in response.json()["errors"]
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "rewrite"}, "kind"),
        ({"kind": "replace", "text": ""}, "text"),
        ({"kind": "insert_after", "text": "  "}, "text"),
        ({"kind": "delete", "text": "Something"}, "text"),
        ({"justification": ""}, "justification"),
        ({"justification": "   "}, "justification"),
        ({"paragraph": -1}, "paragraph"),
        ({"paragraph": "one"}, "paragraph"),
        ({"section": None}, "section"),
        ({"section": 999999}, "section"),
        ({"section": "abc"}, "section"),
    ],
)
def test_invalid_input_names_the_field(post_amendment, consulting, representative, fields, field):
    response = post_amendment(representative, consulting, **fields)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Amendment.objects.exists()


def test_replacing_a_paragraph_by_itself_is_refused(post_amendment, consulting, representative):
    same = "Member states should reserve contracts for work-integration social enterprises."

    response = post_amendment(representative, consulting, text=same)

    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_section_of_another_proposal_is_refused(
    post_amendment, consulting, representative, section_factory, proposal_factory
):
    elsewhere = section_factory(proposal=proposal_factory())

    response = post_amendment(representative, consulting, section=elsewhere.pk)

    assert response.status_code == 400
    assert "section" in response.json()["errors"]


def test_list_shows_every_amendment_with_its_supporters(
    api, post_amendment, consulting, representative_factory
):
    proposer, supporter = representative_factory.create_batch(2)
    first = post_amendment(proposer, consulting).json()
    second = post_amendment(proposer, consulting, kind="delete", paragraph=3, text="").json()
    api.as_user(supporter).post(f"/api/v1/amendments/{first['id']}/support/")

    data = api.as_user(supporter).get(url(consulting)).json()

    assert data["count"] == 2
    assert [a["id"] for a in data["results"]] == [first["id"], second["id"]]
    assert data["results"][0]["supporters"] == [
        {
            "id": supporter.organisation_id,
            "name": supporter.organisation.name,
            "country": str(supporter.organisation.country),
        }
    ]
    assert data["results"][0]["supporter_count"] == 1
    assert data["results"][1]["supporters"] == []


def test_list_filters_by_status_and_section(api, post_amendment, consulting, representative):
    post_amendment(representative, consulting)
    client = api.as_user(representative)

    proposed = client.get(url(consulting), {"status": "proposed"}).json()
    rejected = client.get(url(consulting), {"status": "rejected"}).json()
    other_section = client.get(url(consulting), {"section": consulting.section.pk + 1000}).json()
    bad = client.get(url(consulting), {"status": "maybe"})

    assert (proposed["count"], rejected["count"], other_section["count"]) == (1, 0, 0)
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_amendments_of_a_hidden_proposal_are_404(api, proposal, representative):
    assert api.as_user(representative).get(url(proposal)).status_code == 404


def test_representative_of_an_inactive_organisation_may_not_amend(
    post_amendment, consulting, representative_factory, organisation_factory
):
    """SPEC §1: an inactive organisation's representatives read, but do not amend."""
    inactive = representative_factory(organisation=organisation_factory(active=False))

    response = post_amendment(inactive, consulting)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Amendment.objects.exists()
