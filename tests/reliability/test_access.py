"""The access matrix over HTTP, and the secret-ballot search.

Every route of the URLconf (API and pages), with every path parameter filled
with objects of another organisation and working group, a draft, a preview
and an unpublished paper, as every role: anonymous, a representative, another
organisation's representative, the chair, another group's chair, the board
and the secretariat. What API.md allows, and nothing more:

- never a 5xx; every API error is ``{"detail", "code"}``;
- anonymous: 401 on every API route but the sign-in, no page but the public ones;
- a draft is 404 to whoever may not see it, on every route under it, and its
  title appears in none of their responses;
- a preview is downloaded only by the working group, the board and the
  secretariat; an unpublished paper is on no public page or feed;
- nobody reads another organisation's ballot; writes refused leave every table
  as it was;
- secret ballot: no response (API, page, feed, PDF) shown to anyone but the
  organisation itself, and no log line of the service, pairs an organisation
  with its choice (its receipt with its name, or an object with both).
"""

import io
import json
import re

import pytest
import requests
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from consultations.models import Amendment, Comment
from papers.models import PositionPaper
from papers.services import paper_preview_request
from proposals.models import Proposal, Section
from tests.reliability import stack
from tests.translations.helpers import fill_all
from voting.models import Ballot, BallotCast, Mandate
from workflow.board import board_decision_record
from workflow.models import TransitionLog

pytestmark = stack.marks()
WRITES = ("POST", "PUT", "PATCH", "DELETE")
#: Pages anyone may open.
PUBLIC = ("papers/", "accounts/", "login/", "invite/", "i18n/", "two-factor/")


def _routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    # signing out would end the session the next routes are asked with
    skip = (
        "admin/",
        "api/docs",
        "api/schema",
        "static/",
        "media/",
        "accounts/^",
        "invite/",
        "logout/",
        "accounts/logout/",
    )
    return sorted({r for r in walk(get_resolver().url_patterns) if not r.startswith(skip)})


def _fill(route: str, values: dict) -> list[str]:
    """Every path the route makes with the objects of ``values`` (name -> [values])."""
    paths = [route]
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        paths = [
            re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
            for path in paths
            for value in values.get(name, [])
        ]
    return ["/" + path for path in paths]


@pytest.fixture
def world(
    live,
    token,
    session_cookie,
    run,
    make_board_review,
    proposal_factory,
    section_factory,
    working_group_factory,
    user_factory,
    board_member,
    secretariat,
):
    """The objects and the people; papers render in this process (eager)."""
    secret = make_board_review(secret=True, votes=("yes", "yes", "no", "abstain"))
    fill_all(secret, secret.working_group.chair)  # publish needs complete translations
    board_decision_record(proposal=secret, member=board_member, decision="approve")
    run(secret, "publish", secretariat)
    unpublished = make_board_review(votes=("yes", "yes"))
    board_decision_record(proposal=unpublished, member=board_member, decision="approve")
    chair = secret.working_group.chair
    draft = proposal_factory(
        working_group=secret.working_group, title="Unreleased draft on social clauses 7Q4"
    )
    section = section_factory(proposal=draft)
    preview = paper_preview_request(proposal=draft, user=chair)
    other_group = working_group_factory()
    other_proposal = proposal_factory(working_group=other_group)
    section_factory(proposal=other_proposal)
    run(other_proposal, "submit_for_consultation", other_group.chair)
    voters = list(Ballot.objects.filter(round__proposal=secret).select_related("organisation"))
    from members.models import User

    rep_a = User.objects.filter(organisation=voters[0].organisation).first()
    rep_b = User.objects.filter(organisation=voters[1].organisation).first()
    from consultations.services import comment_create

    comment = comment_create(proposal=other_proposal, author=rep_a, body="A comment.")
    people = {
        "anonymous": None,
        "representative": rep_a,
        "other_representative": rep_b,
        "chair": chair,
        "other_chair": other_group.chair,
        "board": board_member,
        "secretariat": secretariat,
    }
    papers = PositionPaper.objects.filter(proposal__in=[secret, unpublished])
    preview.refresh_from_db()
    assert papers.filter(status="ready").count() == 2 and preview.status == "ready"
    proposals = [draft, secret, unpublished, other_proposal]
    values = {
        "pk": [p.pk for p in proposals],
        "sid": [section.pk, Section.objects.filter(proposal=secret).first().pk],
        "number": [1],
        "a": [1],
        "b": [1],
        "cid": [comment.pk],
        "aid": [],
        "mid": list(Mandate.objects.values_list("pk", flat=True)),
        "pid": [preview.pk, *papers.values_list("pk", flat=True)],
        "name": ["withdraw", "publish"],
        "reference": [secret.reference, unpublished.reference, draft.reference],
        "language": ["en"],
    }
    auth = {
        role: ({**token(user), "Cookie": f"sessionid={session_cookie(user)}"} if user else {})
        for role, user in people.items()
    }
    return {
        "secret": secret,
        "unpublished": unpublished,
        "draft": draft,
        "preview": preview,
        "people": people,
        "auth": auth,
        "values": values,
        "voters": voters,
        "rep_a": rep_a,
        "papers": {p.proposal_id: p for p in papers},
    }


def _counts() -> dict:
    models = (
        Proposal,
        Section,
        Comment,
        Amendment,
        Ballot,
        BallotCast,
        Mandate,
        PositionPaper,
        TransitionLog,
    )
    return {model.__name__: model.objects.count() for model in models}


def _text(response) -> str:
    kind = response.headers.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        pages = PdfReader(io.BytesIO(response.content)).pages
        return "\n".join(page.extract_text() for page in pages)
    return response.text


def _ask(jobs: list[tuple], live, auth) -> list:
    """``(role, method, path)`` jobs, six at a time -> ``(job, status, kind, text, body)``."""
    from concurrent.futures import ThreadPoolExecutor

    local = __import__("threading").local()
    pdfs: dict = {}

    def one(job):
        role, method, path = job
        if not hasattr(local, "session"):
            local.session = requests.Session()
        response = local.session.request(
            method,
            live.url(path),
            headers=auth[role],
            allow_redirects=False,
            timeout=60,
            **({"json": {}} if method in WRITES else {}),
        )
        kind = response.headers.get("Content-Type", "")
        if kind.startswith("application/pdf") and response.status_code == 200:
            digest = hash(response.content)
            if digest not in pdfs:
                pdfs[digest] = _text(response)
            text = pdfs[digest]
        else:
            text = response.text
        body = response.json() if kind.startswith("application/json") else None
        return job, response.status_code, kind, text, body

    with ThreadPoolExecutor(6) as pool:
        return list(pool.map(one, jobs))


def test_every_route_as_every_role_answers_only_what_api_md_allows(live, world):
    draft = world["draft"]
    problems: list[str] = []
    before = _counts()
    hidden_from = ("representative", "other_representative", "other_chair")
    public_paper = world["papers"][world["secret"].pk].pk

    jobs = []
    for route in _routes():
        for path in _fill(route, world["values"]):
            jobs += [(role, "GET", path) for role in world["auth"]]
            if f"/proposals/{draft.pk}/" in path:
                # a draft they may not see reads exactly as a proposal that does not exist
                missing = path.replace(f"/proposals/{draft.pk}/", "/proposals/999999999/")
                jobs += [(role, "GET", missing) for role in hidden_from]
            if path == "/api/v1/auth/token/":
                continue
            # writes: as anonymous; under the draft, as another organisation's
            # representative, answered exactly as for a proposal that does not exist
            jobs += [("anonymous", method, path) for method in WRITES]
            if f"/proposals/{draft.pk}/" in path:
                for method in WRITES:
                    jobs.append(("other_representative", method, path))
                    missing = path.replace(f"/proposals/{draft.pk}/", "/proposals/999999999/")
                    jobs.append(("other_representative", method, missing))
    answers = _ask(jobs, live, world["auth"])
    by_job = {job: (status, body) for job, status, _kind, _text, body in answers}
    seen = []

    for (role, method, path), status, _kind, text, body in answers:
        user = world["people"][role]
        where = f"{role} {method} {path}: {status}"
        api = path.startswith("/api/")
        if "/999999999/" in path:
            continue
        if method == "GET":
            seen.append((role, path, text))
        if status >= 500:
            problems.append(where)
        if api and status >= 400 and not (body and {"detail", "code"} <= set(body)):
            problems.append(f"{where} without detail/code")
        if status == 405:
            continue  # the method, refused before any object is looked at
        # anonymous: 401, but a paper's download answers as for anyone (public or 404)
        paper_download = path.startswith("/api/v1/papers/") and (
            status == 404
            or (path == f"/api/v1/papers/{public_paper}/download/" and method == "GET")
        )
        signing_in = path == "/api/v1/auth/token/"
        if user is None and api and not signing_in and status != 401 and not paper_download:
            problems.append(f"{where} (anonymous: 401)")
        if method in WRITES:
            if user is None and not api and status not in (302, 403, 404):
                problems.append(where)
            if role == "other_representative":
                missing = path.replace(f"/proposals/{draft.pk}/", "/proposals/999999999/")
                twin = by_job[(role, method, missing)]
                if (status, (body or {}).get("code")) != (twin[0], (twin[1] or {}).get("code")):
                    problems.append(f"{where}, a missing proposal: {twin[0]} (tells it exists)")
            continue
        public = path.startswith(tuple("/" + p for p in PUBLIC))
        if user is None and not api and not public and status == 200:
            problems.append(f"{where} (anonymous)")
        if f"/proposals/{draft.pk}/" in path and role in hidden_from:
            # 404, or what a missing proposal gets too: a button's address sends a GET to
            # its page (config.drafts.posts_only) before looking at any object
            missing = path.replace(f"/proposals/{draft.pk}/", "/proposals/999999999/")
            twin = by_job[(role, "GET", missing)]
            if status == 200 or (status, (body or {}).get("code")) != (
                twin[0],
                (twin[1] or {}).get("code"),
            ):
                problems.append(f"{where} (a draft they may not see; missing: {twin[0]})")
        if role in (*hidden_from, "anonymous") and draft.title in text:
            problems.append(f"{where} shows the draft's title")
        may_preview = role in ("chair", "board", "secretariat")
        if path == f"/api/v1/papers/{world['preview'].pk}/download/" and (
            (status == 200) != may_preview
        ):
            problems.append(f"{where} (a preview)")
        listing = path.startswith("/papers/") and not path.endswith(".pdf")
        if listing and status == 200 and world["unpublished"].reference in text:
            problems.append(f"{where} lists an unpublished paper")
        if path == f"/papers/{world['unpublished'].reference}/en.pdf" and status == 200:
            problems.append(f"{where} serves an unpublished paper")

    session = requests.Session()
    # nobody reads another organisation's ballot, the secretariat included
    secret = world["secret"]
    for voter in world["voters"]:
        for role, headers in world["auth"].items():
            user = world["people"][role]
            response = session.get(
                live.url(
                    f"/api/v1/proposals/{secret.pk}/ballot/?organisation={voter.organisation_id}"
                ),
                headers=headers,
                timeout=60,
            )
            own = user is not None and user.organisation_id == voter.organisation_id
            if (response.status_code == 200) != own:
                problems.append(
                    f"{role} reads the ballot of {voter.organisation}: {response.status_code}"
                )
            seen.append((role, "ballot", response.text))

    assert _counts() == before
    assert not problems, "\n".join(problems[:40])
    _assert_no_secret_leak(world, seen, live)
    print(
        f"\nRESULT access-matrix: {len(answers)} requests, {len(_routes())} routes, "
        f"7 roles, 0 leaks"
    )


def _assert_no_secret_leak(world, seen, live):
    voters = world["voters"]
    receipts = set(
        BallotCast.objects.filter(round__proposal=world["secret"]).values_list("receipt", flat=True)
    )
    leaks = []
    for role, path, text in seen:
        user = world["people"][role]
        for voter in voters:
            if user is not None and user.organisation_id == voter.organisation_id:
                continue
            if voter.receipt in text and voter.organisation.name in text:
                leaks.append(f"{role} {path}: {voter.organisation.name} with its receipt")
        if f"/proposals/{world['secret'].pk}/" in path and text.startswith(("{", "[")):
            for found in _objects(json.loads(text)):
                if "choice" in found or "split" in found:
                    named = {found.get("organisation"), found.get("organisation_id")}
                    for voter in voters:
                        if user is not None and user.organisation_id == voter.organisation_id:
                            continue
                        if named & {voter.organisation.name, voter.organisation_id}:
                            leaks.append(f"{role} {path}: {found}")
    # the published paper names no voter
    paper = world["papers"][world["secret"].pk]
    pdf = requests.get(live.url(f"/papers/{world['secret'].reference}/en.pdf"), timeout=60)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"].startswith("application/pdf")
    pdf_text = _text(pdf)
    assert paper.proposal.reference in pdf_text
    leaks += [
        f"paper names {v.organisation.name}" for v in voters if v.organisation.name in pdf_text
    ]
    # no log line of the service carries a receipt of the secret round
    logs = live.processes.log_text()
    leaks += [f"log line with receipt {r}" for r in receipts if r in logs]
    assert not leaks, "\n".join(leaks[:40])


def _objects(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)
