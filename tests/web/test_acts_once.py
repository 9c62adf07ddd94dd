"""A form submitted twice (double click) acts once (SPEC §14, ``config.once``).

Each form is posted twice with the token its page rendered: one row, and the
second post is sent where the first went with "Already done".
"""

import re

import pytest
from django.urls import reverse

from consultations.models import Amendment, Comment
from members.models import FormClaim
from proposals.models import BoardDecision, Proposal
from tests.web.conftest import messages_of
from voting.models import BallotCast
from voting.selectors import round_latest
from voting.services import ballot_cast
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db

ALREADY = "Already done: this form was sent twice."


def token_of(html: str, action: str = "") -> str:
    """The one-time token of the first form with one (posting to ``action``) in ``html``."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S)
    form = next(
        f for f in forms if 'name="once"' in f and (not action or f'action="{action}"' in f)
    )
    return re.search(r'name="once" value="([^"]+)"', form).group(1)


def post_twice(client, url, data):
    """Post ``data`` twice; returns both responses (not followed)."""
    return client.post(url, data), client.post(url, data, follow=True)


@pytest.fixture
def section(in_consultation):
    return in_consultation.sections.get()


def test_creating_the_draft_twice_makes_one_draft(page, working_group, procedure, user_factory):
    user = user_factory()
    working_group.members.add(user)
    client = page(user)
    url = reverse("proposal-create")
    token = token_of(client.get(url).content.decode())
    data = {
        "title": "Inclusive apprenticeships",
        "summary": "Apprenticeships for people far from work.",
        "working_group": working_group.pk,
        "procedure": procedure.pk,
        "once": token,
    }

    first, second = post_twice(client, url, data)

    proposal = Proposal.objects.get()
    assert first.status_code == 302 and first["Location"] == proposal.get_absolute_url()
    assert second.redirect_chain[0][0] == proposal.get_absolute_url()
    assert ALREADY in messages_of(second)


def test_posting_the_comment_twice_makes_one_comment(page, in_consultation, representative):
    client = page(representative)
    url = reverse("comment-post", args=[in_consultation.pk])
    html = client.get(in_consultation.get_absolute_url()).content.decode()
    token = token_of(html, url)

    first, second = post_twice(client, url, {"body": "Cite the scoreboard.", "once": token})

    comment = Comment.objects.get()
    assert first["Location"].endswith(f"#comment-{comment.pk}")
    assert second.redirect_chain[0][0] == first["Location"]
    assert ALREADY in messages_of(second)


def test_posting_a_reply_twice_makes_one_reply(page, in_consultation, section, representative):
    parent = Comment.objects.create(
        proposal=in_consultation, section=section, author=representative, body="Question?"
    )
    chair = in_consultation.working_group.chair
    data = {"body": "Answer.", "section": section.pk, "parent": parent.pk, "once": "r" * 22}

    post_twice(page(chair), reverse("comment-post", args=[in_consultation.pk]), data)

    assert Comment.objects.filter(parent=parent).count() == 1


def test_proposing_the_amendment_twice_makes_one_amendment(
    page, in_consultation, section, representative
):
    client = page(representative)
    url = reverse("amendment-new", args=[in_consultation.pk, section.pk])
    token = token_of(client.get(url).content.decode(), "")
    data = {
        "kind": "replace",
        "paragraph": 2,
        "text": "A much better second paragraph.",
        "justification": "Clearer.",
        "once": token,
    }

    first, second = post_twice(client, url, data)

    amendment = Amendment.objects.get()
    assert first["Location"].endswith(f"#amendment-{amendment.pk}")
    assert ALREADY in messages_of(second)


def test_casting_the_ballot_twice_makes_one_cast_and_one_receipt(page, in_voting):
    rep = in_voting.reps[0]
    client = page(rep)
    url = reverse("vote", args=[in_voting.pk])
    token = token_of(client.get(url).content.decode())

    first, second = post_twice(client, url, {"choice": "yes", "once": token})

    assert BallotCast.objects.filter(organisation=rep.organisation).count() == 1
    assert first["Location"] == url
    assert ALREADY in messages_of(second)


def test_the_board_decision_sent_twice_is_recorded_once(page, in_voting, run, board_member):
    voting_round = round_latest(proposal_id=in_voting.pk)
    for rep in in_voting.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    run(in_voting, "close_vote", in_voting.working_group.chair)
    client = page(board_member)
    url = reverse("board-decide", args=[in_voting.pk])
    token = token_of(client.get(reverse("board")).content.decode(), url)

    first, second = post_twice(client, url, {"decision": "approve", "once": token})

    assert BoardDecision.objects.count() == 1
    assert first["Location"] == reverse("board")
    assert second.status_code == 200 and ALREADY in messages_of(second)


def test_a_transition_button_clicked_twice_runs_once(page, drafted):
    client = page(drafted.working_group.chair)
    url = reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"])
    token = token_of(client.get(drafted.get_absolute_url()).content.decode(), url)

    first, second = post_twice(client, url, {"once": token})

    assert TransitionLog.objects.filter(proposal=drafted).count() == 1
    assert first["Location"] == drafted.get_absolute_url()
    # not the 409 "not possible while in consultation" of a second run
    assert second.status_code == 200 and ALREADY in messages_of(second)


# --- the mechanism ------------------------------------------------------------------


def test_a_post_without_a_token_acts_as_before(page, in_consultation, representative):
    client = page(representative)
    url = reverse("comment-post", args=[in_consultation.pk])

    client.post(url, {"body": "Once."})
    client.post(url, {"body": "Once."})

    assert Comment.objects.count() == 2
    assert not FormClaim.objects.exists()


def test_a_refused_post_gives_its_token_back(page, in_consultation, representative):
    client = page(representative)
    url = reverse("comment-post", args=[in_consultation.pk])

    refused = client.post(url, {"body": "", "once": "t" * 22})
    fixed = client.post(url, {"body": "Now with words.", "once": "t" * 22})

    assert refused.status_code == 400
    assert fixed.status_code == 302 and Comment.objects.get().body == "Now with words."
    assert FormClaim.objects.get().redirect_to == fixed["Location"]


def test_each_rendering_has_its_own_token_and_tokens_are_per_user(
    page, in_consultation, representative_factory
):
    alice, bob = representative_factory.create_batch(2)
    url = reverse("comment-post", args=[in_consultation.pk])
    pages = [page(alice).get(in_consultation.get_absolute_url()).content.decode() for _ in "ab"]

    assert token_of(pages[0], url) != token_of(pages[1], url)
    page(alice).post(url, {"body": "Alice.", "once": "s" * 22})
    page(bob).post(url, {"body": "Bob.", "once": "s" * 22})
    assert Comment.objects.count() == 2


def test_a_malformed_token_is_no_token(page, in_consultation, representative):
    client = page(representative)
    url = reverse("comment-post", args=[in_consultation.pk])

    client.post(url, {"body": "One.", "once": "short"})
    client.post(url, {"body": "One.", "once": "short"})

    assert Comment.objects.count() == 2


def test_adding_a_section_twice_adds_one(page, drafted):
    client = page(drafted.working_group.chair)
    url = reverse("section-add", args=[drafted.pk])
    token = token_of(client.get(url).content.decode())
    before = drafted.sections.count()

    first, second = post_twice(
        client, url, {"heading": "What we ask", "body": "Text.", "once": token}
    )

    assert first.status_code == 302
    assert drafted.sections.count() == before + 1
    assert ALREADY in messages_of(second)


def test_supporting_twice_supports_once_without_a_conflict_page(
    page, in_consultation, section, amendment_factory, representative
):
    amendment = amendment_factory(proposal=in_consultation, section=section)
    client = page(representative)
    html = client.get(in_consultation.get_absolute_url()).content.decode()
    url = reverse("amendment-support", args=[amendment.pk])
    token = token_of(html, url)

    first, second = post_twice(client, url, {"once": token})

    assert first.status_code == 302
    assert second.status_code == 200  # the repeat is sent on, not refused with a 409 page
    assert amendment.supports.count() == 1
    assert ALREADY in messages_of(second)


def test_hiding_twice_hides_once(page, in_consultation, secretariat, representative):
    comment = Comment.objects.create(proposal=in_consultation, author=representative, body="Spam")
    client = page(secretariat)
    url = reverse("comment-hide", args=[comment.pk])
    token = token_of(client.get(url).content.decode())

    first, second = post_twice(client, url, {"reason": "Off topic.", "once": token})

    assert first.status_code == 302
    assert ALREADY in messages_of(second)
    comment.refresh_from_db()
    assert comment.hidden_reason == "Off topic."
