"""Scale-out on real engines (issue #18): two gunicorns, three Celery workers and beat,
on Redis and on RabbitMQ, against one PostgreSQL, pass the race cases.

``make scale-out`` (``pytest -m scale``, a ``.ci/run`` leg). Each test runs once
per broker (the ``stack`` fixture, ``tests/scale/conftest.py``); requests go
to both web servers in turn (``tests.live_http``), as a load balancer sends them.
"""

from collections import Counter

import pytest

from members.services import token_create
from notifications.models import Notification
from papers.models import PositionPaper
from proposals.models import Proposal
from tests.concurrency import in_threads, wait_for
from tests.live_http import Answer, request, round_robin
from tests.papers.conftest import SECTIONS
from tests.papers.test_worker import kill
from tests.translations.helpers import fill_all
from voting.models import Ballot, BallotCast
from workflow.models import TransitionLog

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]


def _token(user) -> str:
    return token_create(user=user, name="scale-out")[1]


def _statuses(answers: list) -> Counter:
    errors = [a for a in answers if not isinstance(a, Answer)]
    assert errors == [], errors[:3]
    return Counter(a.status for a in answers)


def test_200_concurrent_ballot_puts_over_both_servers_leave_one_counted_ballot(
    stack, voting_proposal, representative_factory
):
    reps = [representative_factory()]
    reps += representative_factory.create_batch(4, organisation=reps[0].organisation)
    proposal = voting_proposal()
    voting_round = proposal.voting_rounds.get()
    tokens = [_token(rep) for rep in reps]
    server = round_robin(stack.web)
    choices = ["yes", "no", "abstain"]
    path = f"/api/v1/proposals/{proposal.pk}/ballot/"

    answers = in_threads(
        200,
        lambda i: request(
            server(i), "PUT", path, token=tokens[i % 5], body={"choice": choices[i % 3]}
        ),
    )

    statuses = _statuses(answers)
    assert statuses == {200: 200}, statuses  # no 5xx, no lost request
    assert Ballot.objects.filter(round=voting_round).count() == 1
    assert BallotCast.objects.filter(round=voting_round).count() == 200
    ballot = Ballot.objects.get(round=voting_round)
    assert BallotCast.objects.get(round=voting_round, receipt=ballot.receipt).choice == (
        ballot.choice
    )
    # each server answered half, and the ballot reads the same on both
    reads = [request(url, "GET", path, token=tokens[0]).json() for url in stack.web]
    assert reads[0] == reads[1] and reads[0]["choice"] == ballot.choice


def test_50_identical_transitions_over_both_servers_run_once(stack, proposal, section_factory):
    section_factory(proposal=proposal)
    token = _token(proposal.working_group.chair)
    server = round_robin(stack.web)
    path = f"/api/v1/proposals/{proposal.pk}/transitions/submit_for_consultation/"

    answers = in_threads(50, lambda i: request(server(i), "POST", path, token=token, body={}))

    assert _statuses(answers) == {200: 1, 409: 49}
    refused = next(a for a in answers if a.status == 409).json()
    assert set(refused) >= {"detail", "code"}
    assert TransitionLog.objects.filter(proposal=proposal).count() == 1
    assert proposal.versions.count() == 1
    assert Proposal.objects.get(pk=proposal.pk).state == "consultation"


def test_three_languages_render_once_on_three_workers_and_each_email_goes_once(
    stack, make_board_review, board_member, secretariat
):
    proposal = make_board_review(languages=("de", "en", "fr"))
    # publish needs complete translations (translations_complete): filled before the
    # approval, so each paper is rendered once
    fill_all(proposal, proposal.working_group.chair)
    server = round_robin(stack.web)

    approval = request(
        stack.web[0],
        "POST",
        f"/api/v1/proposals/{proposal.pk}/board-decisions/",
        token=_token(board_member),
        body={"decision": "approve"},
    )

    assert approval.status in (200, 201), approval.body[:500]
    papers = wait_for(
        lambda: (
            (ps := list(PositionPaper.objects.filter(proposal=proposal, preview=False)))
            and all(p.status == "ready" for p in ps)
            and ps
        ),
        timeout=240,
        what="three ready papers",
        interval=0.5,
    )
    assert sorted(p.language for p in papers) == ["de", "en", "fr"]  # one per language
    assert all(p.attempts == 1 for p in papers)  # each rendered once
    renders = {
        name: sum(
            "papers.tasks.paper_render[" in line and "succeeded" in line
            for line in stack.log(name).splitlines()
        )
        for name in stack.processes
        if name.startswith("worker-")
    }
    print(f"{stack.broker}: paper renders per worker {renders}")
    assert sum(renders.values()) == 3

    # 50 publish requests at once over both servers: one publishes
    token = _token(secretariat)
    path = f"/api/v1/proposals/{proposal.pk}/transitions/publish/"
    answers = in_threads(50, lambda i: request(server(i), "POST", path, token=token, body={}))
    assert _statuses(answers) == {200: 1, 409: 49}
    assert TransitionLog.objects.filter(proposal=proposal, transition="publish").count() == 1

    # the workers send the "published" email to every recipient, once
    expected = wait_for(
        lambda: (
            (rows := Notification.objects.filter(proposal=proposal, kind="paper_published"))
            and not rows.exclude(status="sent").exists()
            and rows.count()
        ),
        timeout=120,
        what="every paper_published email sent",
        interval=0.5,
    )
    wait_for(lambda: len(stack.emails()) >= expected, timeout=30, what="the mail files")
    # (the approval's "translation needed" emails are another kind, left out)
    emails = [
        e
        for e in stack.emails()
        if proposal.reference in e["subject"]
        and not any(word in e["subject"] for word in ("ranslation", "raduction"))
    ]
    per_recipient = Counter(e["to"] for e in emails)
    assert len(per_recipient) == expected
    assert set(per_recipient.values()) == {1}, per_recipient.most_common(3)

    # the papers are in the object store, none on a host's disk, and download the
    # same from both servers
    assert stack.stored() == {p.file.name: p.size for p in papers}
    assert not any(stack.media.iterdir())
    for paper in papers:
        bodies = {
            request(url, "GET", f"/api/v1/papers/{paper.pk}/download/", token=token).body
            for url in stack.web
        }
        assert len(bodies) == 1 and len(next(iter(bodies))) == paper.size


def _rendering_worker(stack) -> str | None:
    """The worker that received a render and has not finished it (its log says so)."""
    for name in stack.processes:
        if not name.startswith("worker-"):
            continue
        log = stack.log(name)
        for line in log.splitlines():
            if "papers.tasks.paper_render[" in line and line.endswith("received"):
                task = line.split("paper_render[", 1)[1].split("]", 1)[0]
                if f"paper_render[{task}] succeeded" not in log:
                    return name
    return None


def test_a_worker_killed_mid_render_leaves_its_paper_to_another_one(
    stack, make_board_review, board_member
):
    """``acks_late`` + ``reject_on_worker_lost`` on this broker: RabbitMQ hands the
    message on when the dead worker's connection drops, Redis after its visibility
    timeout (30 s here). Runs last: the stack keeps two workers."""
    proposal = make_board_review(sections=SECTIONS * 12)  # long enough to be caught
    request(
        stack.web[1],
        "POST",
        f"/api/v1/proposals/{proposal.pk}/board-decisions/",
        token=_token(board_member),
        body={"decision": "approve"},
    )
    paper = wait_for(
        lambda: PositionPaper.objects.filter(proposal=proposal, status="rendering").first(),
        timeout=60,
        what="the render to start",
        interval=0.05,
    )
    busy = wait_for(lambda: _rendering_worker(stack), timeout=10, what="the worker rendering it")
    kill(stack.processes[busy])
    assert PositionPaper.objects.get(pk=paper.pk).status == "rendering", "render too short"

    ready = wait_for(
        lambda: PositionPaper.objects.filter(pk=paper.pk, status="ready").first(),
        timeout=150,
        what="another worker to render the paper",
        interval=0.5,
    )
    assert ready.attempts >= 2
    assert PositionPaper.objects.filter(proposal=proposal, preview=False).count() == 1
    print(f"{stack.broker}: {busy} killed mid-render; ready after {ready.attempts} tries")
