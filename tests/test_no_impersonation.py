"""No impersonation (SPEC §1): no admin page shows or makes another person's token or
password, and a superuser can neither read nor cast an organisation's ballot.

A superuser crawls every admin page (list, add, and change for one object of each
registered model, with a search too) while representatives hold tokens and a secret
vote is open with their choices cast; every response is searched for the tokens and
for an organisation named next to its choice.
"""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import ApiToken, User
from members.services import token_create
from voting.models import Ballot
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db

CHOICE_WORDS = re.compile(r"\b(yes|no|abstain|abstention|oui|non)\b", re.IGNORECASE)
CHOICES = {"Alpha network": "yes", "Beta network": "no", "Gamma network": "abstain"}


@pytest.fixture
def secret_vote(
    run,
    proposal_factory,
    section_factory,
    procedure_factory,
    representative_factory,
    organisation_factory,
):
    reps = {
        name: representative_factory(organisation=organisation_factory(name=name))
        for name in CHOICES
    }
    proposal = proposal_factory(procedure=procedure_factory(secret_ballot=True))
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    for name in ("submit_for_consultation", "close_consultation", "open_vote"):
        run(proposal, name, chair)
    voting_round = proposal.voting_rounds.get()
    for name, choice in CHOICES.items():
        ballot_cast(
            voting_round=voting_round,
            organisation=reps[name].organisation,
            user=reps[name],
            choice=choice,
        )
    return proposal, reps


def _text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return unescape(re.sub(r"\s+", " ", text))


def _admin_urls() -> list[str]:
    urls = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_changelist".format(*info)) + "?q=rep")
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model.objects.order_by("-pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return urls


def test_a_superuser_finds_no_token_and_no_secret_choice_in_the_admin(
    secret_vote, secretariat_factory
):
    proposal, reps = secret_vote
    raw = [token_create(user=rep, name="laptop")[1] for rep in reps.values()]
    rows = list(ApiToken.objects.all())
    web = Client()
    web.force_login(secretariat_factory(is_superuser=True))

    urls = _admin_urls()
    for rep in reps.values():  # every representative's own page too
        urls.append(reverse("admin:members_user_change", args=[rep.pk]))
    assert len(urls) > 30
    for url in urls:
        response = web.get(url)
        assert response.status_code in (200, 302, 403), url
        html = response.content.decode()
        for token in raw:
            assert token not in html and token[:15] not in html, url
        for row in rows:
            assert row.digest not in html, url
        text = _text(response)
        for name in CHOICES:
            for match in re.finditer(re.escape(name), text):
                window = text[match.end() : match.end() + 60].rsplit(" ", 1)[0]
                assert not CHOICE_WORDS.search(window), f"{url}: …{name}{window}…"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/knox/authtoken/",
        "/admin/authtoken/tokenproxy/",
        "/admin/authtoken/tokenproxy/add/",
        "/admin/members/apitoken/",
    ],
)
def test_there_is_no_token_admin(client, secretariat_factory, path):
    client.force_login(secretariat_factory(is_superuser=True))
    assert client.get(path).status_code == 404


def test_the_admin_sets_nobodys_password(client, secretariat_factory, representative):
    representative.set_password("their-own-pass-1")
    representative.save()
    client.force_login(secretariat_factory(is_superuser=True))

    # the admin's catch-all sends the old address to "no such user", never to a form
    page = client.get(f"/admin/members/user/{representative.pk}/password/", follow=True)
    assert page.status_code == 200 and "password1" not in page.content.decode()
    client.post(
        f"/admin/members/user/{representative.pk}/password/",
        {"password1": "hijack-pass-999", "password2": "hijack-pass-999"},
    )
    change = client.get(f"/admin/members/user/{representative.pk}/change/").content.decode()
    assert "password/" not in change and "pbkdf2" not in change and "md5" not in change.lower()
    # the address of someone with a password is read-only: no reset link sent elsewhere
    assert 'name="email"' not in change
    representative.refresh_from_db()
    assert check_password("their-own-pass-1", representative.password)


def test_an_account_made_in_the_admin_has_no_password(client, secretariat_factory):
    client.force_login(secretariat_factory(is_superuser=True))
    add = client.get("/admin/members/user/add/").content.decode()
    assert 'name="password1"' not in add and 'name="usable_password"' not in add

    response = client.post(
        "/admin/members/user/add/",
        {
            "username": "newrep",
            "email": "new@example.org",
            "first_name": "N",
            "last_name": "R",
            "password1": "chosen-by-admin-1",
            "password2": "chosen-by-admin-1",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="newrep")
    assert not user.has_usable_password()


def test_a_superuser_can_neither_read_nor_cast_an_organisations_ballot(
    secret_vote, secretariat_factory
):
    proposal, reps = secret_vote
    superuser = secretariat_factory(is_superuser=True)
    alpha = reps["Alpha network"].organisation
    api = APIClient()
    api.force_authenticate(superuser)
    url = f"/api/v1/proposals/{proposal.pk}/ballot/"

    read = api.get(url, {"organisation": alpha.pk})
    cast = api.put(url, {"choice": "no", "organisation": alpha.pk}, format="json")
    page = Client()
    page.force_login(superuser)
    vote_page = page.post(f"/proposals/{proposal.pk}/vote/", {"choice": "no"})

    assert read.status_code in (403, 404) and "yes" not in read.content.decode()
    assert cast.status_code in (403, 404)
    assert vote_page.status_code < 500  # the page says why; the ballot stays
    assert Ballot.objects.get(organisation=alpha).choice == "yes"
    assert not superuser.has_perm("voting.cast_ballot", proposal)
