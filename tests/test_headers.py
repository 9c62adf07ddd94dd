"""Security headers (SPEC §1, issue 12): Content-Security-Policy with nonces, Permissions-Policy."""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split("; ")}


@pytest.mark.parametrize("url", ["/papers/", "/login/", "/papers/feed/", "/api/v1/me/"])
def test_every_response_has_a_strict_policy(client, url):
    response = client.get(url)

    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_a_page_that_uses_the_nonce_gets_it_in_its_policy(rf):
    request = rf.get("/")
    middleware = CSPMiddleware(lambda r: HttpResponse(f'<script nonce="{r.csp_nonce}"></script>'))
    middleware.process_request(request)
    response = middleware.process_response(request, middleware.get_response(request))

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in _policy(response)["script-src"]


def test_the_swagger_page_has_its_own_rule(client, user):
    client.force_login(user)
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200 and script.status_code == 200
    policy = _policy(page)
    assert policy["script-src"] == ["'self'"]  # its start script is a file: no inline script
    assert "'unsafe-inline'" in policy["style-src"] and "data:" in policy["img-src"]
    assert "<script>" not in page.content.decode()
    assert "'unsafe-inline'" not in _policy(client.get("/papers/"))["style-src"]


def test_no_template_has_an_inline_script_or_style_without_a_nonce():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        rel = path.relative_to(TEMPLATES).as_posix()
        if rel.startswith("emails/") or rel == "papers/paper.html":
            continue  # email bodies and the PDF's print template never reach a browser
        text = path.read_text()
        if " style=" in text:
            offenders.append(f"{rel}: style attribute")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            error_page = rel in ("500.html", "503.html")
            if "src=" not in tag and "request.csp_nonce" not in tag and not error_page:
                offenders.append(f"{rel}: {tag}")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{rel}: event attribute")
    assert not offenders, offenders


@pytest.mark.parametrize("page", ["500.html", "503.html"])
def test_the_error_pages_style_is_allowed_by_its_hash(page):
    css = re.search(r"<style>(.*?)</style>", (TEMPLATES / page).read_text(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.ERROR_PAGE_STYLE_HASH
    assert (
        settings.ERROR_PAGE_STYLE_HASH
        in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-a-long-random-production-key-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "plenum.example.org",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "PATH": "/usr/bin:/bin",
    }
    env.update({k: v for k, v in os.environ.items() if k == "PYTHONPATH"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
