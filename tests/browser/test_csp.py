"""Every page, for each role, loads in Chromium without a Content-Security-Policy violation.

The demo network is loaded; each role signs in and follows every link of the app
(the same kind of address twice at most: ``/proposals/7/`` stands for the others),
the Swagger page and, for the secretariat, the admin. Violations are caught twice:
the ``securitypolicyviolation`` events (listened to before any page script runs)
and the console's messages.
"""

import contextlib
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Error as PlaywrightError

from members.models import BoardMembership, User, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
SKIP = re.compile(
    r"^/(logout|i18n)/|^/api/(?!docs/)|^/media/|\.pdf$|/feed/|/download|/export|/report\.|/admin/logout/"
)
PER_PATTERN = 2
MAX_PAGES = 60


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", re.sub(r"PP-\d{4}-\d{3}", "REF", path))


def _crawl(page, starts: list[str], *, admin: bool, at_least: int) -> dict[str, list[str]]:
    violations: dict[str, list[str]] = {}
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    queue, seen, patterns = list(starts), set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        pattern = _pattern(path)
        if path in seen or patterns.get(pattern, 0) >= PER_PATTERN:
            continue
        seen.add(path)
        patterns[pattern] = patterns.get(pattern, 0) + 1
        console.clear()
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a file to download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        # "load" runs every script and style of the page; a page that polls (the live
        # papers panel) may never be idle for long on a loaded machine, so idleness is
        # waited for briefly, not required.
        page.wait_for_load_state("load")
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("networkidle", timeout=3000)
        found = page.evaluate("window.__csp || []") + list(console)
        if found:
            violations[path] = found
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlsplit(href)
            if url.netloc != urlsplit(page.url).netloc or not url.path:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if SKIP.search(url.path) or (url.path.startswith("/admin/") and not admin):
                continue
            if target not in seen:
                queue.append(target)
    assert len(seen) >= at_least, f"only {sorted(seen)}"
    return violations


def _sign_in(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("plenum-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/login/" not in page.url, f"{username} could not sign in"


def test_no_page_violates_the_content_security_policy(browse, demo):
    roles = {
        "public": None,
        "representative": User.objects.filter(organisation__isnull=False, is_staff=False)
        .order_by("username")
        .first()
        .username,
        "chair": WorkingGroup.objects.order_by("pk").first().chair.username,
        "board": BoardMembership.objects.order_by("pk").first().user.username,
        "secretariat": "secretariat",
    }
    report = {}
    for role, username in roles.items():
        page = browse()
        page.context.add_init_script(LISTEN)
        if username:
            _sign_in(page, username)
        starts = (
            ["/", "/papers/", "/login/"] if username is None else ["/", "/profile/", "/api/docs/"]
        )
        if role == "secretariat":
            starts.append("/admin/")
        violations = _crawl(
            page, starts, admin=role == "secretariat", at_least=3 if username is None else 10
        )
        if violations:
            report[role] = violations
    assert not report, report


def test_the_listener_catches_a_violation(browse):
    """The check above can fail: a page with an inline style and script under our policy."""
    page = browse()
    page.context.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'"},
            body='<p style="color:red">x</p><script>document.title = "ran"</script>',
        ),
    )
    page.goto("/csp-probe/")
    page.wait_for_load_state("networkidle")

    caught = page.evaluate("window.__csp")
    assert any(v.startswith("style-src") for v in caught), caught
    assert any(v.startswith("script-src") for v in caught), caught
    assert page.title() != "ran"
    assert any("Content Security Policy" in text for text in console)
