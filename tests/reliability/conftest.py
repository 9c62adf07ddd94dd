"""``make reliability``: the service as a client hits it (marker ``reliability``).

One gunicorn (4 workers, production settings: ``service_settings``) and one
Celery worker (prefork, 2) on Redis, against the pytest-django test database
on PostgreSQL, for the whole session. Each case builds its data with the
factories in a committed transaction (``transactional_db``), then talks HTTP to
the service, and asserts on the database and what came back. Cases that kill
or restart something start their own processes (``stack``).
"""

from pathlib import Path

import pytest
from django.db import connection

from tests.reliability import stack


@pytest.fixture(scope="session")
def service_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("reliability")
    dirs = {name: root / name for name in ("logs", "media", "mail")}
    for path in dirs.values():
        path.mkdir()
    return dirs


@pytest.fixture(scope="session")
def service(django_db_setup, django_db_blocker, service_dirs):
    """gunicorn on ``RELIABILITY_PORT`` and a Celery worker, for the session."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(stack.REDIS_URL)
    client.ping()  # the leg must not pass without its broker
    client.flushdb()
    settings.MEDIA_ROOT = service_dirs["media"]
    env = stack.service_env(
        database=stack.database_url(connection.settings_dict),
        broker=stack.REDIS_URL,
        secret_key=settings.SECRET_KEY,
        media=service_dirs["media"],
        mail=service_dirs["mail"],
    )
    processes = stack.Processes(logs=service_dirs["logs"], env=env)
    try:
        gunicorn, base = processes.gunicorn(stack.port(0))
        worker = processes.worker()
        yield Service(
            base=base,
            env=env,
            dirs=service_dirs,
            processes=processes,
            gunicorn=gunicorn,
            worker=worker,
            redis=client,
        )
    finally:
        processes.stop()
        client.flushdb()


class Service:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    @property
    def mail(self) -> Path:
        return self.dirs["mail"]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def live(service, transactional_db, settings):
    """The running service, for a case whose data the test commits; emptied after."""
    settings.MEDIA_ROOT = service.dirs["media"]
    for path in service.mail.glob("*"):
        path.unlink()
    yield service
    # nothing of this case left queued for the next one, and nothing of it still
    # running in the worker when pytest-django empties the tables (a TRUNCATE
    # beside a worker's transaction deadlocks)
    service.redis.flushdb()
    stack.wait_for(
        _database_quiet_for(QUIET_POLLS),
        timeout=60,
        what="the service's transactions to end",
        interval=0.2,
    )


#: Polls 0.2 s apart that must all find the database quiet: one quiet moment is not
#: enough, a task the worker took before the flush (a transition's emails) may start
#: just after it.
QUIET_POLLS = 10


def _database_quiet() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
        )
        return cursor.fetchone()[0] == 0


def _database_quiet_for(polls: int):
    """A condition for ``stack.wait_for``: true once ``polls`` polls in a row were quiet."""
    seen = {"quiet": 0}

    def condition() -> bool:
        seen["quiet"] = seen["quiet"] + 1 if _database_quiet() else 0
        return seen["quiet"] >= polls

    return condition


@pytest.fixture
def token():
    """``token(user)`` -> the ``Authorization`` header of a fresh API token."""
    from members.services import token_create

    def make(user) -> dict:
        _, key = token_create(user=user, name="reliability")
        return {"Authorization": f"Token {key}"}

    return make


@pytest.fixture
def session_cookie():
    """``session_cookie(user)`` -> the session cookie value of a signed-in user."""
    from django.test import Client

    def make(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return make


# The papers' and the voting's fixtures: a proposal voted through to board review,
# a proposal whose vote is open.
from tests.papers.conftest import make_board_review  # noqa: E402, F401
from tests.voting.conftest import voting_proposal  # noqa: E402, F401


@pytest.fixture
def own_redis(service_dirs, tmp_path):
    """A redis-server of this case on ``RELIABILITY_PORT + 2`` (append-only, fsync
    always, so a restart keeps the queue); ``.restart()`` stops and starts it."""
    redis_port = stack.port(2)
    data = tmp_path / "redis"
    data.mkdir()
    argv = [
        "redis-server",
        "--bind",
        "127.0.0.1",
        "--port",
        str(redis_port),
        "--dir",
        str(data),
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
    ]
    processes = stack.Processes(logs=service_dirs["logs"], env=dict(__import__("os").environ))

    class OwnRedis:
        url = f"redis://127.0.0.1:{redis_port}/0"

        def start(self):
            self.process = processes._start("redis", argv)
            stack.wait_for(self.up, what="redis-server", interval=0.1)

        def up(self):
            import redis

            try:
                return redis.Redis.from_url(self.url).ping()
            except redis.ConnectionError:
                return False

        def stop(self):
            import redis

            redis.Redis.from_url(self.url).shutdown()  # saves the append-only file
            self.process.wait(timeout=30)

    own = OwnRedis()
    own.start()
    yield own
    processes.stop()


@pytest.fixture
def celery_to(settings):
    """``celery_to(url)``: this process queues its tasks on ``url`` (not eagerly)."""
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)

    def reset():
        # new pools for the new URL; the old ones are left open (eager tasks still
        # take a producer from theirs)
        app._pool = None
        app.amqp._producer_pool = None

    def point(url):
        reset()
        app.conf.task_always_eager = False
        app.conf.broker_url = url

    yield point
    reset()
    app.conf.task_always_eager, app.conf.broker_url = saved
