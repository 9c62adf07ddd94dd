"""SPEC §14 limits on the web forms: one character past a limit shows the error naming
it and saves nothing; the input carries no ``maxlength`` (a browser would cut a
longer paste silently)."""

import pytest
from django.urls import reverse

from config.limits import SECTIONS_MAX
from consultations.models import Amendment, Comment
from proposals.models import Proposal, Section

pytestmark = pytest.mark.django_db


def _create(page, proposal, **fields):
    return page(proposal.working_group.chair).post(
        reverse("proposal-create"),
        {
            "title": "Inclusive apprenticeships",
            "working_group": proposal.working_group.pk,
            "procedure": proposal.procedure.pk,
            **fields,
        },
    )


def test_the_new_proposal_form_has_no_maxlength_to_cut_a_paste(page, proposal):
    html = page(proposal.working_group.chair).get(reverse("proposal-create")).content.decode()

    assert 'name="title"' in html and "maxlength" not in html


@pytest.mark.parametrize(("field", "limit"), [("title", 300), ("summary", 2000)])
def test_a_title_or_summary_at_the_limit_is_kept_whole(page, proposal, field, limit):
    response = _create(page, proposal, **{field: "a" * limit})

    assert response.status_code == 302
    assert Proposal.objects.filter(**{field: "a" * limit}).exists()


@pytest.mark.parametrize(("field", "limit"), [("title", 300), ("summary", 2000)])
def test_one_character_past_the_limit_is_shown_and_nothing_saved(page, proposal, field, limit):
    before = Proposal.objects.count()

    response = _create(page, proposal, **{field: "b" * (limit + 1)})

    assert response.status_code == 200
    assert f"Ensure this value has at most {limit} characters (it has {limit + 1})." in (
        response.content.decode()
    )
    assert Proposal.objects.count() == before


def test_the_edit_form_refuses_a_301_character_title(page, proposal):
    response = page(proposal.working_group.chair).post(
        reverse("proposal-edit", args=[proposal.pk]), {"title": "t" * 301, "summary": ""}
    )

    assert "at most 300 characters (it has 301)" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title != "t" * 301


def test_a_section_body_of_50001_is_shown_and_nothing_saved(page, drafted):
    response = page(drafted.working_group.chair).post(
        reverse("section-add", args=[drafted.pk]), {"heading": "Long", "body": "b" * 50_001}
    )

    assert "at most 50000 characters (it has 50001)" in response.content.decode()
    assert not drafted.sections.filter(heading="Long").exists()


def test_a_section_edit_past_the_limit_is_shown_and_not_saved(page, drafted, section):
    response = page(drafted.working_group.chair).post(
        reverse("section-edit", args=[drafted.pk, section.pk]),
        {"heading": section.heading, "body": "b" * 50_001, "revision": 1},
    )

    assert "at most 50000 characters (it has 50001)" in response.content.decode()
    section.refresh_from_db()
    assert section.revision == 1


def test_the_201st_section_is_refused_with_the_limit(page, proposal):
    Section.objects.bulk_create(
        Section(proposal=proposal, position=n, heading=f"Part {n}")
        for n in range(1, SECTIONS_MAX + 1)
    )

    response = page(proposal.working_group.chair).post(
        reverse("section-add", args=[proposal.pk]), {"heading": "One too many", "body": ""}
    )

    assert "A proposal has at most 200 sections." in response.content.decode()
    assert proposal.sections.count() == SECTIONS_MAX


def test_a_comment_of_10001_is_shown_with_the_limit_and_not_posted(
    page, in_consultation, representative
):
    response = page(representative).post(
        reverse("comment-post", args=[in_consultation.pk]), {"body": "b" * 10_001}
    )

    assert response.status_code == 400
    assert "at most 10000 characters (it has 10001)" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_justification_of_10001_is_shown_with_the_limit_and_not_saved(
    page, in_consultation, section, representative
):
    response = page(representative).post(
        reverse("amendment-new", args=[in_consultation.pk, section.pk]),
        {"kind": "replace", "paragraph": 1, "text": "Better.", "justification": "j" * 10_001},
    )

    assert "at most 10000 characters (it has 10001)" in response.content.decode()
    assert not Amendment.objects.exists()
