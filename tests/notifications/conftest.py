"""Emails: proposals moved along the real workflow, with the after-commit hooks run."""

import contextlib
import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail

#: A fixed consultation deadline far enough ahead for every guard: Friday 15 March
#: 2030, 16:00 UTC (17:00 in Brussels, 12:00 in Montreal, which is on summer time).
DEADLINE = datetime(2030, 3, 15, 16, 0, tzinfo=UTC)


@pytest.fixture
def outbox():
    """``outbox()``: the emails sent so far; ``outbox(to="a@b")``: those to one address."""

    def _outbox(to=None):
        return [m for m in mail.outbox if to is None or m.to == [to]]

    return _outbox


@pytest.fixture
def act(run, django_capture_on_commit_callbacks):
    """``act(proposal, name, actor, note="")``: a transition, then its after-commit
    hooks (the emails, sent eagerly). Plain ``run`` leaves the hooks unrun: the test
    transaction never commits."""

    def _act(proposal, name, actor, note=""):
        with django_capture_on_commit_callbacks(execute=True):
            return run(proposal, name, actor, note=note)

    return _act


@pytest.fixture
def network(representative_factory, organisation_factory, user_factory):
    """Three member organisations and who represents them, plus people who get no
    member emails: a representative of an inactive organisation, an inactive user,
    a person without an organisation."""
    orgs = organisation_factory.create_batch(3)
    people = {
        "ana": representative_factory(
            organisation=orgs[0], language="en", timezone="Europe/Brussels"
        ),
        "bruno": representative_factory(
            organisation=orgs[0], language="fr", timezone="America/Montreal"
        ),
        "carla": representative_factory(organisation=orgs[1], language="en", timezone="UTC"),
        "dario": representative_factory(
            organisation=orgs[2], language="fr", timezone="Europe/Paris"
        ),
    }
    people["sleeping"] = representative_factory(organisation=organisation_factory(active=False))
    people["gone"] = representative_factory(organisation=orgs[2], is_active=False)
    people["outsider"] = user_factory()
    return {"orgs": orgs, **people}


@pytest.fixture
def consultation(proposal_factory, procedure_factory, section_factory):
    """``consultation(**procedure_fields)``: a draft due to close at ``DEADLINE``."""

    def make(**procedure_fields):
        proposal = proposal_factory(
            procedure=procedure_factory(**procedure_fields),
            consultation_closes_at=DEADLINE,
            title="Reserved contracts for social enterprises",
        )
        section_factory(proposal=proposal)
        return proposal

    return make


# --- a real Celery worker (``pytest -m worker``, run by ``make test-worker``) --------------

BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The pytest test database, as a URL another process can use."""
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def email_worker(transactional_db, tmp_path, mail_dir):
    """A real worker (``-P solo``) on Redis and the test database, sending email to
    files in ``mail_dir``; this process queues tasks to the broker instead of
    running them. Killed (its whole process group) afterwards; its log is printed."""
    import redis

    from config.celery import app

    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.ConnectionError as exc:  # the worker leg must not pass without a broker
        pytest.fail(f"Redis is not reachable at {BROKER}: {exc}")
    client.flushdb()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"filemail:///{mail_dir}",  # four slashes: an absolute path
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "PYTHONPATH": str(ROOT),
    }
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "config",
                "worker",
                "-P",
                "solo",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "info",
                "-n",
                f"notifications-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        app.conf.task_always_eager, app.conf.broker_url = saved
        client.flushdb()
        print(f"--- worker log (tail)\n{log_path.read_text(errors='replace')[-3000:]}")
