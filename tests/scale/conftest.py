"""The scale-out stack: two gunicorns, three Celery workers and beat, on one broker.

``stack`` (one per broker, module-scoped: started once for the module's tests)
runs production's settings (``tests.scale.settings``) against the test
PostgreSQL database, an S3 object store (``moto_server``, a bucket of its own:
what every host shares, nothing on local disk) and a mail folder. Brokers:
``SCALE_REDIS_URL`` (``redis://127.0.0.1:6379/7``) and ``SCALE_AMQP_URL``
(``amqp://guest:guest@127.0.0.1:5672//``); ports from ``SCALE_PORT_BASE``
(8190: Redis uses 8190-8191, RabbitMQ 8192-8193, the object store 8194). Every process is killed
(its process group) at the end, and its log's tail printed.
"""

import contextlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from tests.live_http import wait_until_up
from tests.papers.conftest import make_board_review  # noqa: F401 (a fixture of these tests)
from tests.papers.test_worker import _database_url, kill
from tests.voting.conftest import voting_proposal  # noqa: F401 (a fixture of these tests)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BROKERS = {
    "redis": os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/7"),
    "rabbitmq": os.environ.get("SCALE_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
PORT_BASE = int(os.environ.get("SCALE_PORT_BASE", "8190"))
WEB, WORKERS = 2, 3


def _empty(broker: str) -> None:
    """Nothing left in the broker from an earlier run (the leg must not pass without it)."""
    if broker.startswith("redis"):
        import redis

        redis.Redis.from_url(broker).flushdb()
        return
    from kombu import Connection

    with Connection(broker, connect_timeout=5) as conn:
        conn.ensure_connection(max_retries=1)
        channel = conn.channel()
        with contextlib.suppress(Exception):  # no queue yet: nothing to purge
            channel.queue_purge("celery")


@dataclass
class Stack:
    broker: str
    web: list[str]
    mail_dir: Path
    media: Path
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    bucket: str = ""
    s3: object = None

    def stored(self) -> dict[str, int]:
        """The objects in the stack's bucket: key → size."""
        listed = self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {o["Key"]: o["Size"] for o in listed}

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def emails(self) -> list[dict[str, str]]:
        """Every email the workers sent: its To and Subject (the file backend's files)."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for message in path.read_text(errors="replace").split("-" * 79):
                heads = dict(
                    line.split(": ", 1)
                    for line in message.strip().split("\n\n", 1)[0].splitlines()
                    if ": " in line
                )
                if "To" in heads:
                    found.append({"to": heads["To"], "subject": heads.get("Subject", "")})
        return found


def _s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _start(stack: Stack, name: str, argv: list[str], env: dict) -> None:
    log = open(stack.logs / f"{name}.log", "wb")  # noqa: SIM115 (closed by the process' end)
    stack.processes[name] = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _wait_for_line(stack: Stack, name: str, text: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in stack.log(name):
            return
        if stack.processes[name].poll() is not None:
            raise AssertionError(f"{name} exited:\n{stack.log(name)[-3000:]}")
        time.sleep(0.25)
    raise AssertionError(f"{name} not ready in {timeout}s:\n{stack.log(name)[-3000:]}")


@pytest.fixture(scope="module", params=sorted(BROKERS))
def stack(request, django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("the scale-out leg needs PostgreSQL")
    name = request.param
    broker = BROKERS[name]
    try:
        _empty(broker)
    except Exception as exc:
        pytest.fail(f"{name} is not reachable at {broker}: {exc}")
    base = tmp_path_factory.mktemp(f"scale-{name}")
    offset = PORT_BASE + (0 if name == "redis" else WEB)
    stack = Stack(
        broker=broker,
        web=[f"http://127.0.0.1:{offset + i}" for i in range(WEB)],
        mail_dir=base / "mail",
        media=base / "media",
        logs=base / "logs",
    )
    for folder in (stack.mail_dir, stack.media, stack.logs):
        folder.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.scale.settings",
        "DJANGO_SECRET_KEY": "scale-out-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "PLENUM_REQUIRE_2FA": "0",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        # the sign-in limits and every other cache entry shared by both web servers
        "CACHE_URL": os.environ.get("SCALE_CACHE_URL", "redis://127.0.0.1:6379/7"),
        "DJANGO_MEDIA_ROOT": str(stack.media),
        "SCALE_MAIL_DIR": str(stack.mail_dir),
        # Redis gives a killed worker's message to another after this many seconds
        # (production: an hour); above any render here, so none runs twice unkilled.
        "CELERY_REDIS_VISIBILITY_TIMEOUT": "30",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    s3_port = str(PORT_BASE + 2 * WEB)
    s3 = f"http://127.0.0.1:{s3_port}"
    env.update(
        {
            "PLENUM_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": f"plenum-scale-{name}",
            "AWS_S3_ENDPOINT_URL": s3,
            "AWS_S3_REGION_NAME": "eu-west-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
    )
    stack.bucket = env["AWS_STORAGE_BUCKET_NAME"]
    try:
        _start(stack, "s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", s3_port], env)
        wait_until_up(s3, path="/")
        stack.s3 = _s3_client(s3)
        stack.s3.create_bucket(
            Bucket=stack.bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        for index, url in enumerate(stack.web):
            _start(
                stack,
                f"web-{index}",
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi:application",
                    "--bind",
                    url.removeprefix("http://"),
                    "--workers",
                    "2",
                    "--worker-class",
                    "gthread",
                    "--threads",
                    "4",
                    "--timeout",
                    "120",
                ],
                env,
            )
        for index in range(WORKERS):
            _start(
                stack,
                f"worker-{index}",
                [
                    str(BIN / "celery"),
                    "-A",
                    "config",
                    "worker",
                    "-P",
                    "prefork",
                    "-c",
                    "1",
                    "-n",
                    f"scale-{name}-{index}@%h",
                    "--without-mingle",
                    "--without-gossip",
                    "-l",
                    "info",
                ],
                env,
            )
        _start(
            stack,
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "beat",
                "-l",
                "info",
                "-s",
                str(base / "celerybeat-schedule"),
            ],
            env,
        )
        for url in stack.web:
            wait_until_up(url)
        for index in range(WORKERS):
            _wait_for_line(stack, f"worker-{index}", "ready.")
        _wait_for_line(stack, "beat", "beat: Starting")
        yield stack
    finally:
        for process in stack.processes.values():
            kill(process)
        for process_name in stack.processes:
            print(f"--- {name} {process_name} log (tail)\n{stack.log(process_name)[-1500:]}")
