"""Ballot casting through the API under gunicorn, 16 concurrent clients on loopback.

Floor: the same server answering a bare view that does one ballot upsert. Both
phases run for the same bounded time against the same PostgreSQL database.
Figures: requests/s (ratio = product / floor; target ≥ 0.5) and p50/p99 latency
(target p99 < 100 ms).
"""

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CLIENTS = 16
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
DB_NAME = "plenum_bench"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DB_NAME}",
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        CELERY_TASK_ALWAYS_EAGER="1",
        CELERY_BROKER_URL="",
        DATABASE_CONN_MAX_AGE="600",
    )
    return env


def _manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from rest_framework.authtoken.models import Token
from members.models import Organisation, User, WorkingGroup
from proposals.models import Procedure, Section
from proposals.services import proposal_create, proposal_update, section_create
from workflow.services import transition_run

chair = User.objects.create(username="bench-chair")
group = WorkingGroup.objects.create(name="Bench", chair=chair)
procedure = Procedure.objects.create(name="Bench", consultation_required=False, voting_days=1)
clients = []
for i in range(%(clients)d):
    org = Organisation.objects.create(name=f"Bench org {i}", country="BE", weight=1 + i %% 3)
    user = User.objects.create(username=f"bench-rep-{i}", organisation=org)
    token = Token.objects.create(user=user).key
    clients.append({"token": token, "organisation": org.pk, "user": user.pk})
p = proposal_create(
    actor=chair, title="Bench", summary="S", working_group=group, procedure=procedure
)
section_create(proposal=p, actor=chair, heading="H", body="Body.")
p = transition_run(proposal=p, name="open_vote", actor=chair)
round_id = p.voting_rounds.get().pk
for c in clients:
    c["round"] = round_id
print(json.dumps({"proposal": p.pk, "clients": clients}))
"""


def _client(args) -> tuple[int, list[float]]:
    kind, spec, proposal, deadline = args
    conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
    latencies: list[float] = []
    choices = ["yes", "no", "abstain"]
    i = 0
    while time.monotonic() < deadline:
        choice = choices[i % 3]
        i += 1
        if kind == "product":
            path = f"/api/v1/proposals/{proposal}/ballot/"
            body = json.dumps({"choice": choice})
            headers = {
                "Authorization": f"Token {spec['token']}",
                "Content-Type": "application/json",
            }
            method = "PUT"
        else:
            path = "/bench/floor/ballot/"
            body = json.dumps(
                {**{k: spec[k] for k in ("round", "organisation", "user")}, "choice": choice}
            )
            headers = {"Content-Type": "application/json"}
            method = "POST"
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (ConnectionError, OSError):
            conn.close()
            conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
            continue
        if response.status != 200:
            raise RuntimeError(f"{kind}: HTTP {response.status}")
        latencies.append(time.perf_counter() - start)
    conn.close()
    return len(latencies), latencies


def _phase(kind: str, clients: list[dict], proposal: int) -> dict:
    deadline = time.monotonic() + SECONDS
    started = time.monotonic()
    with mp.get_context("fork").Pool(CLIENTS) as pool:
        results = pool.map(_client, [(kind, c, proposal, deadline) for c in clients])
    elapsed = time.monotonic() - started
    latencies = sorted(x for _n, lat in results for x in lat)
    count = len(latencies)
    return {
        "rps": count / elapsed,
        "p50_ms": latencies[count // 2] * 1000,
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000,
        "requests": count,
    }


def _wait_for_server() -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/schema/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def run() -> dict:
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_NAME], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    _manage("migrate", "--noinput", "-v0")
    setup = json.loads(
        _manage("shell", "-c", SETUP % {"clients": CLIENTS}).strip().splitlines()[-1]
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b", f"127.0.0.1:{PORT}",
            "-k", "gthread", "-w", "3", "--threads", "8",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=_env(),
    )  # fmt: skip
    try:
        _wait_for_server()
        _phase("floor", setup["clients"][:4], setup["proposal"])  # warm up connections
        floor = _phase("floor", setup["clients"], setup["proposal"])
        product = _phase("product", setup["clients"], setup["proposal"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    history = _manage(
        "shell", "-c", "from voting.models import BallotCast; print(BallotCast.objects.count())"
    ).strip()
    print(
        f"floor   {floor['rps']:8.1f} req/s  p50 {floor['p50_ms']:6.1f} ms  "
        f"p99 {floor['p99_ms']:6.1f} ms\n"
        f"product {product['rps']:8.1f} req/s  p50 {product['p50_ms']:6.1f} ms  "
        f"p99 {product['p99_ms']:6.1f} ms  ({product['requests']} casts, {history} history rows)"
    )
    return {
        "ballot_cast_rps": {
            "value": product["rps"],
            "floor": floor["rps"],
            "ratio": product["rps"] / floor["rps"],
            "unit": "req/s (ratio target >= 0.5)",
        },
        "ballot_cast_p50_ms": {
            "value": product["p50_ms"],
            "floor": floor["p50_ms"],
            "ratio": product["p50_ms"] / floor["p50_ms"],
            "unit": "ms",
        },
        "ballot_cast_p99_ms": {
            "value": product["p99_ms"],
            "floor": floor["p99_ms"],
            "ratio": product["p99_ms"] / floor["p99_ms"],
            "unit": "ms (target < 100)",
        },
    }
