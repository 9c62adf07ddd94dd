"""Web sign-in through django-allauth (SPEC §13): username or email, the same
message for unknown and known accounts, no sign-up, reset by email without a
hint whether the address exists, password change, the account log."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import AccountEvent, AccountEventKind

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
MISMATCH = "The username and/or password you specified are not correct."


def _sign_in(client, login, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"login": login, "password": password}, **extra)


@pytest.mark.parametrize("login", ["anna", "anna@example.org", "ANNA@example.org"])
def test_signs_in_with_username_or_email(client, user_factory, login):
    user_factory(username="anna", email="anna@example.org")

    response = _sign_in(client, login)

    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert client.get(reverse("profile")).status_code == 200
    event = AccountEvent.objects.get(kind=AccountEventKind.SIGNED_IN)
    assert event.user.username == "anna" and event.ip == "127.0.0.1"


def test_next_is_followed_after_sign_in(client, user_factory):
    user_factory(username="anna")

    response = client.post(
        reverse("login") + "?next=/profile/", {"login": "anna", "password": PASSWORD}
    )

    assert response["Location"] == "/profile/"


def test_wrong_password_and_unknown_account_read_the_same(client, user_factory):
    user_factory(username="anna")

    known = _sign_in(client, "anna", "wrong-password")
    unknown = _sign_in(client, "nobody-here", "wrong-password")

    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        assert MISMATCH in response.content.decode()
    # The same page but for the typed name: nothing tells them apart.
    strip = lambda r, name: r.content.decode().replace(name, "").split("csrfmiddlewaretoken")[0]  # noqa: E731
    assert strip(known, "anna") == strip(unknown, "nobody-here")
    failed = AccountEvent.objects.filter(kind=AccountEventKind.SIGN_IN_FAILED)
    assert failed.count() == 2
    assert failed.get(detail="anna").user.username == "anna"
    assert failed.get(detail="nobody-here").user is None


def test_the_sign_in_page_in_french(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'lang="fr"' in html
    assert 'name="login"' in html and 'name="password"' in html


def test_no_public_sign_up(client):
    from members.models import User

    page = client.get(reverse("account_signup"))
    posted = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "username": "x",
            "password1": "Long-pass-9876",
            "password2": "Long-pass-9876",
        },
    )

    for response in (page, posted):
        assert "Sign Up Closed" in response.content.decode()

    assert not User.objects.filter(username="x").exists()


def test_demo_logins_are_listed_in_the_demo_only(client, settings):
    settings.PLENUM_DEMO = False
    assert "Demo logins" not in client.get(reverse("login")).content.decode()

    settings.PLENUM_DEMO = True
    html = client.get(reverse("login")).content.decode()
    assert "Demo logins" in html and "plenum-demo" in html and "rep-bg" in html


def test_sign_out_is_a_post(client, user_factory):
    user = user_factory()
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 302


def _reset_link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)


def test_password_reset_through_the_email(client, user_factory):
    user_factory(username="anna", email="anna@example.org")

    response = client.post(reverse("account_reset_password"), {"email": "anna@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@example.org"]
    link = _reset_link(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "A-new-long-pass-42", "password2": "A-new-long-pass-42"},
    )
    assert done.status_code == 302
    assert _sign_in(client, "anna", "A-new-long-pass-42").status_code == 302
    assert AccountEvent.objects.filter(kind=AccountEventKind.PASSWORD_RESET).count() == 1
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_password_reset_does_not_tell_whether_the_address_exists(client, user_factory):
    user_factory(username="anna", email="anna@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "anna@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_password_change_is_logged(client, user_factory):
    user = user_factory()
    _sign_in(client, user.username)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Another-long-pass-7",
            "password2": "Another-long-pass-7",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-long-pass-7")
    assert AccountEvent.objects.filter(user=user, kind=AccountEventKind.PASSWORD_CHANGED).exists()


def test_the_profile_lists_the_account_log_and_two_factor_status(client, user_factory):
    user = user_factory()
    _sign_in(client, user.username, "wrong")
    _sign_in(client, user.username)

    html = client.get(reverse("profile")).content.decode()

    assert "Two-factor authentication is off" in html
    assert reverse("mfa_index") in html
    assert "Signed in" in html and "Failed sign-in" in html


def test_the_admin_signs_in_through_the_web_sign_in(client, secretariat_factory):
    secretariat_factory(username="sofie")

    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"], follow=True)
    assert login.redirect_chain[-1][0].startswith(reverse("login"))
    # A password posted to the admin's own form is not even read.
    posted = client.post("/admin/login/", {"username": "sofie", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("login"))
    assert client.get("/admin/").status_code == 302

    signed = client.post(
        reverse("login") + "?next=/admin/", {"login": "sofie", "password": PASSWORD}
    )
    assert signed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_account_log_is_read_only_in_the_admin(client, secretariat_factory):
    sofie = secretariat_factory(is_superuser=True)
    _sign_in(client, sofie.username)

    listing = client.get("/admin/members/accountevent/")

    assert listing.status_code == 200 and "signed in" in listing.content.decode()
    assert client.get("/admin/members/accountevent/add/").status_code == 403


def test_email_addresses_are_not_managed_by_the_user(client, user_factory):
    client.force_login(user_factory())

    response = client.get("/accounts/email/")

    assert response.status_code == 302 and response["Location"] == reverse("profile")


def test_the_account_log_cuts_the_browser_string_and_knows_its_kinds(rf, user_factory):
    from members.services import account_event_record

    user = user_factory()
    request = rf.get("/", HTTP_USER_AGENT="x" * 1000, REMOTE_ADDR="203.0.113.9")

    event = account_event_record(kind="token_created", user=user, request=request, detail="ci")

    assert len(event.user_agent) == 300 and event.ip == "203.0.113.9"
    assert event.get_kind_display() == "API token created"
    with pytest.raises(ValueError):
        account_event_record(kind="made_up", user=user)


def test_password_reset_pages_say_what_happens_and_who_to_ask(client):
    from members.models import Network

    network = Network.objects.get_solo()
    network.email = "secretariat@enseie.example"
    network.save()

    html = client.get(reverse("account_reset_password")).content.decode()
    assert "Reset your password" in html
    assert "Send the link" in html
    assert 'href="mailto:secretariat@enseie.example"' in html
    assert f'href="{reverse("login")}"' in html
    assert "contact us" not in html  # allauth's "us", with no address

    done = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True
    ).content.decode()
    assert "Check your email" in done
    assert 'href="mailto:secretariat@enseie.example"' in done
    assert f'href="{reverse("login")}"' in done


def _reset_form(client, user_factory, email="anna@example.org"):
    """The page the reset email's link opens (after allauth moves the key to the session)."""
    user_factory(username="anna", email=email)
    client.post(reverse("account_reset_password"), {"email": email})
    link = _reset_link(mail.outbox[-1])
    form = client.get(link, follow=True)
    return link, form.redirect_chain[-1][0], form.content.decode()


def test_the_new_password_pages_look_like_the_reset_page(client, user_factory):
    link, url, html = _reset_form(client, user_factory)

    assert '<section class="card narrow full-width">' in html
    assert "<h1>Choose a new password</h1>" in html
    assert "Type the new password of your Plenum account twice." in html
    assert "Save the new password" in html
    assert f'action="{url}"' in html
    assert f'href="{reverse("login")}"' in html
    assert "Bad Token" not in html and "Change Password" not in html  # allauth's own page

    refused = client.post(url, {"password1": "A-new-long-pass-42", "password2": "other-42"})
    assert refused.status_code == 200
    assert "<h1>Choose a new password</h1>" in refused.content.decode()
    assert "You must type the same password each time." in refused.content.decode()

    done = client.post(
        url, {"password1": "A-new-long-pass-42", "password2": "A-new-long-pass-42"}, follow=True
    ).content.decode()
    assert "<h1>Your password is changed</h1>" in done
    assert "Sign in with your new password." in done
    assert '<section class="card narrow full-width">' in done

    used = client.get(link, follow=True).content.decode()
    assert "<h1>This link no longer works</h1>" in used
    assert f'href="{reverse("account_reset_password")}"' in used  # ask for a new one
    assert "Ask the secretariat of the network." in used


def test_the_new_password_pages_in_french(client, user_factory):
    link, url, _html = _reset_form(client, user_factory)

    html = client.get(url, headers={"accept-language": "fr"}).content.decode()
    assert "Choisissez un nouveau mot de passe" in html
    assert "Enregistrer le nouveau mot de passe" in html
    assert "Retour à la connexion" in html

    done = client.post(
        url,
        {"password1": "A-new-long-pass-42", "password2": "A-new-long-pass-42"},
        follow=True,
        headers={"accept-language": "fr"},
    ).content.decode()
    assert "Votre mot de passe est changé" in done

    used = client.get(link, follow=True, headers={"accept-language": "fr"}).content.decode()
    assert "Ce lien ne fonctionne plus" in used
    assert "Demander un nouveau lien" in used


def test_password_reset_without_a_contact_address_names_the_secretariat(client):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "Ask the secretariat of the network." in html
    assert "mailto:" not in html


def test_password_reset_with_a_malformed_address_says_so(client):
    response = client.post(reverse("account_reset_password"), {"email": "not-an-address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not mail.outbox
