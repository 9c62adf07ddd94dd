"""Invitations by the secretariat (SPEC §13): an email with a one-time link,
valid 7 days, to choose a username and a password; what it gives comes with the
account; a used, expired, tampered or replaced link says so."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import AccountEvent, AccountEventKind, Invitation, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Long-enough-pass-2026"


@pytest.fixture
def client_factory():
    """A fresh browser (own cookies) per call."""
    from django.test import Client

    return Client


@pytest.fixture
def sofie(secretariat_factory):
    return secretariat_factory(username="sofie", first_name="Sofie", last_name="Claes")


@pytest.fixture
def secretariat_client(client, sofie):
    client.force_login(sofie)
    return client


def _invite(client, django_capture_on_commit_callbacks, **fields):
    data = {"email": "new.person@example.org", "language": "en", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("invitation-list"), data)


def _link(message) -> str:
    return re.search(r"http://\S+/invite/[\w-]+/", message.body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _accept(client, path, username="newperson", password=NEW_PASSWORD, **extra):
    return client.post(
        path,
        {"username": username, "password1": password, "password2": password, **extra},
    )


def test_the_invitation_email_link_and_account(
    secretariat_client,
    client_factory,
    organisation_factory,
    working_group_factory,
    django_capture_on_commit_callbacks,
):
    org = organisation_factory(name="Réseau wallon")
    group = working_group_factory(name="Social procurement")

    response = _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        organisation=org.pk,
        working_groups=[group.pk],
        board_seat="on",
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert message.subject.startswith("Your invitation to Plenum")
    assert "Sofie Claes" in message.body and "Réseau wallon" in message.body
    html = message.alternatives[0][0]
    link = _link(message)
    assert link in html
    invitation = Invitation.objects.get()
    assert invitation.status == "pending" and invitation.sent_at is not None
    assert (invitation.expires_at - timezone.now()) > timedelta(days=6, hours=23)
    assert link.rsplit("/", 2)[1] not in invitation.key_hash  # only a hash is kept

    invitee = client_factory()
    page = invitee.get(_path(link))
    assert page.status_code == 200 and "new.person@example.org" in page.content.decode()
    assert 'value="new.person"' in page.content.decode()  # the suggested username
    done = _accept(invitee, _path(link), first_name="Nadia", last_name="Benali")

    assert done.status_code == 302
    user = User.objects.get(username="newperson")
    assert user.email == "new.person@example.org" and user.check_password(NEW_PASSWORD)
    assert user.organisation == org
    assert list(user.working_groups.all()) == [group]
    assert user.board_membership
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.user == user
    assert invitee.get(reverse("profile")).status_code == 200  # signed in
    kinds = set(AccountEvent.objects.values_list("kind", flat=True))
    assert {
        AccountEventKind.INVITATION_SENT,
        AccountEventKind.INVITATION_ACCEPTED,
        AccountEventKind.SIGNED_IN,
    } <= kinds


def test_the_list_shows_each_status(secretariat_client, sofie):
    now = timezone.now()
    Invitation.objects.create(
        email="p@example.org",
        key_hash="a" * 64,
        expires_at=now + timedelta(days=1),
        invited_by=sofie,
    )
    Invitation.objects.create(
        email="e@example.org",
        key_hash="b" * 64,
        expires_at=now - timedelta(seconds=1),
        invited_by=sofie,
    )
    Invitation.objects.create(
        email="a@example.org",
        key_hash="c" * 64,
        expires_at=now + timedelta(days=1),
        accepted_at=now,
    )

    html = secretariat_client.get(reverse("invitation-list")).content.decode()

    for email, status in [("p@", "pending"), ("e@", "expired"), ("a@", "accepted")]:
        row = re.search(rf"<tr>\s*<td>{email}example.org</td>.*?</tr>", html, re.S).group(0)
        assert f">{status}</span>" in row
    assert html.count("Resend") == 2


def test_a_used_link_is_refused(
    secretariat_client, client_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    first = client_factory()
    assert _accept(first, path).status_code == 302

    second = client_factory()
    page = second.get(path)
    posted = _accept(second, path, username="intruder")

    for response in (page, posted):
        assert response.status_code == 410
        assert "The link was already used to create an account." in response.content.decode()
        assert "Ask the secretariat" in response.content.decode()
    assert not User.objects.filter(username="intruder").exists()


def test_an_expired_link_says_so(
    secretariat_client, client_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    page = client_factory().get(path)

    assert page.status_code == 410
    assert "The link has expired: an invitation is valid for 7 days." in page.content.decode()
    assert Invitation.objects.get().status == "expired"


@pytest.mark.parametrize("change", ["truncate", "flip", "garbage"])
def test_a_tampered_link_is_refused(
    secretariat_client, client_factory, django_capture_on_commit_callbacks, change
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    key = path.rstrip("/").rsplit("/", 1)[1]
    tampered = {
        "truncate": key[:-1],
        "flip": key[:-1] + ("A" if key[-1] != "A" else "B"),
        "garbage": "x" * 400,
    }[change]

    invitee = client_factory()
    page = invitee.get(reverse("invitation-accept", args=[tampered]))
    posted = _accept(invitee, reverse("invitation-accept", args=[tampered]))

    for response in (page, posted):
        assert response.status_code == 404
        assert "The link is not valid" in response.content.decode()
    assert User.objects.filter(email="new.person@example.org").count() == 0


def test_resend_replaces_the_link(
    secretariat_client, client_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    old = _path(_link(mail.outbox[0]))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("invitation-resend", args=[invitation.pk]))

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new = _path(_link(mail.outbox[1]))
    assert new != old
    invitee = client_factory()
    assert invitee.get(old).status_code == 404
    assert Invitation.objects.get().status == "pending"
    assert _accept(invitee, new).status_code == 302


def test_the_admin_action_sends_again(
    client, secretariat_factory, django_capture_on_commit_callbacks
):
    admin_user = secretariat_factory(is_superuser=True)
    invitation = Invitation.objects.create(
        email="x@example.org", key_hash="d" * 64, expires_at=timezone.now(), invited_by=admin_user
    )
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/members/invitation/",
            {"action": "send_again", "_selected_action": [invitation.pk]},
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["x@example.org"]]
    invitation.refresh_from_db()
    assert invitation.key_hash != "d" * 64 and invitation.status == "pending"


def test_an_address_with_an_account_cannot_be_invited(
    secretariat_client, user_factory, django_capture_on_commit_callbacks
):
    user_factory(email="Taken@Example.org")

    response = _invite(
        secretariat_client, django_capture_on_commit_callbacks, email="taken@example.org"
    )

    assert response.status_code == 400
    assert "Someone already has an account with this address." in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_link_whose_address_got_an_account_meanwhile_is_refused(
    secretariat_client, client_factory, user_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    user_factory(username="already", email="new.person@example.org")

    response = _accept(client_factory(), path)

    assert response.status_code == 404
    assert "An account already exists for this email address." in response.content.decode()
    assert User.objects.filter(email__iexact="new.person@example.org").count() == 1


def test_a_taken_username_or_a_weak_password_keeps_the_form(
    secretariat_client, client_factory, user_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    path = _path(_link(mail.outbox[0]))
    user_factory(username="taken")
    invitee = client_factory()

    taken = _accept(invitee, path, username="Taken")
    weak = _accept(invitee, path, password="12345678")

    assert taken.status_code == weak.status_code == 400
    assert "This username is taken: choose another." in taken.content.decode()
    assert "This password is entirely numeric." in weak.content.decode()
    assert Invitation.objects.get().status == "pending"


@pytest.mark.parametrize("who", ["anonymous", "representative"])
def test_only_the_secretariat_invites(client, representative_factory, who):
    if who == "representative":
        client.force_login(representative_factory())

    page = client.get(reverse("invitation-list"))
    posted = client.post(reverse("invitation-list"), {"email": "x@example.org", "language": "en"})

    expected = 302 if who == "anonymous" else 403
    assert page.status_code == posted.status_code == expected
    assert not Invitation.objects.exists()
    invitation = Invitation.objects.create(
        email="y@example.org", key_hash="e" * 64, expires_at=timezone.now()
    )
    resent = client.post(reverse("invitation-resend", args=[invitation.pk]))
    assert resent.status_code == expected
    invitation.refresh_from_db()
    assert invitation.key_hash == "e" * 64 and not mail.outbox


def test_the_new_account_is_greeted_once(
    secretariat_client, client_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    invitee = client_factory()
    done = invitee.post(
        _path(_link(mail.outbox[0])),
        {"username": "newperson", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    html = done.content.decode()
    assert "Welcome to Plenum. Your account is ready." in html
    assert "Successfully signed in" not in html  # not a second greeting beside it


def test_an_ordinary_sign_in_still_says_who_is_signed_in(client, user_factory):
    user_factory(username="anna")
    page = client.post(
        "/login/", {"login": "anna", "password": "secret-pass-123"}, follow=True
    ).content.decode()
    assert "Successfully signed in as anna." in page


def test_the_invitee_sees_what_the_account_comes_with(
    secretariat_client,
    client_factory,
    organisation_factory,
    working_group_factory,
    django_capture_on_commit_callbacks,
):
    org = organisation_factory(name="Réseau wallon")
    groups = [
        working_group_factory(name="Social procurement"),
        working_group_factory(name="EU funding"),
    ]
    _invite(
        secretariat_client,
        django_capture_on_commit_callbacks,
        organisation=org.pk,
        working_groups=[g.pk for g in groups],
        board_seat="on",
    )
    page = client_factory().get(_path(_link(mail.outbox[0]))).content.decode()
    assert "You will represent Réseau wallon." in page
    assert "You will be a member of the working groups EU funding, Social procurement." in page
    assert "You will sit on the board." in page


def test_an_invitation_without_groups_or_seat_promises_neither(
    secretariat_client, client_factory, django_capture_on_commit_callbacks
):
    _invite(secretariat_client, django_capture_on_commit_callbacks)
    page = client_factory().get(_path(_link(mail.outbox[0]))).content.decode()
    assert "working group" not in page
    assert "You will sit on the board." not in page
