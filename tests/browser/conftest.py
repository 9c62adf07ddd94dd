"""Chromium through Playwright against pytest-django's live server.

Never downloads a browser: it drives the system Chromium (``/usr/bin/chromium``,
Debian's package, installed by ``.ci/run``). Screenshots of each flow go to
``/tmp/shots`` (``PLENUM_SHOTS`` to change) so a person can look at them.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make beside it are plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PLENUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("PLENUM_SHOTS", "/tmp/shots"))
#: tests.factories.UserFactory's password. Users made by calling a factory
#: (``representative_factory()``) have it hashed; pytest-factoryboy's model
#: fixtures (``representative``) store the declaration raw, so sign in with the former.
PASSWORD = "secret-pass-123"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browse(chromium, live_server):
    """``browse(width=1280)`` → a fresh page (own cookies) on the live server."""
    contexts = []

    def _open(width: int = 1280, height: int = 900):
        context = chromium.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in():
    def _sign_in(page, user, next_url: str = "/", password: str = PASSWORD):
        page.goto(f"/login/?next={next_url}")
        page.get_by_label("Username or email").fill(user.username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/login/" not in page.url, "sign-in failed"

    return _sign_in


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str, full_page: bool = True) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shot
