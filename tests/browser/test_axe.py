"""axe-core in Chromium on every page (the team's rule): one page load and one axe run
(WCAG 2.1 A and AA rules, and axe's best practices) per page route and role, on the
demo network, in English and a handful in French; a few forms sent with errors, and
the error pages no route serves. A failure lists every violation: page, rule, target
selectors.

``test_every_page_route_is_checked`` (no browser) fails when a page route is added
without a line here, in a group of ``GROUPS`` or, with the reason, in ``NOT_CHECKED``.
"""

import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlsplit

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.demo import DEMO_PASSWORD

#: axe-core's tags for the WCAG 2.0 and 2.1 success criteria, levels A and AA, and
#: its best practices (the heading order, one main landmark, content in landmarks...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations", "incomplete"],
}
#: Rules whose "needs review" is a failure here too. aria-valid-attr-value: an
#: ``aria-describedby`` naming no element on the page (axe cannot know a script will
#: not add it later; none of Plenum's does).
INCOMPLETE_FAILS = {"aria-valid-attr-value"}

#: Findings that are not violations, one rule on one selector each, with the reason.
#: ``{(rule id, target selector): why}``. Empty: every finding so far was real.
FALSE_POSITIVES: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Page:
    """One page as one user sees it. ``path(d)`` builds its address from the demo
    (``d``, the ``demo`` fixture); ``status`` is the answer a user gets there."""

    route: str  # the URL name (or, unnamed, the pattern); "403"/"404": the error pages
    path: object  # callable: demo -> path
    status: int = 200
    note: str = ""
    then: object = None  # callable: page -> None, a submit whose answer is checked instead
    moves: bool = False  # the address redirects to another (else that is a failure)
    after: object = None  # callable: (page, demo) -> None, run once the page is checked


def _confirm_password(page, _d) -> None:
    """``after``: allauth asks to confirm who one is before the two-factor pages."""
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()


def _confirm_code(page, d) -> None:
    """``after``: the same, with two-factor on. The sign-in's code is spent for its 30
    seconds (allauth refuses it again): a recovery code."""
    page.get_by_label("Code").fill(d.recovery_code)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert "/reauthenticate/" not in page.url, "the recovery code was refused"


def _submit(button: str, **fields):
    """``then`` for ``Page``: fill ``fields`` (label: value), submit past the browser's
    own checks, and check the page that answers (the form with its errors)."""

    def _then(page) -> None:
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).click()
        errors = page.locator(".errorlist, .error, .field-error, [role=alert]")
        assert errors.count(), f"{page.url}: the submit showed no error"

    return _then


def _open_all(page) -> None:
    """``then``: open every ``<details>`` (forms to reply, lists, the text of a version),
    so what they hold is checked as it shows once opened."""
    closed = page.locator("details:not([open]) > summary")
    assert closed.count(), "nothing to open here"
    while closed.count():
        closed.first.click()
    page.wait_for_load_state("networkidle")  # a list loaded on demand (htmx)


def _r(name, *args):
    """``path`` for ``Page``: reverse ``name`` with ``args`` computed from the demo."""
    return lambda d: reverse(name, args=[a(d) if callable(a) else a for a in args])


def _pk(attr):
    return lambda d: getattr(d, attr).pk


# --- who sees what -------------------------------------------------------------------
# Each group signs in once (a demo account, or nobody) and visits its pages in order.

ANONYMOUS = [
    Page("papers-register", _r("papers-register")),
    Page("login", _r("login")),
    Page(
        "login",
        _r("login"),
        then=_submit("Sign in", **{"Username or email": "nobody", "Password": "wrong-pass"}),
        note="refused",
    ),
    Page("accounts/login/", lambda d: "/accounts/login/", note="allauth's address, same view"),
    Page("account_reset_password", _r("account_reset_password")),
    Page("account_reset_password_done", _r("account_reset_password_done")),
    # The link of the email: allauth keeps the key in the session and shows the form.
    Page("account_reset_password_from_key", lambda d: d.reset_path, moves=True),
    Page("account_reset_password_from_key_done", _r("account_reset_password_from_key_done")),
    Page("account_signup", _r("account_signup"), note="sign-up is closed: the page says so"),
    Page("account_inactive", _r("account_inactive")),
    Page("account_email_verification_sent", _r("account_email_verification_sent")),
    Page("account_confirm_email", _r("account_confirm_email", "no-such-key")),
    Page("invitation-accept", lambda d: d.invitation_path),
    Page("invitation-accept", _r("invitation-accept", "no-such-key"), 404, "unusable"),
    Page("404", lambda d: "/no-such-page/", 404),
]

REPRESENTATIVE = [
    Page("dashboard", _r("dashboard")),
    Page("proposal-list", _r("proposal-list")),
    Page("proposal-detail", _r("proposal-detail", _pk("consultation"))),
    Page(
        "proposal-detail",
        _r("proposal-detail", _pk("consultation")),
        then=_open_all,
        note="all open",
    ),
    Page("section-comments", _r("section-comments", _pk("consultation"), _pk("c_section"))),
    Page("general-comments", _r("general-comments", _pk("consultation"))),
    Page("section-amendments", _r("section-amendments", _pk("consultation"), _pk("c_section"))),
    Page("other-amendments", _r("other-amendments", _pk("consultation"))),
    Page("amendment-new", _r("amendment-new", _pk("consultation"), _pk("c_section"))),
    Page(
        "amendment-new",
        _r("amendment-new", _pk("consultation"), _pk("c_section")),
        then=_submit("Propose the amendment"),
        note="empty",
    ),
    Page("proposal-detail", _r("proposal-detail", _pk("voting")), note="can vote"),
    Page("vote", _r("vote", _pk("voting"))),
    Page("vote", _r("vote", _pk("mandated")), note="has given a mandate"),
    Page("mandate", _r("mandate", _pk("mandated"))),
    Page("mandate", _r("mandate", _pk("voting")), note="may give one"),
    Page("version-detail", _r("version-detail", _pk("published"), 1)),
    Page("profile", _r("profile")),
    Page("account_change_password", _r("account_change_password")),
    Page("mfa_index", _r("mfa_index"), note="two-factor off"),
    Page("account_reauthenticate", _r("account_reauthenticate"), after=_confirm_password),
    Page("mfa_activate_totp", _r("mfa_activate_totp")),
    Page("two-factor-required", _r("two-factor-required"), note="nothing to do"),
    Page("403", _r("board"), 403),
    Page("404", _r("proposal-detail", _pk("draft")), 404, "a draft of another group"),
    Page("logout", _r("logout"), note="allauth asks to confirm"),
    Page("account_logout", _r("account_logout")),
]

CHAIR_FUNDING = [  # chair of the group of the revision and the two votes
    Page("dashboard", _r("dashboard")),
    Page("proposal-create", _r("proposal-create")),
    Page("proposal-create", _r("proposal-create"), then=_submit("Create the draft"), note="empty"),
    Page("proposal-detail", _r("proposal-detail", _pk("revision"))),
    Page(
        "proposal-detail", _r("proposal-detail", _pk("revision")), then=_open_all, note="all open"
    ),
    Page("proposal-edit", _r("proposal-edit", _pk("revision"))),
    Page("section-add", _r("section-add", _pk("revision"))),
    Page("section-edit", _r("section-edit", _pk("revision"), _pk("r_section"))),
    Page("section-delete", _r("section-delete", _pk("revision"), _pk("r_section"))),
    Page("amendment-decide", _r("amendment-decide", _pk("to_decide"))),
    Page("consultation-report", _r("consultation-report", _pk("revision"))),
    Page("version-diff-current", _r("version-diff-current", _pk("revision"), 1)),
    Page("translation-page", _r("translation-page", _pk("revision"), "fr")),
    Page("eu-initiative", _r("eu-initiative", _pk("revision")), note="none linked yet"),
]

CHAIR_PROCUREMENT = [  # chair of the group of the draft and the approved proposal
    Page("proposal-detail", _r("proposal-detail", _pk("draft")), note="EU deadline at risk"),
    Page("eu-initiative", _r("eu-initiative", _pk("draft")), note="one linked"),
    Page("proposal-detail", _r("proposal-detail", _pk("approved"))),
    Page("eu-submission", _r("eu-submission", _pk("approved"))),
    Page("translation-page", _r("translation-page", _pk("approved"), "de")),
    Page("version-diff", _r("version-diff", _pk("approved"), 1, 2)),
    Page(
        "version-diff", _r("version-diff", _pk("approved"), 1, 2), then=_open_all, note="all open"
    ),
]

BOARD = [
    Page("dashboard", _r("dashboard")),
    Page("board", _r("board")),
    Page("proposal-detail", _r("proposal-detail", _pk("board_review"))),
    Page("version-detail", _r("version-detail", _pk("board_review"), 2)),
    Page("version-diff", _r("version-diff", _pk("board_review"), 1, 2)),
]

SECRETARIAT = [  # two-factor on: the code page comes first (see _sign_in)
    Page("dashboard", _r("dashboard")),
    Page("proposal-list", _r("proposal-list"), note="every state"),
    Page("proposal-detail", _r("proposal-detail", _pk("published"))),
    Page("proposal-detail", _r("proposal-detail", _pk("rejected"))),
    Page("proposal-detail", _r("proposal-detail", _pk("withdrawn"))),
    Page("eu-submission", _r("eu-submission", _pk("approved")), note="may record it"),
    Page("translation-page", _r("translation-page", _pk("published"), "fr"), note="closed"),
    Page("comment-hide", _r("comment-hide", _pk("comment"))),
    Page("invitation-list", _r("invitation-list")),
    Page(
        "invitation-list",
        _r("invitation-list"),
        then=_submit("Send the invitation", Email="not-an-address"),
        note="refused",
    ),
    Page("network", _r("network")),
    Page("profile", _r("profile"), note="two-factor on, an API token"),
    Page("mfa_index", _r("mfa_index"), note="two-factor on"),
    Page("mfa_reauthenticate", _r("mfa_reauthenticate"), after=_confirm_code),
    Page("mfa_view_recovery_codes", _r("mfa_view_recovery_codes")),
    Page("mfa_generate_recovery_codes", _r("mfa_generate_recovery_codes")),
    Page("mfa_deactivate_totp", _r("mfa_deactivate_totp")),
]

FRENCH = {  # a handful, in French (the django_language cookie)
    None: [
        Page("papers-register", _r("papers-register")),
        Page("login", _r("login")),
        Page("404", lambda d: "/no-such-page/", 404),
    ],
    "rep-lu": [
        Page("dashboard", _r("dashboard")),
        Page("proposal-detail", _r("proposal-detail", _pk("consultation"))),
        Page("vote", _r("vote", _pk("voting"))),
        Page("mandate", _r("mandate", _pk("mandated"))),
    ],
    "chair-funding": [
        Page("proposal-edit", _r("proposal-edit", _pk("revision"))),
        Page("amendment-decide", _r("amendment-decide", _pk("to_decide"))),
    ],
    "secretariat": [
        Page("eu-submission", _r("eu-submission", _pk("approved"))),
        Page("invitation-list", _r("invitation-list")),
    ],
}

#: (group, [(username or None, pages)], language): one test each.
GROUPS = {
    "anonymous": ([(None, ANONYMOUS)], "en"),
    "representative": ([("rep-lu", REPRESENTATIVE)], "en"),
    "wg-chair": (
        [("chair-funding", CHAIR_FUNDING), ("chair-procurement", CHAIR_PROCUREMENT)],
        "en",
    ),
    "board": ([("board-3", BOARD)], "en"),
    "secretariat": ([("secretariat", SECRETARIAT)], "en"),
    "french": (list(FRENCH.items()), "fr"),
}

#: Checked on the way to another page (see ``_sign_in``).
CHECKED_ON_THE_WAY = {"mfa_authenticate"}
#: Page routes no test here loads, and why.
NOT_CHECKED = {
    # Not pages: files and fragments.
    "papers-feed": "an Atom feed",
    "network-logo": "a picture (PNG, JPEG or SVG), shown on the network page",
    "paper-public": "a PDF (PDF/UA is checked by tests/papers)",
    "translation-xliff": "an XLIFF download",
    "mfa_download_recovery_codes": "a text file",
    "proposal-papers": "a fragment polled into the proposal and board pages, checked there",
    # POST only: their answers are the pages above (or a redirect to them).
    "set_language": "POST only (the language form is on every page)",
    "proposal-transition": "POST only: redirects to, or shows again, the proposal page",
    "proposal-preview": "POST only: redirects to the proposal page",
    "comment-post": "POST only: redirects to the proposal page (or comment_retry.html)",
    "amendment-support": "POST only: redirects to the proposal page",
    "board-decide": "POST only: redirects to, or shows again, the board page",
    "profile-token-create": "POST only: redirects to the profile",
    "profile-token-revoke": "POST only: redirects to the profile",
    "invitation-resend": "POST only: redirects to the invitations",
    "translation-xliff-import": "POST only: redirects to the translation page",
    # Redirects, or off in Plenum's settings.
    "accounts/email/": "redirects to the profile (one address per person)",
    "account_email": "shadowed by accounts/email/ (redirects to the profile)",
    "account_set_password": "every account has a password: allauth redirects to the change",
    "account_login": "shadowed by accounts/login/ (the project's sign-in, checked)",
    "account_confirm_login_code": "sign-in by emailed code is off: redirects",
    "account_request_reauthentication_code": "by emailed code is off: redirects to by password",
    "account_confirm_reauthentication_code": "by emailed code is off: redirects to by password",
}
#: The error pages no route serves (400, 429, 500, 503): rendered as their handlers
#: render them (``_error_pages``), checked with the anonymous group.
ERROR_PAGES = ("400", "429", "500", "503")
#: Whole prefixes not checked here: Django's admin and Swagger UI are their projects'
#: pages (the admin is the secretariat's back office, read-only), the API is JSON.
NOT_CHECKED_PREFIXES = ("admin/", "api/")


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern) and not route.startswith(NOT_CHECKED_PREFIXES):
            yield pattern.name or route


def test_every_page_route_is_checked():
    checked = CHECKED_ON_THE_WAY | {
        page.route for users, _lang in GROUPS.values() for _user, pages in users for page in pages
    }
    missing = sorted(set(_routes()) - checked - set(NOT_CHECKED))
    assert not missing, f"page routes with no axe check nor a reason in NOT_CHECKED: {missing}"
    stale = sorted((checked | set(NOT_CHECKED)) - set(_routes()) - {"403", "404"})
    assert not stale, f"listed here but no such route: {stale}"


# --- the demo and the run ------------------------------------------------------------


@pytest.fixture
def demo(settings, tmp_path, live_server):
    """The demo network, plus what only a person's actions make: an invitation, a
    password-reset link, a secretariat with two-factor on and an API token."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from consultations.models import Amendment, Comment
    from members.models import User
    from members.services import invitation_create, token_create
    from proposals.models import Proposal
    from voting.models import Mandate

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PLENUM_REQUIRE_2FA = False
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
    by_state = {p.state: p for p in Proposal.objects.order_by("-pk")}
    mandated = Mandate.objects.select_related("proposal").get().proposal
    d = SimpleNamespace(**by_state)
    d.mandated = mandated
    d.voting = Proposal.objects.filter(state="voting").exclude(pk=mandated.pk).get()
    d.c_section = d.consultation.sections.first()
    d.r_section = d.revision.sections.first()
    d.to_decide = Amendment.objects.filter(proposal=d.revision, status="proposed").first()
    d.comment = Comment.objects.filter(proposal=d.consultation, hidden_at=None).first()

    secretariat = User.objects.get(username="secretariat")
    d.totp_secret = pyotp.random_base32()
    TOTP.activate(secretariat, d.totp_secret)
    d.recovery_code = RecoveryCodes.activate(secretariat).get_unused_codes()[0]
    token_create(user=secretariat, name="Reporting script")
    invitation_create(invited_by=secretariat, email="new.member@example.org")
    [message] = [m for m in mail.outbox if m.to == ["new.member@example.org"]]
    d.invitation_path = re.search(r"/invite/[\w-]+/", message.body).group(0)
    someone = User.objects.get(username="rep-at2")
    key = default_token_generator.make_token(someone)
    d.reset_path = reverse(
        "account_reset_password_from_key", args=[user_pk_to_url_str(someone), key]
    )
    return d


def _error_pages() -> dict[str, str]:
    """{status: the HTML a visitor gets}, from the handlers ``config.urls`` names."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from config import errors
    from members.throttle import handler429

    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    try:  # server_error tells a database outage (503) by the exception being handled
        raise RuntimeError("boom")
    except RuntimeError:
        server_error = errors.server_error(request)
    pages = {
        "400": errors.bad_request(request, None),
        "429": handler429(request),
        "500": server_error,
    }
    html = {status: response.content.decode() for status, response in pages.items()}
    html["503"] = render_to_string("503.html")
    assert set(html) == set(ERROR_PAGES)
    return html


def _fulfil_with(html: str):
    def _handler(route) -> None:
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    return _handler


@dataclass
class Findings:
    """Every violation of every page, listed at the end (one failure, the whole list)."""

    lines: list[str] = field(default_factory=list)

    def check(self, page, where: str) -> None:
        response = AXE.run(page, options=AXE_OPTIONS).response
        needs_review = [r for r in response["incomplete"] if r["id"] in INCOMPLETE_FAILS]
        for violation in response["violations"] + needs_review:
            targets = [
                " ".join(map(str, node["target"]))
                for node in violation["nodes"]
                if (violation["id"], " ".join(map(str, node["target"]))) not in FALSE_POSITIVES
            ]
            if targets:
                self.lines.append(
                    f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}\n"
                    + "".join(f"      {t}\n" for t in targets)
                )

    def visit(self, page, spec: Page, d, who: str, language: str) -> None:
        path = spec.path(d)
        where = f"{who} {spec.route} {path}" + (f" ({spec.note})" if spec.note else "")
        response = page.goto(path)
        status = response.status if response else None
        moved = urlsplit(page.url).path != urlsplit(path).path
        if status != spec.status or moved != spec.moves:
            self.lines.append(f"{where}: answered {status} at {page.url}, not {spec.status}")
            return
        shown_in = page.evaluate("document.documentElement.lang")
        if shown_in != language:
            self.lines.append(f"{where}: in the language {shown_in!r}, not {language!r}")
        if spec.then:
            spec.then(page)
            where += " after the action"
        self.check(page, where)
        if spec.after:
            spec.after(page, d)


AXE = Axe()


def _code_enter(page, d) -> None:
    """Type the secretariat's two-factor code on the page that asks for it."""
    asks_at = page.url
    for _attempt in range(2):  # a code computed as its 30 s ran out: the next one
        page.get_by_label("Code").fill(pyotp.TOTP(d.totp_secret).now())
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
        if page.url != asks_at:
            return
    raise AssertionError(f"{asks_at}: the two-factor code was refused")


def _sign_in(page, username: str, sign_in, findings: Findings, d, who: str) -> None:
    """The demo account's sign-in; the secretariat's has two-factor on: its code page
    is checked on the way (``mfa_authenticate`` has no page of its own to visit)."""
    from members.models import User

    if username != "secretariat":
        sign_in(page, User.objects.get(username=username), password=DEMO_PASSWORD)
        return
    page.goto("/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    findings.check(page, f"{who} mfa_authenticate {page.url}")
    _code_enter(page, d)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_on_every_page(group, demo, browse, sign_in, live_server):
    users, language = GROUPS[group]
    findings = Findings()
    for username, pages in users:
        who = f"{username or 'anonymous'} {language}"
        page = browse()
        if username:
            _sign_in(page, username, sign_in, findings, demo, who)
        if language != "en":
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        for spec in pages:
            findings.visit(page, spec, demo, who, language)
    if group == "anonymous":
        # Served at the site's address by Playwright, without the site's CSP: the 500
        # and 503 pages carry their own style, for when nothing else can be served.
        page = browse()
        for status, html in _error_pages().items():
            url = f"{live_server.url}/error-page-{status}/"
            page.route(url, _fulfil_with(html))
            page.goto(url)
            findings.check(page, f"anonymous en {status} page")
    if findings.lines:
        pytest.fail("axe found:\n" + "\n".join(findings.lines), pytrace=False)
