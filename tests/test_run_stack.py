"""``make run``'s stack: the worker of ``Procfile.dev`` on the filesystem broker and
the same SQLite file as the web process renders what a request queued, while
other writes go on beside it; the
settings never run tasks eagerly there nor in production.

The worker test (``-m worker``) starts the Procfile's worker line as ``make run``
does, in a temporary folder (database, media, broker), and kills it afterwards.
"""

import contextlib
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _settings(env: dict, *names: str) -> list[str]:
    """The values of ``names`` as a fresh process with ``env`` sees them."""
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(repr(getattr(settings, {n!r}, None)))" for n in names
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split("\n")[: len(names)]


def test_make_run_uses_the_filesystem_broker_with_a_worker_and_beat():
    procfile = (ROOT / "Procfile.dev").read_text()
    makefile = (ROOT / "Makefile").read_text()
    lines = dict(
        line.split(":", 1) for line in procfile.splitlines() if line and not line.startswith("#")
    )

    assert set(lines) == {"web", "worker", "beat"}
    assert "celery -A config worker" in lines["worker"]
    assert "celery -A config beat" in lines["beat"]
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "honcho -f Procfile.dev start" in run
    assert "CELERY_BROKER_URL=filesystem://localhost//" in run


def test_local_settings_on_the_filesystem_broker_are_not_eager(tmp_path):
    broker = tmp_path / "broker"
    eager, options, schedule = _settings(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "CELERY_BROKER_URL": "filesystem://localhost//",
            "PLENUM_BROKER_DIR": str(broker),
        },
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_TRANSPORT_OPTIONS",
        "CELERY_BEAT_SCHEDULE_FILENAME",
    )

    assert eager == "False"
    assert f"'data_folder_in': '{broker / 'queue'}'" in options
    assert f"'data_folder_out': '{broker / 'queue'}'" in options
    assert (broker / "queue").is_dir() and (broker / "control").is_dir()
    assert schedule == repr(str(broker / "celerybeat-schedule"))


def test_production_needs_a_broker_and_never_runs_tasks_eagerly():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "plenum.example.org",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "CELERY_TASK_ALWAYS_EAGER": "1",  # ignored
    }
    assert _settings(env, "CELERY_TASK_ALWAYS_EAGER") == ["False"]

    env.pop("CELERY_BROKER_URL")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"},
            "PYTHONPATH": str(ROOT),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr


PREVIEW = """
from tests import factories
from papers.services import paper_preview_request
proposal = factories.ProposalFactory()
factories.SectionFactory(proposal=proposal, heading="Draft heading", body="Draft body.")
paper = paper_preview_request(proposal=proposal, user=proposal.working_group.chair)
print(paper.pk, paper.status)
"""


@pytest.mark.worker
def test_the_make_run_worker_renders_a_preview_from_the_same_sqlite_file(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": "filesystem://localhost//",
        "PLENUM_BROKER_DIR": str(tmp_path / "broker"),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    worker_line = next(
        line.split(":", 1)[1]
        for line in (ROOT / "Procfile.dev").read_text().splitlines()
        if line.startswith("worker:")
    )
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        shlex.split(worker_line),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        asked = subprocess.run(
            [*manage, "shell", "-c", PREVIEW],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert asked.returncode == 0, asked.stderr[-2000:]
        paper_id, status = asked.stdout.split()[-2:]
        assert status == "pending"  # queued, not rendered in the asking process

        deadline = time.monotonic() + 120
        row, writes = None, 0
        while time.monotonic() < deadline:
            with contextlib.closing(sqlite3.connect(database, timeout=20)) as db:
                # a busy web process beside the worker: write transactions on the
                # same file while it renders (IMMEDIATE, as Django's are)
                for _ in range(5):
                    db.execute("BEGIN IMMEDIATE")
                    db.execute(
                        "UPDATE proposals_proposal SET summary = ? WHERE id = "
                        "(SELECT proposal_id FROM papers_positionpaper WHERE id = ?)",
                        [f"edit {writes}", int(paper_id)],
                    )
                    db.execute("COMMIT")
                    writes += 1
                row = db.execute(
                    "SELECT status, file, attempts FROM papers_positionpaper WHERE id = ?",
                    [int(paper_id)],
                ).fetchone()
            if row[0] in ("ready", "failed"):
                break
            time.sleep(0.2)
        assert row is not None and row[0] == "ready", (row, (tmp_path / "worker.log").read_text())
        assert row[2] == 1
        assert writes >= 5
        assert "database is locked" not in (tmp_path / "worker.log").read_text()
        assert (tmp_path / "media" / row[1]).read_bytes().startswith(b"%PDF-")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        log.close()
