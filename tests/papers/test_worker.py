"""Papers rendered by a real Celery worker (prefork) through Redis, on PostgreSQL.

Run by ``make test-worker`` (``pytest -m worker``). Each test starts its own
worker process group against the test database and a Redis database it
empties first, and kills it afterwards.
"""

import contextlib
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from papers.models import PositionPaper
from papers.services import paper_render_bytes
from tests.concurrency import wait_for
from tests.papers.conftest import SECTIONS

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a real worker needs a shared PostgreSQL database"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.ConnectionError as exc:  # the worker leg must not pass without a broker
        pytest.fail(f"Redis is not reachable at {BROKER}: {exc}")
    client.flushdb()
    yield BROKER
    client.flushdb()


@pytest.fixture
def celery_to_broker(broker):
    """Make this process send tasks to the broker instead of running them eagerly."""
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = broker
    yield
    app.conf.task_always_eager, app.conf.broker_url = saved


@pytest.fixture
def workers(transactional_db, settings, tmp_path, broker, celery_to_broker):
    """``start()`` a worker (its own process group); every one is killed at the end."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "tests.papers.worker_settings",
        "DJANGO_MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
    }
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "config",
                "worker",
                "-P",
                "prefork",
                "-c",
                "1",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "info",
                "-n",
                f"papers-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)
    for index in range(len(started)):
        log = (tmp_path / f"worker-{index}.log").read_text(errors="replace")
        print(f"--- worker {index} log (tail)\n{log[-3000:]}")


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool child (the whole process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _papers(proposal) -> list[PositionPaper]:
    return list(PositionPaper.objects.filter(proposal=proposal, preview=False).order_by("language"))


def _approve(proposal, member):
    from workflow.board import board_decision_record

    # transactional_db: the approval commits, and its on_commit sends the tasks
    board_decision_record(proposal=proposal, member=member, decision="approve")


def test_a_real_worker_renders_every_language(workers, make_board_review, board_member):
    workers()
    proposal = make_board_review(languages=("en", "fr"))

    _approve(proposal, board_member)

    papers = wait_for(
        lambda: (ps := _papers(proposal)) and all(p.status == "ready" for p in ps) and ps,
        timeout=120,
        what="both papers ready",
    )
    assert [p.language for p in papers] == ["en", "fr"]
    for paper in papers:
        assert paper.attempts == 1 and paper.pages >= 3
        with paper.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        # another process renders the same bytes
        assert paper_render_bytes(paper).sha256 == paper.sha256


def test_a_worker_killed_mid_render_leaves_the_paper_to_the_next_one(
    workers, make_board_review, board_member
):
    first = workers()
    # long enough to be caught mid-render
    sections = SECTIONS * 12
    proposal = make_board_review(languages=("en", "fr"), sections=sections)

    _approve(proposal, board_member)
    started = wait_for(
        lambda: next((p for p in _papers(proposal) if p.attempts >= 1), None),
        timeout=120,
        what="a render to start",
        interval=0.02,
    )
    kill(first)

    caught = PositionPaper.objects.get(pk=started.pk)
    assert caught.status == "rendering", "the render finished before the kill: make it longer"
    assert not caught.file

    workers()
    papers = wait_for(
        lambda: (ps := _papers(proposal)) and all(p.status == "ready" for p in ps) and ps,
        timeout=180,
        what="every paper ready after the restart",
        interval=0.2,
    )

    assert [p.language for p in papers] == ["en", "fr"]  # exactly one per language
    assert PositionPaper.objects.filter(proposal=proposal, status="ready").count() == 2
    redone = next(p for p in papers if p.pk == started.pk)
    assert redone.attempts == 2  # started once by the killed worker, once by the new one
    for paper in papers:
        with paper.file.open("rb") as handle:
            content = handle.read()
        assert len(content) == paper.size and content.startswith(b"%PDF-")
    files = list((Path(papers[0].file.path).parent).glob("*.pdf"))
    assert len(files) == 2
