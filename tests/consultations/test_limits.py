"""SPEC §14 limits on comments and amendments: 10,000 characters accepted, 10,001 a 400
naming the field and the limit, nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from consultations.models import Amendment, Comment

pytestmark = pytest.mark.django_db


def test_a_comment_of_10000_is_posted_and_10001_refused(api, consulting, representative):
    client = api.as_user(representative)
    url = f"/api/v1/proposals/{consulting.pk}/comments/"

    accepted = client.post(url, {"body": "a" * 10_000}, format="json")
    refused = client.post(url, {"body": "b" * 10_001}, format="json")

    assert accepted.status_code == 201 and len(accepted.json()["body"]) == 10_000
    assert refused.status_code == 400
    assert "no more than 10000 characters" in refused.json()["errors"]["body"][0]
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("field", ["justification", "text"])
def test_an_amendment_field_of_10000_is_accepted_and_10001_refused(
    post_amendment, consulting, representative, field
):
    accepted = post_amendment(representative, consulting, **{field: "a" * 10_000})
    refused = post_amendment(representative, consulting, **{field: "b" * 10_001})

    assert accepted.status_code == 201, accepted.json()
    assert len(accepted.json()[field]) == 10_000
    assert refused.status_code == 400
    assert "no more than 10000 characters" in refused.json()["errors"][field][0]
    assert Amendment.objects.count() == 1


def test_the_models_refuse_oversized_text_for_the_admin(consulting, representative):

    comment = Comment(proposal=consulting, author=representative, body="b" * 10_001)

    with pytest.raises(ValidationError) as error:
        comment.full_clean()

    assert "at most 10000 characters" in error.value.message_dict["body"][0]


def test_accepting_an_amendment_that_would_pass_the_section_limit_is_refused(
    api, revising, representative_factory, amendment_factory
):
    from consultations.models import AmendmentStatus
    from proposals.models import Section

    section = revising.section
    padded = section.body + "\n\n" + "p" * (50_000 - len(section.body) - 2)
    Section.objects.filter(pk=section.pk).update(body=padded)
    amendment = amendment_factory(
        proposal=revising, section=section, text="x" * 9_000, author=representative_factory()
    )

    response = api.as_user(revising.working_group.chair).post(
        f"/api/v1/amendments/{amendment.pk}/decision/",
        {"decision": "accepted", "response": "Agreed."},
        format="json",
    )

    assert response.status_code == 400
    assert "50000" in response.json()["errors"]["body"][0]
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.PROPOSED  # nothing half-saved
    section.refresh_from_db()
    assert section.body == padded
