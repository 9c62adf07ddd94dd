"""The running service for ``make reliability``: gunicorn, Celery workers, HTTP load.

Every process is started in its own process group on loopback and killed
(SIGKILL to the group) by the fixture that started it. Ports come from
``RELIABILITY_PORT`` (the first of ten: 8180 by default).
"""

import contextlib
import email
import email.header
import email.message
import os
import signal
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests import concurrency

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BASE_PORT = int(os.environ.get("RELIABILITY_PORT", "8180"))
#: The Redis database of the broker and the cache (emptied before each case).
REDIS_URL = os.environ.get("RELIABILITY_REDIS_URL", "redis://127.0.0.1:6379/6")
SETTINGS = "tests.reliability.service_settings"
#: Seconds any single wait of the harness may take before the case fails.
WAIT = float(os.environ.get("RELIABILITY_WAIT", "120"))


def port(offset: int) -> int:
    return BASE_PORT + offset


def database_url(db: dict, **override) -> str:
    db = {**db, **override}
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return (
        f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def service_env(*, database: str, broker: str, secret_key: str, media: Path, mail: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
        "CACHE_URL": broker.replace("redis://", "rediscache://", 1),
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_MEDIA_ROOT": str(media),
        "EMAIL_URL": f"filemail:///{mail}",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }


def kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def wait_for(condition, *, timeout: float = WAIT, what: str, interval: float = 0.1):
    return concurrency.wait_for(condition, timeout=timeout, what=what, interval=interval)


@dataclass
class Processes:
    """Start processes of the stack; ``stop()`` kills every one (and shows their logs)."""

    logs: Path
    env: dict
    started: list = field(default_factory=list)

    def _start(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.name = name
        self.started.append(process)
        return process

    def gunicorn(self, port: int, *, workers: int = 4, env: dict | None = None):
        process = self._start(
            f"gunicorn-{port}",
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--backlog",
                "2048",
            ],
            env,
        )
        base = f"http://127.0.0.1:{port}"

        def up():
            if process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.tail(process.name)}")
            with contextlib.suppress(requests.RequestException):
                return requests.get(f"{base}/papers/", timeout=2).status_code == 200
            return False

        wait_for(up, what=f"gunicorn on {port}", interval=0.3)
        return process, base

    def worker(self, *, concurrency: int = 2, env: dict | None = None, name: str = "worker"):
        return self._start(
            f"{name}-{uuid.uuid4().hex[:6]}",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-P",
                "prefork",
                "-c",
                str(concurrency),
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "info",
                "-n",
                f"rel-{uuid.uuid4().hex[:8]}@%h",
            ],
            env,
        )

    def manage(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        return self._start(
            f"manage-{args[0]}-{uuid.uuid4().hex[:6]}",
            [str(BIN / "python"), "manage.py", *args],
            env,
        )

    def tail(self, name: str, chars: int = 3000) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs.glob("*.log"))

    def stop(self) -> None:
        for process in reversed(self.started):
            kill_group(process)
        self.started.clear()


def gunicorn_workers(master_pid: int) -> list[int]:
    """The pids of a gunicorn master's worker processes (from /proc)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@dataclass
class Outcome:
    status: int | None  # None: no answer (connection reset, a killed worker)
    body: object = None
    content_type: str = ""
    error: str = ""


def _send(session: requests.Session, method: str, url: str, **kwargs) -> Outcome:
    try:
        response = session.request(method, url, timeout=60, **kwargs)
    except requests.RequestException as exc:
        return Outcome(None, error=type(exc).__name__)
    content_type = response.headers.get("Content-Type", "")
    body = response.json() if content_type.startswith("application/json") else response.text
    return Outcome(response.status_code, body, content_type)


def hammer(calls: list[tuple], *, threads: int) -> list[Outcome]:
    """Send ``(method, url, kwargs)`` calls from ``threads`` threads released together.

    Each thread has its own connection; outcomes come back in the calls' order.
    """
    outcomes: list = [None] * len(calls)
    barrier = threading.Barrier(threads)

    def work(offset: int) -> None:
        session = requests.Session()
        barrier.wait()
        for index in range(offset, len(calls), threads):
            method, url, kwargs = calls[index]
            outcomes[index] = _send(session, method, url, **kwargs)

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=WAIT * 3)
    return outcomes


def statuses(outcomes: list[Outcome]) -> dict:
    counted: dict = {}
    for outcome in outcomes:
        counted[outcome.status] = counted.get(outcome.status, 0) + 1
    return counted


def mails(folder: Path) -> list[email.message.Message]:
    """Every email Django's file backend wrote into ``folder``."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.lstrip(b"\n")))
    return found


def subject(message: email.message.Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def marks():
    """Every reliability module's ``pytestmark``: the marker, and PostgreSQL only."""
    import pytest
    from django.db import connection

    return [
        pytest.mark.reliability,
        pytest.mark.skipif(
            connection.vendor != "postgresql", reason="the service needs PostgreSQL"
        ),
    ]


def database_url_of_test() -> str:
    """The test database this process (and the session's service) uses."""
    from django.db import connection

    return database_url(connection.settings_dict)
