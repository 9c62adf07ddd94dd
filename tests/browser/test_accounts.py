"""A person invited to the board, in Chromium (SPEC §13): the invitation email,
its link, a username and a password, signed in; two-factor enrolment with a code
computed by pyotp; the board decision possible only after it."""

import re

import pyotp
import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import User
from proposals.models import BoardDecision, ProposalState
from tests.papers.conftest import make_board_review  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Board-seat-pass-2026"


def test_invitation_to_a_board_decision_through_two_factor(
    browse,
    sign_in,
    shot,
    settings,
    secretariat_factory,
    make_board_review,  # noqa: F811
):
    settings.PLENUM_REQUIRE_2FA = False  # the secretariat below has no second factor yet
    proposal = make_board_review(approvals=1)
    secretariat = secretariat_factory(first_name="Sofie", last_name="Claes")

    # The secretariat invites someone to the board.
    staff = browse()
    sign_in(staff, secretariat, next_url="/invitations/")
    staff.get_by_label("Email").fill("maja@example.org")
    staff.get_by_label("Board seat").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Send the invitation").click()
    expect(staff.get_by_role("status")).to_contain_text("Invitation sent to maja@example.org")
    expect(staff.locator("table.invitations")).to_contain_text("pending")
    shot(staff, "accounts-invitations")

    [message] = [m for m in mail.outbox if m.to == ["maja@example.org"]]
    link = re.search(r"http://\S+/invite/[\w-]+/", message.body).group(0)
    settings.PLENUM_REQUIRE_2FA = True

    # The invitee opens the link, chooses a username and a password: signed in.
    page = browse()
    page.goto("/" + link.split("/", 3)[3])
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    page.get_by_label("Username").fill("maja")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password again").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account").click()
    user = User.objects.get(username="maja")
    assert user.board_membership

    # A board member without a second factor is asked to set one up first.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Set up two-factor authentication before you act"
    )
    page.goto("/board/")
    expect(page).to_have_url(re.compile(r"/two-factor/required/$"))
    assert not BoardDecision.objects.exists()
    shot(page, "accounts-two-factor-required")

    page.get_by_role("link", name="Set up two-factor authentication").click()
    if "/accounts/reauthenticate/" in page.url:  # allauth confirms the password first
        page.get_by_label("Password").fill(NEW_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    shot(page, "accounts-totp-activate")
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    expect(page.locator("body")).to_contain_text("Recovery Codes")

    # Now the board decision goes through.
    page.goto("/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board review")
    page.get_by_label("Approve").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record my decision").click()
    assert BoardDecision.objects.filter(member=user).count() == 1
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    page.goto("/profile/")
    expect(page.locator(".profile-security")).to_contain_text("Two-factor authentication is on")
    expect(page.locator(".profile-security")).to_contain_text("Invitation accepted")
    shot(page, "accounts-profile-security")


def test_password_reset_in_the_browser(browse, user_factory):
    user_factory(username="anna", email="anna@example.org")
    page = browse()

    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("anna@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_role("link", name="Back to sign in")).to_be_visible()
    [message] = mail.outbox
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    page.goto("/" + link.split("/", 3)[3])
    page.get_by_label("New Password", exact=True).fill("A-new-long-pass-42")
    page.get_by_label("New Password (again)").fill("A-new-long-pass-42")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()

    page.goto("/login/")
    page.get_by_label("Username or email").fill("anna@example.org")
    page.get_by_label("Password").fill("A-new-long-pass-42")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/login/" not in page.url
