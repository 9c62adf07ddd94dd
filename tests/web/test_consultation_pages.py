"""Consultation on the proposal page: comments, replies, amendments, support, decisions."""

import pytest
from django.urls import reverse

from consultations.models import Amendment, AmendmentSupport, Comment
from tests.web.conftest import messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(in_consultation):
    return in_consultation.sections.get()


def test_representative_comments_on_a_paragraph(page, in_consultation, section, representative):
    response = page(representative).post(
        reverse("comment-post", args=[in_consultation.pk]),
        {"body": "Cite the scoreboard.", "section": section.pk, "paragraph": 2},
        follow=True,
    )

    comment = Comment.objects.get()
    assert (comment.section, comment.paragraph) == (section, 2)
    assert response.redirect_chain[-1][0].endswith(f"#comment-{comment.pk}")
    html = response.content.decode()
    assert "Your comment is posted." in messages_of(response)
    assert "Cite the scoreboard." in html
    assert f'href="#p-{section.pk}-2"' in html


def test_the_chair_replies_under_the_comment(page, in_consultation, section, representative):
    parent = Comment.objects.create(
        proposal=in_consultation, section=section, author=representative, body="Question?"
    )

    page(in_consultation.working_group.chair).post(
        reverse("comment-post", args=[in_consultation.pk]),
        {"body": "Answer.", "parent": parent.pk},
    )

    reply = Comment.objects.get(parent=parent)
    html = page(representative).get(in_consultation.get_absolute_url()).content.decode()
    assert reply.section == section
    assert html.index("Question?") < html.index("Answer.")


def test_an_empty_comment_comes_back_with_the_reason(page, in_consultation, representative):
    response = page(representative).post(
        reverse("comment-post", args=[in_consultation.pk]), {"body": "   "}
    )

    assert response.status_code == 400
    assert "Your comment was not posted" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_after_the_close_keeps_the_typed_text(page, in_consultation, representative, run):
    run(in_consultation, "close_consultation", in_consultation.working_group.chair)

    response = page(representative).post(
        reverse("comment-post", args=[in_consultation.pk]),
        {"body": "A long considered comment written at night."},
    )

    assert response.status_code == 409
    assert "A long considered comment written at night." in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_on_a_hidden_draft_is_404(page, drafted, representative):
    response = page(representative).post(
        reverse("comment-post", args=[drafted.pk]), {"body": "Hello"}
    )

    assert response.status_code == 404


def test_secretariat_hides_a_comment_and_others_no_longer_see_its_text(
    page, in_consultation, representative, secretariat
):
    comment = Comment.objects.create(
        proposal=in_consultation, author=representative, body="Something defamatory."
    )

    page(secretariat).post(
        reverse("comment-hide", args=[comment.pk]), {"reason": "Personal attack."}
    )

    html = page(representative).get(in_consultation.get_absolute_url()).content.decode()
    assert "Something defamatory." not in html
    assert "This comment was hidden by the secretariat." in html
    assert "Personal attack." not in html
    assert (
        "Personal attack."
        in page(secretariat).get(in_consultation.get_absolute_url()).content.decode()
    )


def test_only_the_secretariat_opens_the_hide_page(page, in_consultation, representative):
    comment = Comment.objects.create(proposal=in_consultation, author=representative, body="x")

    assert page(representative).get(reverse("comment-hide", args=[comment.pk])).status_code == 403


def test_representative_proposes_an_amendment(page, in_consultation, section, representative):
    url = reverse("amendment-new", args=[in_consultation.pk, section.pk])
    client = page(representative)

    form = client.get(url, {"paragraph": 2})
    response = client.post(
        url,
        {
            "kind": "replace",
            "paragraph": 2,
            "text": "A much better second paragraph.",
            "justification": "Clearer.",
        },
        follow=True,
    )

    assert "Second paragraph." in form.content.decode()  # the paragraph, prefilled
    amendment = Amendment.objects.get()
    assert amendment.organisation == representative.organisation
    assert f"on behalf of {representative.organisation.name}" in " ".join(messages_of(response))
    assert f'id="amendment-{amendment.pk}"' in response.content.decode()


def test_an_amendment_without_justification_is_a_field_error(
    page, in_consultation, section, representative
):
    response = page(representative).post(
        reverse("amendment-new", args=[in_consultation.pk, section.pk]),
        {"kind": "replace", "paragraph": 1, "text": "New.", "justification": ""},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "New.</textarea>" in response.content.decode()


def test_an_emptied_replacement_is_refused_and_the_help_never_said_it_deletes(
    page, in_consultation, section, representative
):
    # "Leave empty to delete the paragraph" was the help of the text: a replacement
    # left empty is refused; a deletion is its own choice.
    url = reverse("amendment-new", args=[in_consultation.pk, section.pk])
    client = page(representative)

    form = client.get(url).content.decode()
    response = client.post(
        url, {"kind": "replace", "paragraph": 1, "text": "", "justification": "Gone."}
    )

    assert "Leave empty to delete" not in form
    assert "The new paragraph, to replace or insert; none for a deletion." in form
    assert "Write the text you propose." in response.content.decode()
    assert not Amendment.objects.exists()


def test_someone_without_an_organisation_cannot_open_the_amendment_form(
    page, in_consultation, section, user_factory
):
    response = page(user_factory()).get(
        reverse("amendment-new", args=[in_consultation.pk, section.pk])
    )

    assert response.status_code == 403


def test_another_organisation_supports_once(
    page, in_consultation, section, amendment_factory, representative_factory
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    supporter = representative_factory()
    client = page(supporter)
    url = reverse("amendment-support", args=[amendment.pk])

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert f"{supporter.organisation.name} now supports this amendment." in messages_of(first)
    assert "already supports this amendment" in " ".join(messages_of(second))
    assert AmendmentSupport.objects.filter(amendment=amendment).count() == 1
    assert "Your organisation supports it" in second.content.decode()


def test_the_proposers_own_organisation_sees_no_support_button(
    page, in_consultation, section, amendment_factory
):
    amendment = amendment_factory(proposal=in_consultation, section=section)

    html = page(amendment.author).get(in_consultation.get_absolute_url()).content.decode()

    assert reverse("amendment-support", args=[amendment.pk]) not in html


def test_chair_decides_an_amendment_in_revision_and_the_text_changes(
    page, in_consultation, section, amendment_factory, run
):
    amendment = amendment_factory(
        proposal=in_consultation, section=section, paragraph=2, text="Better second paragraph."
    )
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    client = page(chair)

    proposal_page = client.get(in_consultation.get_absolute_url()).content.decode()
    response = client.post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "accepted", "response": "Thank you, taken over."},
        follow=True,
    )

    assert "1 amendment still needs a decision before the vote can open." in proposal_page
    assert reverse("amendment-decide", args=[amendment.pk]) in proposal_page
    assert "The amendment is decided." in messages_of(response)
    section.refresh_from_db()
    assert "Better second paragraph." in section.body


def test_deciding_without_a_response_is_a_field_error(
    page, in_consultation, section, amendment_factory, run
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    run(in_consultation, "close_consultation", in_consultation.working_group.chair)

    response = page(in_consultation.working_group.chair).post(
        reverse("amendment-decide", args=[amendment.pk]), {"decision": "rejected", "response": ""}
    )

    assert response.status_code == 200
    amendment.refresh_from_db()
    assert amendment.status == "proposed"


def test_accepting_an_amendment_whose_paragraph_changed_shows_both_texts(
    page, in_consultation, section, amendment_factory, run
):
    amendment = amendment_factory(proposal=in_consultation, section=section, paragraph=1)
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    section.body = "A rewritten first paragraph.\n\nSecond paragraph.\n\nThird paragraph."
    section.save()

    response = page(chair).post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "accepted", "response": "Yes."},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "has changed since the amendment was made" in html
    assert "A rewritten first paragraph." in html and "First paragraph." in html


def test_a_representative_cannot_decide(
    page, in_consultation, section, amendment_factory, run, representative_factory
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    run(in_consultation, "close_consultation", in_consultation.working_group.chair)

    response = page(representative_factory()).post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "accepted", "response": "Sure."},
    )

    assert response.status_code == 403
    assert "Only the chair of the working group decides amendments." in messages_of(response)


def test_an_inactive_organisation_reads_but_cannot_comment_amend_or_support(
    page, in_consultation, section, amendment_factory, representative_factory, organisation_factory
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    inactive = representative_factory(organisation=organisation_factory(active=False))
    client = page(inactive)

    html = client.get(in_consultation.get_absolute_url()).content.decode()
    form = client.get(reverse("amendment-new", args=[in_consultation.pk, section.pk]))

    assert section.heading in html and amendment.justification in html
    assert reverse("comment-post", args=[in_consultation.pk]) not in html
    assert reverse("amendment-new", args=[in_consultation.pk, section.pk]) not in html
    assert reverse("amendment-support", args=[amendment.pk]) not in html
    assert form.status_code == 403


def test_the_amendment_form_after_the_close_says_the_consultation_is_not_open(
    page, in_consultation, section, representative, run
):
    run(in_consultation, "close_consultation", in_consultation.working_group.chair)

    response = page(representative).get(
        reverse("amendment-new", args=[in_consultation.pk, section.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == in_consultation.get_absolute_url()
    assert "The consultation is not open: the proposal is In revision." in messages_of(response)


def test_the_hide_page_of_a_hidden_comment_says_it_is_hidden(
    page, in_consultation, representative, secretariat
):
    comment = Comment.objects.create(proposal=in_consultation, author=representative, body="x")
    client = page(secretariat)
    client.post(reverse("comment-hide", args=[comment.pk]), {"reason": "Off topic."})

    response = client.get(reverse("comment-hide", args=[comment.pk]), follow=True)
    html = response.content.decode()

    assert "This comment is already hidden." in messages_of(response)
    assert reverse("comment-hide", args=[comment.pk]) not in html  # no second Hide link
    assert "Off topic." in html  # the secretariat reads the reason


def test_a_paragraph_moved_by_an_earlier_change_is_not_shown_as_changed(
    page, in_consultation, section, amendment_factory, run
):
    amendment = amendment_factory(
        proposal=in_consultation, section=section, paragraph=2, text="Better second paragraph."
    )
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    section.body = "A new first paragraph.\n\n" + section.body
    section.save()
    client = page(chair)

    form = client.get(reverse("amendment-decide", args=[amendment.pk])).content.decode()
    response = client.post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "accepted", "response": "Yes."},
    )

    assert "has changed since the amendment was made" not in form
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body.split("\n\n")[2] == "Better second paragraph."


def test_the_decision_page_says_why_there_is_nothing_to_decide(
    page, in_consultation, section, amendment_factory, run
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    chair = in_consultation.working_group.chair
    url = reverse("amendment-decide", args=[amendment.pk])

    during = page(chair).get(url).content.decode()
    run(in_consultation, "close_consultation", chair)
    page(chair).post(url, {"decision": "rejected", "response": "Out of scope."})
    after = page(chair).get(url).content.decode()

    assert "Amendments are decided while the proposal is in revision" in during
    assert "Record the decision" not in during
    assert "This amendment was already decided: Rejected." in after
    assert "Out of scope." in after and "Record the decision" not in after


def test_consultation_report_page(
    page, in_consultation, section, amendment_factory, representative
):
    amendment_factory(proposal=in_consultation, section=section)
    Comment.objects.create(
        proposal=in_consultation, section=section, author=representative, body="x"
    )

    response = page(representative).get(reverse("consultation-report", args=[in_consultation.pk]))
    html = response.content.decode()

    assert "Consultation report" in html
    assert "Amendment 1 by" in html
    assert section.heading in html
    # the figures as label and number rows, not a sentence
    assert "<dt>Amendments</dt><dd>1</dd>" in html
    assert "<dt>Amendments accepted</dt><dd>0</dd>" in html
    assert "<dt>Amendments accepted with changes</dt><dd>0</dd>" in html
    assert "<dt>Amendments rejected</dt><dd>0</dd>" in html
    assert "<dt>Amendments not decided</dt><dd>1</dd>" in html
    assert "undecided" not in html


def test_consultation_report_page_in_french_without_undecided_amendments(
    page, in_consultation, section, amendment_factory, representative, run
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    page(chair).post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "rejected", "response": "Out of scope."},
    )
    representative.language = "fr"
    representative.save()

    response = page(representative).get(reverse("consultation-report", args=[in_consultation.pk]))
    html = response.content.decode()

    assert "<dt>Amendements rejetés</dt><dd>1</dd>" in html
    assert "<dt>Amendements acceptés</dt><dd>0</dd>" in html
    assert "<dt>Amendements acceptés avec modifications</dt><dd>0</dd>" in html
    assert "non tranchés" not in html  # shown only while some are undecided


def test_proposal_page_with_many_comments_costs_a_fixed_number_of_queries(
    page, in_consultation, section, representative_factory, django_assert_max_num_queries
):
    reps = representative_factory.create_batch(3)
    client = page(reps[0])

    Comment.objects.create(proposal=in_consultation, section=section, author=reps[0], body="one")
    with django_assert_max_num_queries(60) as few:
        client.get(in_consultation.get_absolute_url())
    for n in range(60):
        Comment.objects.create(
            proposal=in_consultation, section=section, author=reps[n % 3], body=f"c{n}", paragraph=1
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(in_consultation.get_absolute_url())


def test_the_decide_page_names_the_section_as_a_section(
    page, in_consultation, section, amendment_factory, run
):
    # The section heading alone ("What we propose · Replace the paragraph") read as
    # part of the amendment.
    amendment = amendment_factory(proposal=in_consultation, section=section, paragraph=1)
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)

    html = page(chair).get(reverse("amendment-decide", args=[amendment.pk])).content.decode()

    assert f"Section “{amendment.section_heading}” · " in html
