"""A Markdown/HTML XSS corpus in every text field, rendered in Chromium.

Titles, summaries, section headings and bodies, comments, amendments and their
justification, transition notes, and the names of organisations, people,
working groups and procedures carry the corpus. Chromium (Playwright, the
system ``/usr/bin/chromium``) opens every page that shows them as each role,
the public register and the Atom feed from the service, and the HTML of the
emails the Celery worker wrote; ``window.alert`` (and ``confirm``, ``prompt``,
dialogs) are hooked before any script of the page: nothing may call them, and
no element may carry an event attribute or a ``javascript:`` link. The paper is
rendered with the corpus while a listener on a loopback port counts every
connection: WeasyPrint fetches nothing outside the project's static files.
"""

import email.policy
import os
import socket
import threading
from pathlib import Path

import pytest
import requests

from consultations.services import amendment_create, comment_create
from papers.models import PositionPaper
from tests.reliability import stack
from workflow.board import board_decision_record

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = stack.marks()
CHROMIUM = os.environ.get("PLENUM_CHROMIUM", "/usr/bin/chromium")
TRAP = stack.port(9)
#: Short enough for a title or a name (≤ 150 characters).
SHORT = '"><svg onload=alert(1)><img src=x onerror=alert(2)><script>alert(3)</script>&lt;b'
CORPUS = "\n\n".join(
    [
        '<script>alert("body-1")</script>',
        '<img src=x onerror=alert("body-2")>',
        "<svg><animate onbegin=alert('body-3') attributeName=x dur=1s>",
        "[a link](javascript:alert('body-4'))",
        "<a href=\"javascript:alert('body-5')\">a raw link</a>",
        "[entity](&#106;avascript:alert('body-6'))",
        "<iframe src=\"javascript:alert('body-7')\"></iframe>",
        "![alt](x\" onerror=\"alert('body-8'))",
        "<details open ontoggle=alert('body-9')>x</details>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('body-10')>",
        "{{ 7|add:7 }} {% csrf_token %} ${alert('body-11')}",
        f'<style>@import "http://127.0.0.1:{TRAP}/import.css";</style>',
        f'<img src="http://127.0.0.1:{TRAP}/img.png">',
        f"![remote](http://127.0.0.1:{TRAP}/md.png)",
        "![local](file:///etc/passwd)",
        f'<link rel="stylesheet" href="http://127.0.0.1:{TRAP}/link.css">',
        f"<div style=\"background:url('http://127.0.0.1:{TRAP}/bg.png')\">styled</div>",
        f'<object data="http://127.0.0.1:{TRAP}/o.svg"></object>',
        "<form action=\"javascript:alert('body-12')\"><button>go</button></form>",
    ]
)
HOOK = """
window.__xss = [];
const hit = (m) => { window.__xss.push(String(m)); };
window.alert = hit; window.confirm = (m) => { hit(m); return false; }; window.prompt = hit;
"""
BAD_DOM = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (/^\\s*javascript:/i.test(a.value)) bad.push(el.tagName + ' ' + a.name + '=js');
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed')) bad.push(el.tagName);
  return bad;
}"""


@pytest.fixture
def trap():
    """A listener that counts every connection made to it (WeasyPrint must make none)."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", TRAP))
    server.listen(16)
    server.settimeout(0.2)
    hits: list = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            hits.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=serve)
    thread.start()
    yield hits
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: the reliability leg needs it")
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _names(factory_kwargs):
    return {"first_name": SHORT[:60], "last_name": SHORT[60:]} | factory_kwargs


def test_the_xss_corpus_runs_nowhere_and_the_paper_fetches_nothing(
    live,
    trap,
    chromium,
    token,
    session_cookie,
    run,
    make_board_review,
    board_member,
    secretariat,
    proposal_factory,
    section_factory,
    procedure_factory,
    working_group_factory,
    user_factory,
    representative_factory,
    organisation_factory,
):
    from django.contrib.auth import get_user_model

    chair = user_factory(**_names({}))
    group = working_group_factory(name=SHORT, chair=chair)
    rep = representative_factory(organisation=organisation_factory(name=SHORT), **_names({}))
    # a published paper whose every text carries the corpus: rendered here, fetching nothing
    published = make_board_review(
        title=SHORT, sections=[(SHORT, CORPUS), ("Second", CORPUS)], consult=True
    )
    type(published).objects.filter(pk=published.pk).update(summary=CORPUS)
    board_decision_record(proposal=published, member=board_member, decision="approve")
    run(published, "publish", secretariat)
    paper = PositionPaper.objects.get(proposal=published, preview=False)
    assert paper.status == "ready", paper.error
    assert trap == [], f"WeasyPrint fetched {trap}"

    # a proposal in consultation with a comment and an amendment, then closed with a note
    proposal = proposal_factory(
        title=SHORT,
        summary=CORPUS,
        working_group=group,
        procedure=procedure_factory(name=SHORT),
    )
    section = section_factory(proposal=proposal, heading=SHORT, body=CORPUS)
    run(proposal, "submit_for_consultation", chair)
    comment_create(proposal=proposal, author=rep, body=CORPUS, section=section)
    amendment_create(
        proposal=proposal,
        author=rep,
        section=section,
        kind="replace",
        paragraph=1,
        text=CORPUS[:9000],
        justification=CORPUS,
    )
    closed = requests.post(
        live.url(f"/api/v1/proposals/{proposal.pk}/transitions/close_consultation/"),
        json={"note": CORPUS[:2000]},
        headers=token(chair),
        timeout=60,
    )
    assert closed.status_code == 200, closed.text
    run(proposal, "withdraw", chair, note=CORPUS[:2000])

    pages = [
        "/",
        "/proposals/",
        f"/proposals/{proposal.pk}/",
        f"/proposals/{published.pk}/",
        f"/proposals/{proposal.pk}/consultation-report/",
        f"/proposals/{published.pk}/consultation-report/",
        f"/proposals/{proposal.pk}/versions/1/",
        f"/proposals/{published.pk}/versions/1/diff/2/",
        f"/proposals/{published.pk}/vote/",
        "/board/",
        "/profile/",
        "/network/",
    ]
    visits = []
    people = {
        "chair": chair,
        "representative": rep,
        "secretariat": secretariat,
        "board": board_member,
        "anonymous": None,
    }
    for role, user in people.items():
        context = chromium.new_context(base_url=live.base)
        context.add_init_script(HOOK)
        if user is not None:
            context.add_cookies(
                [{"name": "sessionid", "value": session_cookie(user), "url": live.base}]
            )
        page = context.new_page()
        dialogs = []
        page.on(
            "dialog", lambda dialog, found=dialogs: (found.append(dialog.message), dialog.dismiss())
        )
        for path in (pages if user else []) + ["/papers/", "/papers/feed/"]:
            response = page.goto(path, wait_until="load")
            page.wait_for_timeout(150)  # an animation's onbegin, a toggle
            visits.append(
                (
                    role,
                    path,
                    response.status if response else None,
                    page.evaluate("window.__xss || []"),
                    page.evaluate(BAD_DOM),
                    list(dialogs),
                )
            )
        context.close()

    # the HTML of every email the worker sent for the close
    def mailed():
        return stack.mails(live.mail)

    stack.wait_for(mailed, what="the worker's emails")
    htmls = []
    for message in mailed():
        parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        part = parsed.get_body(preferencelist=("html",))
        if part is not None:
            htmls.append(part.get_content())
    assert htmls, "no HTML email to render"
    context = chromium.new_context()
    context.add_init_script(HOOK)
    page = context.new_page()
    # the control: the hook and the DOM check see a payload that does run
    page.set_content("<img src=x onerror=\"alert('control')\">", wait_until="load")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__xss") == ["control"]
    assert page.evaluate(BAD_DOM) == ["IMG onerror"]
    page.close()
    page = context.new_page()
    for html in htmls:
        assert "close" in html.lower() or proposal.reference in html
        page.set_content(html, wait_until="load")
        page.wait_for_timeout(100)
        visits.append(
            ("email", "html", 200, page.evaluate("window.__xss || []"), page.evaluate(BAD_DOM), [])
        )
    context.close()

    ran = [v for v in visits if v[3] or v[4] or v[5]]
    assert not ran, ran
    shown = [v for v in visits if v[2] == 200]
    assert len(shown) >= len(pages) * 4, [v[:3] for v in visits if v[2] != 200]
    assert trap == [], f"something fetched {trap}"
    print(
        f"\nRESULT xss: {len(visits)} renders ({len(htmls)} emails), 0 scripts run, "
        f"0 event attributes, 0 fetches by WeasyPrint"
    )
    assert get_user_model().objects.filter(first_name=SHORT[:60]).exists()
