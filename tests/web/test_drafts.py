"""Text sent when it could not be saved is kept (config/drafts.py): the session had
ended, or the form's CSRF token was stale (signed in again in another tab)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import AmendmentSupport, Comment
from proposals.models import BoardDecision, Section
from tests.web.conftest import as_writer, messages_of
from voting.models import Ballot
from voting.selectors import round_latest
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db

LONG = ("My careful late-night wording, paragraph after paragraph. " * 400).strip()


@pytest.fixture
def section(drafted):
    return drafted.sections.get()


def _signed_out_post(url, data, writer):
    """The post of ``writer``'s tab whose session has ended: an anonymous client, same
    browser, the form's fields as it was shown to ``writer``."""
    client = Client()
    response = client.post(url, {**data, **as_writer(writer)})
    return client, response


def _signed_in_again_elsewhere(user, url):
    """``user``'s tab showing the form at ``url``, then signed in again in another tab:
    the client and the CSRF token the old tab's form still holds (now stale)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(url)
    stale = client.cookies["csrftoken"].value
    client.cookies["csrftoken"] = "x" * 32  # the token the other tab's sign-in set
    return client, stale


def test_a_section_saved_after_the_session_ended_comes_back_after_signing_in(
    drafted, section, chair
):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client, response = _signed_out_post(
        url, {"heading": "Why it matters", "body": LONG, "revision": section.revision}, chair
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    section.refresh_from_db()
    assert section.body != LONG  # nothing saved while signed out

    client.force_login(chair)
    form = client.get(url)
    html = form.content.decode()
    assert LONG in html
    assert f'name="revision" value="{section.revision}"' in html
    assert any("It is not saved yet" in m for m in messages_of(form))
    section.refresh_from_db()
    assert section.body != LONG  # still not saved: the chair checks it and saves

    saved = client.post(
        url, {"heading": "Why it matters", "body": LONG, "revision": section.revision}
    )
    assert saved.status_code == 302
    section.refresh_from_db()
    assert section.body == LONG
    # shown once: the form opens on the saved text afterwards, without the message
    assert not any("It is not saved yet" in m for m in messages_of(client.get(url)))


def test_the_signed_out_post_tells_the_person_their_text_is_kept(drafted, section, chair):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client = Client()

    response = client.post(
        url,
        {"heading": "H", "body": "Kept.", "revision": section.revision, **as_writer(chair)},
        follow=True,
    )

    said = " ".join(messages_of(response))
    assert "You were signed out, so nothing was saved." in said
    assert "you will come back to the form with your text" in said


def test_a_kept_section_still_conflicts_with_a_save_made_meanwhile(drafted, section, chair):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client, _ = _signed_out_post(
        url, {"heading": "Why it matters", "body": "MINE.", "revision": 1}, chair
    )
    Section.objects.filter(pk=section.pk).update(body="THEIRS.", revision=2)

    client.force_login(chair)
    client.get(url)
    response = client.post(url, {"heading": "Why it matters", "body": "MINE.", "revision": 1})

    html = response.content.decode()
    assert "Someone else saved this section since you opened it." in html
    assert "THEIRS." in html and "MINE." in html
    section.refresh_from_db()
    assert section.body == "THEIRS."


def test_a_new_section_and_a_proposal_edit_are_kept_too(drafted, chair):
    add = reverse("section-add", args=[drafted.pk])
    edit = reverse("proposal-edit", args=[drafted.pk])
    client = Client()
    writer = as_writer(chair)
    client.post(add, {"heading": "Annex", "body": "A new annex text.", "position": 2, **writer})
    client.post(edit, {"title": "A better title", "summary": "A summary typed at night.", **writer})

    client.force_login(chair)

    assert "A new annex text." in client.get(add).content.decode()
    edit_html = client.get(edit).content.decode()
    assert "A better title" in edit_html and "A summary typed at night." in edit_html
    assert drafted.sections.count() == 1


def test_a_stale_form_token_keeps_the_text_of_this_sites_own_post(drafted, section, chair):
    """Signing in again (another tab) renews the CSRF token: the old tab's save was a bare
    "CSRF verification failed" page, its text gone."""
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client, stale = _signed_in_again_elsewhere(chair, url)

    response = client.post(
        url,
        {
            "heading": "Why it matters",
            "body": LONG,
            "revision": 1,
            "csrfmiddlewaretoken": stale,
            **as_writer(chair),
        },
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 302 and response["Location"] == url
    form = client.get(url)
    assert LONG in form.content.decode()
    assert any("The form had expired" in m for m in messages_of(form))
    section.refresh_from_db()
    assert section.body != LONG


def test_a_forged_post_is_refused_with_a_page_and_kept_nowhere(drafted, section, chair):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(chair)
    client.get(url)

    response = client.post(
        url,
        {"heading": "Forged", "body": "Forged text.", "revision": 1},
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "nothing was saved" in html and "CSRF verification failed" not in html
    assert "Forged text." not in client.get(url).content.decode()


def test_a_comment_sent_signed_out_comes_back_on_the_retry_page(in_consultation, representative):
    url = reverse("comment-post", args=[in_consultation.pk])
    client, response = _signed_out_post(
        url, {"body": "A comment typed before the deadline."}, representative
    )
    assert response["Location"] == f"{reverse('login')}?next={url}"

    client.force_login(representative)
    page = client.get(url)

    assert page.status_code == 200  # was 405: the comment address took posts only
    assert "A comment typed before the deadline." in page.content.decode()
    assert not Comment.objects.exists()
    # nothing kept (a bookmark, a second visit): the proposal, not an error
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == in_consultation.get_absolute_url()


def test_a_board_note_sent_signed_out_comes_back_on_the_board_page(in_voting, run, board_member):
    voting_round = round_latest(proposal_id=in_voting.pk)
    for rep in in_voting.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    run(in_voting, "close_vote", in_voting.working_group.chair)
    url = reverse("board-decide", args=[in_voting.pk])
    client, _ = _signed_out_post(
        url, {"decision": "return", "note": "Clarify section 2."}, board_member
    )

    client.force_login(board_member)
    page = client.get(url)

    assert page.status_code == 200
    assert "Clarify section 2." in page.content.decode()
    assert not BoardDecision.objects.exists()


def test_a_transition_note_sent_signed_out_comes_back_on_the_proposal_page(drafted, chair):
    url = reverse("proposal-transition", args=[drafted.pk, "withdraw"])
    client, _ = _signed_out_post(url, {"note": "Merged into PP-2026-010."}, chair)

    client.force_login(chair)
    page = client.get(url)

    assert page.status_code == 200
    assert "Merged into PP-2026-010." in page.content.decode()
    drafted.refresh_from_db()
    assert drafted.state == "draft"


def test_an_amendment_sent_signed_out_comes_back_after_signing_in(in_consultation, representative):
    section = in_consultation.sections.get()
    url = reverse("amendment-new", args=[in_consultation.pk, section.pk])
    client, _ = _signed_out_post(
        url,
        {"kind": "replace", "paragraph": 1, "text": "Our wording.", "justification": "Why."},
        representative,
    )

    client.force_login(representative)
    html = client.get(url).content.decode()

    assert "Our wording." in html and "Why." in html
    assert not in_consultation.amendments.exists()


@pytest.mark.parametrize(
    ("name", "args", "where"),
    [
        ("proposal-preview", "proposal", "proposal#papers-h"),
        ("translation-xliff-import", "translation", "translation"),
        ("profile-token-create", None, "/profile/#api-tokens"),
    ],
)
def test_a_button_address_opened_after_signing_in_goes_to_its_page(
    page, drafted, chair, name, args, where
):
    """Signed out, a button's post goes to the sign-in page, which comes back with a GET:
    Django's blank 405 page, now the page the button is on, nothing done."""
    lang_args = [drafted.pk, "fr"]
    kwargs = {"proposal": [drafted.pk], "translation": lang_args, None: []}[args]
    pages = {
        "proposal#papers-h": drafted.get_absolute_url() + "#papers-h",
        "translation": reverse("translation-page", args=lang_args),
        "/profile/#api-tokens": "/profile/#api-tokens",
    }

    response = page(chair).get(reverse(name, args=kwargs))

    assert response.status_code == 302 and response["Location"] == pages[where]


def test_support_opened_after_signing_in_goes_to_the_amendment(
    page, in_consultation, amendment_factory, representative
):
    amendment = amendment_factory(proposal=in_consultation)

    response = page(representative).get(reverse("amendment-support", args=[amendment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(in_consultation.get_absolute_url())
    assert not AmendmentSupport.objects.filter(amendment=amendment).exists()


def test_a_stale_sign_in_form_gets_the_styled_page_not_djangos_bare_one(db):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))

    response = client.post(reverse("login"), {"login": "a", "password": "b"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "nothing was saved" in html and "CSRF verification failed" not in html


def test_a_text_typed_by_one_person_is_never_shown_to_the_next_who_signs_in(
    drafted, section, chair, user_factory
):
    """A shared computer: the chair's session ended and Save kept the text; a colleague
    signs in next in the same browser and opens the same form."""
    colleague = user_factory()
    drafted.working_group.members.add(colleague)
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client, _ = _signed_out_post(
        url, {"heading": "Why it matters", "body": LONG, "revision": section.revision}, chair
    )

    client.force_login(colleague)
    form = client.get(url)

    assert form.status_code == 200
    assert LONG not in form.content.decode()
    assert not any("It is not saved yet" in m for m in messages_of(form))


def test_a_post_whose_writer_field_is_not_ours_keeps_nothing(drafted, section, chair):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client = Client()
    forged = {"writer": f"{chair.pk}:not-a-signature"}

    response = client.post(
        url, {"heading": "H", "body": LONG, "revision": section.revision, **forged}, follow=True
    )

    said = " ".join(messages_of(response))
    assert "You were signed out, so nothing was saved." in said
    assert "come back to the form" not in said  # no promise it cannot keep
    client.force_login(chair)
    assert LONG not in client.get(url).content.decode()


def test_every_form_says_whom_it_was_shown_to(drafted, section, chair):
    client = Client()
    client.force_login(chair)

    html = client.get(reverse("section-edit", args=[drafted.pk, section.pk])).content.decode()

    assert f'name="writer" value="{as_writer(chair)["writer"]}"' in html


def test_a_ballot_sent_with_a_stale_form_token_comes_back_not_cast(in_voting):
    """The vote page keeps a post as the other forms do, in its own words: a ballot is not
    cast (not "saved"), and comes back selected for the person to press again."""
    rep = in_voting.reps[0]
    url = reverse("vote", args=[in_voting.pk])
    client, stale = _signed_in_again_elsewhere(rep, url)

    response = client.post(
        url,
        {
            "organisation": rep.organisation_id,
            "round": round_latest(proposal_id=in_voting.pk).pk,
            "choice": "abstain",
            "csrfmiddlewaretoken": stale,
            **as_writer(rep),
        },
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 302 and response["Location"] == url
    back = client.get(url)
    said = " ".join(messages_of(back))
    assert "so your ballot was not cast" in said and "nothing was saved" not in said
    assert "It is not cast yet" in said
    assert re.search(
        r'<input type="radio" name="choice" value="abstain"[^>]*checked', back.content.decode()
    )
    assert not Ballot.objects.exists()
