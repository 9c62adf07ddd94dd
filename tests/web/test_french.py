"""Pages in French: from the user's language, from the browser, from the switcher."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dashboard_in_the_users_language(page, user):
    user.language = "fr"
    user.save()

    html = page(user).get("/").content.decode()

    assert '<html lang="fr">' in html
    assert "Ce qui m’attend maintenant" in html
    assert "Rien ne vous attend pour l’instant." in html


def test_proposal_page_in_french(page, in_consultation, representative):
    representative.language = "fr"
    representative.save()

    html = page(representative).get(in_consultation.get_absolute_url()).content.decode()

    assert "En consultation" in html
    assert "Proposer un amendement" in html
    assert "clôture dans" in html


def test_login_page_in_french_for_a_french_browser(page):
    html = page(HTTP_ACCEPT_LANGUAGE="fr").get(reverse("login")).content.decode()

    assert "Se connecter à Plenum" in html


def test_a_refusal_message_in_french(page, drafted):
    chair = drafted.working_group.chair
    chair.language = "fr"
    chair.save()
    drafted.summary = ""
    drafted.save()

    response = page(chair).post(
        reverse("proposal-transition", args=[drafted.pk, "submit_for_consultation"])
    )

    text = " ".join(str(m) for m in response.context["messages"])
    assert "Pas encore : Ajoutez un résumé." in text


def test_language_switcher_sets_french(page, user):
    client = page(user)

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    assert "Ce qui m’attend maintenant" in client.get("/").content.decode()


def test_voting_page_in_french(page, in_voting):
    rep = in_voting.reps[0]
    rep.language = "fr"
    rep.save()

    html = page(rep).get(reverse("vote", args=[in_voting.pk])).content.decode()

    assert "Le bulletin de votre organisation" in html
    assert "Déposer le bulletin" in html
