"""Processes killed -9 and engines restarted under load: nothing half written.

- a gunicorn worker killed -9 (several times) during 2,000 ballot PUTs;
- PostgreSQL (a throwaway cluster of this case, never the shared server)
  stopped and started under load: 503 JSON / a plain 503 page while it is
  down, never a 500; no partial write; the same gunicorn recovers;
- a Celery worker killed -9 mid-render and the broker (a redis-server of this
  case) restarted mid-queue: one ready paper per language, every email once.
"""

import io
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command

from notifications.models import Notification
from papers.models import PositionPaper
from tests.reliability import stack
from voting.models import Ballot, BallotCast, VotingRound
from workflow.services import transition_run

pytestmark = stack.marks()
CHOICES = ["yes", "no", "abstain"]

# Every history row has its ballot, and every ballot is the organisation's last cast.
HALF_WRITTEN_SQL = """
SELECT
  (SELECT count(*) FROM voting_ballotcast c WHERE NOT EXISTS (
     SELECT 1 FROM voting_ballot b WHERE b.round_id = c.round_id
       AND b.organisation_id = c.organisation_id)),
  (SELECT count(*) FROM voting_ballot b WHERE b.receipt <> (
     SELECT c.receipt FROM voting_ballotcast c WHERE c.round_id = b.round_id
       AND c.organisation_id = b.organisation_id ORDER BY c.id DESC LIMIT 1))
"""


@pytest.mark.nightly  # about 90 s on the shared 2-core machine: make reliability-nightly
def test_a_gunicorn_worker_killed_during_2000_ballot_puts_leaves_nothing_half_written(
    live, token, voting_proposal, representative_factory
):
    reps = representative_factory.create_batch(100)
    headers = [token(rep) for rep in reps]
    proposal = voting_proposal()
    url = live.url(f"/api/v1/proposals/{proposal.pk}/ballot/")
    rng = random.Random(18)
    calls = [
        ("PUT", url, {"json": {"choice": rng.choice(CHOICES)}, "headers": headers[i % 100]})
        for i in range(2000)
    ]
    kills = []
    done = threading.Event()

    def killer():
        time.sleep(0.5)
        while not done.is_set() and len(kills) < 5:
            workers = stack.gunicorn_workers(live.gunicorn.pid)
            if workers:
                victim = rng.choice(workers)
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
            time.sleep(0.7)

    thread = threading.Thread(target=killer)
    thread.start()
    outcomes = stack.hammer(calls, threads=16)
    done.set()
    thread.join()

    counted = stack.statuses(outcomes)
    assert len(kills) >= 3, kills
    assert set(counted) <= {200, None}, counted  # answered, or cut off by the kill; no 5xx
    assert counted.get(None, 0) >= 1, "no request was in flight at a kill: kill sooner"
    with psycopg.connect(stack.database_url_of_test()) as conn:
        assert conn.execute(HALF_WRITTEN_SQL).fetchone() == (0, 0)
    voting_round = VotingRound.objects.get(proposal=proposal)
    answered = {o.body["receipt"] for o in outcomes if o.status == 200}
    saved = set(BallotCast.objects.filter(round=voting_round).values_list("receipt", flat=True))
    assert answered <= saved  # a 200 is a saved cast
    assert len(saved) <= 2000
    assert Ballot.objects.filter(round=voting_round).count() == 100
    transition_run(proposal=proposal, name="close_vote", actor=proposal.working_group.chair)
    out = io.StringIO()
    call_command("verify_results", stdout=out)
    assert "1 closed round(s), 0 difference(s)." in out.getvalue()
    stack.wait_for(
        lambda: len(stack.gunicorn_workers(live.gunicorn.pid)) == 4,
        what="gunicorn to replace its killed workers",
    )
    print(
        f"\nRESULT gunicorn-kill: {len(kills)} kills, statuses {counted}, "
        f"{len(saved)} history rows, 0 half written"
    )


@pytest.fixture
def own_postgres(tmp_path, service_dirs):
    """A PostgreSQL cluster of this case on ``RELIABILITY_PORT + 1``, run as ``postgres``."""
    pg_bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])
    data = Path(f"/tmp/h18rel-pg-{os.getpid()}")
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    pg_port = stack.port(1)
    log = data / "postgres.log"  # pytest's own folders are closed to other users

    def ctl(*args):
        subprocess.run(
            [
                *as_postgres,
                str(pg_bin / "pg_ctl"),
                "-D",
                str(data / "db"),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                *args,
            ],
            check=True,
            capture_output=True,
        )

    subprocess.run(
        [
            *as_postgres,
            str(pg_bin / "initdb"),
            "-D",
            str(data / "db"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-p {pg_port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"

    class Own:
        url = f"postgres://postgres@127.0.0.1:{pg_port}/plenum"
        port = pg_port

        def start(self):
            ctl("start", "-o", options)

        def stop(self):
            ctl("stop", "-m", "fast")

    own = Own()
    try:
        own.start()
        yield own
    finally:
        subprocess.run(
            [
                *as_postgres,
                str(pg_bin / "pg_ctl"),
                "-D",
                str(data / "db"),
                "stop",
                "-m",
                "immediate",
            ],
            capture_output=True,
        )
        if log.exists():
            shutil.copy(log, service_dirs["logs"] / "own-postgres.log")
        shutil.rmtree(data, ignore_errors=True)


def test_postgresql_restarted_under_load_is_503_then_recovers_without_a_restart(
    live, token, session_cookie, voting_proposal, representative_factory, own_postgres, own_redis
):
    reps = representative_factory.create_batch(12)
    headers = [token(rep) for rep in reps]
    cookie = session_cookie(reps[0])
    proposal = voting_proposal()
    # the committed test database, copied into the throwaway cluster
    subprocess.run(
        [
            "psql",
            "-q",
            own_postgres.url.replace("/plenum", "/postgres"),
            "-c",
            "CREATE DATABASE plenum",
        ],
        check=True,
        capture_output=True,
    )
    dump = subprocess.run(
        ["pg_dump", "--no-owner", stack.database_url_of_test()], check=True, capture_output=True
    )
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", own_postgres.url],
        input=dump.stdout,
        check=True,
        capture_output=True,
    )
    env = {
        **live.env,
        "DATABASE_URL": own_postgres.url,
        "CELERY_BROKER_URL": own_redis.url,
        "CACHE_URL": own_redis.url.replace("redis://", "rediscache://"),
    }
    _, base = live.processes.gunicorn(stack.port(3), workers=2, env=env)

    outcomes: list = []
    stop = threading.Event()

    def load(index):
        import requests

        session = requests.Session()
        rng = random.Random(index)
        while not stop.is_set():
            if index % 3 == 2:
                method, path, kwargs = "GET", "/proposals/", {"cookies": {"sessionid": cookie}}
            elif index % 3 == 1:
                method, path, kwargs = "GET", "/api/v1/proposals/", {"headers": headers[index]}
            else:
                method, path = "PUT", f"/api/v1/proposals/{proposal.pk}/ballot/"
                kwargs = {"headers": headers[index], "json": {"choice": rng.choice(CHOICES)}}
            started = time.monotonic()
            try:
                response = session.request(method, base + path, timeout=30, **kwargs)
            except Exception as exc:  # recorded: the test asserts there were none
                outcomes.append((started, method, path, None, type(exc).__name__, None, None))
                continue
            kind = response.headers.get("Content-Type", "")
            body = response.json() if kind.startswith("application/json") else response.text
            outcomes.append(
                (
                    started,
                    method,
                    path,
                    response.status_code,
                    kind,
                    body,
                    response.headers.get("Retry-After"),
                )
            )
            time.sleep(0.02)

    threads = [threading.Thread(target=load, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    own_postgres.stop()
    down_at = time.monotonic()
    time.sleep(3)
    own_postgres.start()
    up_at = time.monotonic()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    counted = Counter(o[3] for o in outcomes)
    assert set(counted) <= {200, 503}, counted  # never a 500, never a dropped connection
    assert counted[503] >= 1, "no request met the outage"
    for _at, _method, path, status, kind, body, retry_after in outcomes:
        if status == 503:
            assert retry_after
            if path.startswith("/api/"):
                assert kind.startswith("application/json") and body["code"] == "unavailable"
            else:
                assert "briefly unavailable" in body and "Traceback" not in body
    while_down = [o for o in outcomes if down_at + 0.5 < o[0] < up_at - 0.5]
    assert while_down and {o[3] for o in while_down} == {503}
    recovered = [o for o in outcomes if o[0] > up_at + 2]
    assert recovered and {o[3] for o in recovered} == {200}  # the same gunicorn, no restart
    answered = {o[5]["receipt"] for o in outcomes if o[1] == "PUT" and o[3] == 200}
    with psycopg.connect(own_postgres.url) as conn:
        assert conn.execute(HALF_WRITTEN_SQL).fetchone() == (0, 0)
        saved = {r for (r,) in conn.execute("SELECT receipt FROM voting_ballotcast")}
    assert answered <= saved
    log = live.processes.tail(f"gunicorn-{stack.port(3)}", 200000)
    print(
        f"\nRESULT postgres-restart: statuses {dict(counted)}, "
        f"{len(while_down)} requests while down, {len(recovered)} after, 0 half written; "
        f"'Internal Server Error' in log: {'Internal Server Error' in log}"
    )


def test_a_celery_worker_killed_mid_render_and_the_broker_restarted_lose_nothing(
    live,
    own_redis,
    celery_to,
    make_board_review,
    board_member,
    run,
    proposal_factory,
    section_factory,
    representative_factory,
):
    from tests.papers.conftest import SECTIONS
    from workflow.board import board_decision_record

    proposal = make_board_review(
        languages=("en", "fr"), sections=SECTIONS * 12, votes=("yes",) * 12
    )
    other = proposal_factory()
    section_factory(proposal=other)
    Notification.objects.all().delete()
    env = {
        **live.env,
        "CELERY_BROKER_URL": own_redis.url,
        "CACHE_URL": own_redis.url.replace("redis://", "rediscache://"),
    }
    celery_to(own_redis.url)
    board_decision_record(proposal=proposal, member=board_member, decision="approve")
    # and a dozen emails queued behind the renders
    run(other, "submit_for_consultation", other.working_group.chair)

    def papers():
        return list(PositionPaper.objects.filter(proposal=proposal, preview=False))

    first = live.processes.worker(concurrency=1, env=env, name="worker-first")
    stack.wait_for(
        lambda: any(p.attempts >= 1 for p in papers()), what="a render to start", interval=0.05
    )
    stack.kill_group(first)
    assert any(p.status == "rendering" for p in papers()), "the render finished before the kill"
    own_redis.stop()  # the broker goes down with the queue in it
    second = live.processes.worker(concurrency=1, env=env, name="worker-second")
    time.sleep(2)
    own_redis.start()

    def finished():
        ready = all(p.status == "ready" for p in papers())
        rows = Notification.objects.all()
        return ready and rows.exists() and not rows.exclude(status="sent").exists()

    stack.wait_for(finished, timeout=stack.WAIT * 2, what="papers ready and emails sent")
    stack.kill_group(second)
    ready = PositionPaper.objects.filter(proposal=proposal, preview=False)
    assert sorted(ready.values_list("language", "status")) == [("en", "ready"), ("fr", "ready")]
    rows = Notification.objects.all()
    sent = Counter((m["To"], stack.subject(m)) for m in stack.mails(live.mail))
    assert set(sent.values()) == {1} and len(sent) == rows.count() >= 12
    print(
        f"\nRESULT celery-kill: papers {sorted(ready.values_list('language', 'attempts'))} "
        f"(language, attempts), {len(sent)} emails each once"
    )
