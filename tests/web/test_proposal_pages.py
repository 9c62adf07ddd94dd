"""The proposal list, creation, the proposal page and its actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Proposal, ProposalState
from tests.web.conftest import messages_of
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


def test_list_shows_visible_proposals_with_state_badges(page, in_consultation, representative):
    html = page(representative).get(reverse("proposal-list")).content.decode()

    assert in_consultation.title in html
    assert 'class="badge consultation"' in html
    assert "closes in" in html


def test_list_hides_drafts_from_outsiders(page, drafted, representative):
    html = page(representative).get(reverse("proposal-list")).content.decode()

    assert drafted.title not in html
    assert "There are no proposals yet." in html


def test_list_filters_by_state_and_search(page, in_consultation, proposal_factory, secretariat):
    other = proposal_factory(title="Funding for inclusive enterprises")
    client = page(secretariat)

    by_state = client.get(reverse("proposal-list"), {"state": "consultation"}).content.decode()
    by_q = client.get(reverse("proposal-list"), {"q": "inclusive"}).content.decode()

    assert in_consultation.title in by_state and other.title not in by_state
    assert other.title in by_q and in_consultation.title not in by_q


def test_a_bad_filter_value_is_ignored_not_an_error(page, secretariat):
    response = page(secretariat).get(reverse("proposal-list"), {"working_group": "x", "page": "9"})

    assert response.status_code == 200


def test_working_group_member_creates_a_proposal(page, working_group, procedure, user_factory):
    user = user_factory()
    working_group.members.add(user)

    response = page(user).post(
        reverse("proposal-create"),
        {
            "title": "Inclusive apprenticeships",
            "summary": "Apprenticeships for people far from work.",
            "working_group": working_group.pk,
            "procedure": procedure.pk,
        },
        follow=True,
    )

    proposal = Proposal.objects.get(title="Inclusive apprenticeships")
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert f"Proposal {proposal.reference} created" in " ".join(messages_of(response))


def test_new_proposal_form_offers_only_the_users_groups(
    page, working_group_factory, procedure, user_factory
):
    user = user_factory()
    mine = working_group_factory(name="Mine")
    theirs = working_group_factory(name="Theirs")
    mine.members.add(user)
    client = page(user)

    refused = client.post(
        reverse("proposal-create"),
        {"title": "T", "working_group": theirs.pk, "procedure": procedure.pk},
    )

    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Proposal.objects.filter(title="T").exists()


def test_someone_outside_every_working_group_cannot_create(page, representative):
    assert page(representative).get(reverse("proposal-create")).status_code == 403


def test_hidden_draft_is_404_for_outsiders(page, drafted, representative):
    client = page(representative)

    for url in (
        drafted.get_absolute_url(),
        reverse("proposal-edit", args=[drafted.pk]),
        reverse("section-add", args=[drafted.pk]),
        reverse("vote", args=[drafted.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_chair_sees_the_text_with_numbered_paragraphs_and_the_submit_action(page, drafted):
    html = page(drafted.working_group.chair).get(drafted.get_absolute_url()).content.decode()

    section = drafted.sections.get()
    assert f'id="p-{section.pk}-2"' in html
    assert "Second paragraph." in html
    assert reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"]) in html
    assert reverse("section-edit", args=[drafted.pk, section.pk]) in html


def test_a_failed_guard_reads_as_what_to_do(page, proposal):
    proposal.summary = ""
    proposal.save()

    html = page(proposal.working_group.chair).get(proposal.get_absolute_url()).content.decode()

    assert "Add a summary." in html
    assert "Write at least one section with text." in html
    assert "has_summary" not in html


def test_representative_sees_no_actions_and_no_edit_links(page, in_consultation, representative):
    html = page(representative).get(in_consultation.get_absolute_url()).content.decode()

    assert "What you can do" not in html
    assert reverse("proposal-edit", args=[in_consultation.pk]) not in html
    assert in_consultation.title in html


def test_chair_submits_for_consultation_and_sees_it_in_the_history(page, drafted):
    chair = drafted.working_group.chair

    response = page(chair).post(
        reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"]), follow=True
    )

    drafted.refresh_from_db()
    assert drafted.state == ProposalState.CONSULTATION
    assert "The consultation is open." in messages_of(response)
    html = response.content.decode()
    assert "Submitted for consultation" in html
    assert "Version 1" in html


def test_a_refused_transition_shows_the_reasons_not_an_error_page(page, drafted):
    drafted.consultation_closes_at = timezone.now() + timedelta(days=2)
    drafted.save()

    response = page(drafted.working_group.chair).post(
        reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"])
    )

    assert response.status_code == 409
    text = " ".join(messages_of(response))
    assert "Set a consultation deadline at least 14 days from now." in text
    assert not TransitionLog.objects.filter(proposal=drafted).exists()


def test_withdraw_without_a_note_is_refused_and_with_one_succeeds(page, drafted):
    client = page(drafted.working_group.chair)
    url = reverse("proposal-transition", args=[drafted.pk, "withdraw"])

    refused = client.post(url, {"note": "  "})
    done = client.post(url, {"note": "Superseded by PP-2026-009."}, follow=True)

    assert refused.status_code == 400  # as the API answers a missing note
    assert "This transition needs a note saying why." in " ".join(messages_of(refused))
    drafted.refresh_from_db()
    assert drafted.state == ProposalState.WITHDRAWN
    assert "Superseded by PP-2026-009." in done.content.decode()


def test_a_transition_the_state_refuses_says_so_in_words(page, in_voting):
    chair = in_voting.working_group.chair
    response = page(chair).post(
        reverse("proposal-transition", args=[in_voting.pk, "withdraw"]),
        {"note": "We changed our mind."},
    )

    assert response.status_code == 409
    assert "This is not possible while the proposal is Voting." in messages_of(response)


def test_a_refused_note_is_kept_in_the_form(page, drafted, monkeypatch):
    """Someone else changed the proposal between page load and click: the typed note stays."""
    from config.conflict import Conflict

    def refuse(**kwargs):
        raise Conflict("refused", "guard_failed", failed_guards=["has_text"])

    monkeypatch.setattr("workflow.views.transition_run", refuse)

    response = page(drafted.working_group.chair).post(
        reverse("proposal-transition", args=[drafted.pk, "withdraw"]),
        {"note": "Merged into the funding paper."},
    )

    assert response.status_code == 409
    assert "Not yet: Write at least one section with text." in messages_of(response)
    assert ">Merged into the funding paper.</textarea>" in response.content.decode()


def test_a_member_without_the_role_gets_a_message_not_a_500(page, drafted, user_factory):
    user = user_factory()
    drafted.working_group.members.add(user)

    response = page(user).post(
        reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"])
    )

    assert response.status_code == 403  # as the API answers a role that may not
    assert "Your role does not allow this transition." in messages_of(response)


def test_a_note_over_the_limit_is_refused_not_cut(page, drafted):
    response = page(drafted.working_group.chair).post(
        reverse("proposal-transition", args=[drafted.pk, "withdraw"]), {"note": "x" * 5001}
    )

    assert response.status_code == 400
    assert "at most 5000 characters" in " ".join(messages_of(response))
    drafted.refresh_from_db()
    assert drafted.state == ProposalState.DRAFT


def test_unknown_transition_is_404(page, drafted):
    response = page(drafted.working_group.chair).post(
        reverse("proposal-transition", args=[drafted.pk, "explode"])
    )

    assert response.status_code == 404


def test_transition_needs_post(page, drafted):
    """A GET runs nothing: it is the way back after signing in again (tests/web/test_drafts.py),
    so with no note kept it is the proposal page."""
    response = page(drafted.working_group.chair).get(
        reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"])
    )

    assert response.status_code == 302 and response["Location"] == drafted.get_absolute_url()
    drafted.refresh_from_db()
    assert drafted.state == "draft"


def test_versions_and_diff_pages(page, in_consultation, run):
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    section = in_consultation.sections.get()
    section.body = "First paragraph.\n\nA better second paragraph.\n\nThird paragraph."
    section.save()
    run(in_consultation, "open_vote", chair)
    client = page(chair)

    version = client.get(reverse("version-detail", args=[in_consultation.pk, 1]))
    diff = client.get(reverse("version-diff", args=[in_consultation.pk, 1, 2]))
    missing = client.get(reverse("version-detail", args=[in_consultation.pk, 9]))

    assert version.status_code == 200 and "Second paragraph." in version.content.decode()
    assert "<ins>" in diff.content.decode() and "better" in diff.content.decode()
    assert "1 section changed." in diff.content.decode()
    assert missing.status_code == 404


def test_diff_with_the_working_text(page, in_consultation, run):
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)
    section = in_consultation.sections.get()
    section.body += "\n\nA new fourth paragraph."
    section.save()

    html = (
        page(chair)
        .get(reverse("version-diff-current", args=[in_consultation.pk, 1]))
        .content.decode()
    )

    assert "the working text" in html
    assert "<ins>" in html and "fourth" in html


def test_a_vote_without_a_consultation_shows_no_empty_comments_or_amendments(
    page, drafted, run, representative_factory
):
    drafted.procedure.consultation_required = False
    drafted.procedure.save()
    rep = representative_factory()
    chair = drafted.working_group.chair
    proposal = run(drafted, "open_vote", chair)

    html = page(rep).get(proposal.get_absolute_url()).content.decode()

    assert "The vote is open" in html
    assert "No general comment yet." not in html and "Consultation report" not in html
    assert 'id="amendments-h"' not in html


def test_after_a_consultation_with_nothing_posted_the_cards_stay(page, in_consultation, run):
    chair = in_consultation.working_group.chair
    run(in_consultation, "close_consultation", chair)

    html = page(chair).get(in_consultation.get_absolute_url()).content.decode()

    assert "Consultation report" in html and 'id="amendments-h"' in html
