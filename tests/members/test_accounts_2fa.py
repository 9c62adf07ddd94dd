"""Two-factor authentication (TOTP with recovery codes, django-allauth's mfa),
required for the secretariat and the board when ``PLENUM_REQUIRE_2FA`` is on
(SPEC §13): until they enrol, pages send them to the page that says so, the API
and the services refuse."""

import re

import pyotp
import pytest
from django.urls import reverse

from members.models import AccountEvent, AccountEventKind
from proposals.models import BoardDecision, ProposalState
from tests.web.conftest import chair, drafted, in_consultation, in_voting  # noqa: F401
from voting.selectors import round_latest
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
REQUIRED = "Set up two-factor authentication before you act as secretariat or board member"


@pytest.fixture
def require_2fa(settings):
    settings.PLENUM_REQUIRE_2FA = True


@pytest.fixture
def in_review(in_voting, run):  # noqa: F811
    voting_round = round_latest(proposal_id=in_voting.pk)
    for rep in in_voting.reps:
        ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )
    return run(in_voting, "close_vote", in_voting.working_group.chair)


def _sign_in(client, user):
    response = client.post(reverse("login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _enrol(client) -> str:
    """Turn TOTP on from the activation page with a code computed by pyotp; the secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks the password again before a 2FA change
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        again = client.post(page["Location"], {"password": PASSWORD})
        assert again.status_code == 302
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{16,})"', page.content.decode())
    secret = secret.group(1)
    done = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302, done.content.decode()[:2000]
    return secret


@pytest.mark.parametrize("who", ["board", "secretariat"])
def test_must_enrol_before_acting(client, require_2fa, board_member, secretariat_factory, who):
    user = board_member if who == "board" else secretariat_factory()
    _sign_in(client, user)

    for url in [reverse("dashboard"), reverse("board"), reverse("proposal-list"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse(
            "two-factor-required"
        ), url
    page = client.get(reverse("two-factor-required"))
    assert REQUIRED in page.content.decode()
    assert reverse("mfa_activate_totp") in page.content.decode()
    # Enrolment, sign-out and the language switch stay open.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_the_requirement_off_lets_them_act(client, settings, board_member):
    settings.PLENUM_REQUIRE_2FA = False
    _sign_in(client, board_member)

    assert client.get(reverse("board")).status_code == 200


def test_others_are_not_asked(client, require_2fa, representative_factory):
    rep = representative_factory()
    _sign_in(client, rep)

    assert client.get(reverse("dashboard")).status_code == 200


def test_board_decision_only_after_enrolment(
    client, require_2fa, in_review, board_member, django_capture_on_commit_callbacks
):
    _sign_in(client, board_member)
    decide = reverse("board-decide", args=[in_review.pk])

    refused = client.post(decide, {"decision": "approve"})
    assert refused.status_code == 302 and refused["Location"] == reverse("two-factor-required")
    assert not BoardDecision.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        _enrol(client)
    recovery = client.get(reverse("mfa_view_recovery_codes"))
    assert recovery.status_code == 200
    response = client.post(decide, {"decision": "approve"})

    assert response.status_code == 302
    assert BoardDecision.objects.filter(member=board_member).count() == 1
    in_review.refresh_from_db()
    assert in_review.state == ProposalState.APPROVED
    kinds = list(AccountEvent.objects.filter(user=board_member).values_list("kind", flat=True))
    assert AccountEventKind.MFA_ENABLED in kinds
    assert AccountEventKind.RECOVERY_CODES_GENERATED in kinds


def test_the_api_refuses_until_enrolment(api, require_2fa, in_review, board_member):
    client = api.as_user(board_member)

    response = client.post(
        reverse("api-board-decisions", args=[in_review.pk]), {"decision": "approve"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Set up two-factor authentication before you act as secretariat or board member."
    )
    assert not BoardDecision.objects.exists()


def test_a_session_on_the_api_is_refused_too(client, require_2fa, board_member):
    _sign_in(client, board_member)

    response = client.get("/api/v1/proposals/")

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_sign_in_asks_the_second_factor_and_takes_a_recovery_code(client, settings, board_member):
    _sign_in(client, board_member)
    _enrol(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    from allauth.mfa.models import Authenticator

    codes = (
        Authenticator.objects.get(user=board_member, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    assert codes and codes[0] in codes_page
    client.post(reverse("logout"))

    first = _sign_in(client, board_member)
    assert first["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("profile")).status_code == 302  # not yet signed in
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code." in wrong.content.decode()
    done = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert done.status_code == 302
    profile = client.get(reverse("profile")).content.decode()
    assert "Two-factor authentication is on" in profile


def test_the_must_enrol_rule_in_one_place(settings, board_member, representative_factory):
    from members.rules import must_enrol_2fa

    settings.PLENUM_REQUIRE_2FA = True
    assert must_enrol_2fa(board_member)
    assert not must_enrol_2fa(representative_factory())
    settings.PLENUM_REQUIRE_2FA = False
    assert not must_enrol_2fa(board_member)


def _token_sign_in(api, user, **extra):
    return api.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD, **extra},
        format="json",
    )


def test_the_token_endpoint_asks_the_second_factor_of_an_enrolled_account(
    client, api, board_member
):
    _sign_in(client, board_member)
    secret = _enrol(client)

    without = _token_sign_in(api, board_member)
    wrong = _token_sign_in(api, board_member, otp="000000")
    right = _token_sign_in(api, board_member, otp=pyotp.TOTP(secret).now())

    assert without.status_code == 400
    assert "two-factor authentication" in without.json()["errors"]["otp"][0]
    assert wrong.status_code == 400
    assert wrong.json()["errors"]["otp"] == ["Incorrect code."]
    assert right.status_code == 200 and right.json()["token"]
    me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert me.status_code == 200 and me.json()["username"] == board_member.username
    from members.models import ApiToken

    assert ApiToken.objects.filter(user=board_member).count() == 1  # refused tries made none


def test_a_recovery_code_signs_in_on_the_api_once(client, api, board_member):
    from allauth.mfa.models import Authenticator

    _sign_in(client, board_member)
    _enrol(client)
    code = (
        Authenticator.objects.get(user=board_member, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()[0]
    )

    first = _token_sign_in(api, board_member, otp=code)
    again = _token_sign_in(api, board_member, otp=code)

    assert first.status_code == 200
    assert again.status_code == 400


def test_a_password_alone_still_works_without_two_factor(api, user_factory):
    response = _token_sign_in(api, user_factory())

    assert response.status_code == 200 and response.json()["token"]
