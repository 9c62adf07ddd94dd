"""Ballot casting through the API under gunicorn, 16 concurrent clients on loopback:
a plain choice, a choice cast as proxy under a mandate (``organisation``), and a
split ballot (``split``).

Floor: the same server answering a bare view that does one ballot upsert. All
phases run for the same bounded time against the same PostgreSQL database; the
load comes from ``wrk`` (Debian package ``wrk``; ``make bench`` installs it).
Figures: requests/s (ratio = product / floor; target ≥ 0.5) and p50/p99 latency
(target p99 < 100 ms).
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DB_NAME = os.environ.get("BENCH_DB", "plenum_bench")
#: The server under test (both phases): 2 cores, so a few processes with threads to
#: overlap database round trips.
GUNICORN = os.environ.get("BENCH_GUNICORN", "-k sync -w 6")
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
from members.services import token_create
from members.models import Organisation, User, WorkingGroup
from proposals.models import Procedure, Section
from proposals.services import proposal_create, proposal_update, section_create
from workflow.services import transition_run

chair = User.objects.create(username="bench-chair")
group = WorkingGroup.objects.create(name="Bench", chair=chair)
procedure = Procedure.objects.create(
    name="Bench", consultation_required=False, voting_days=1, proxies_allowed=True,
    split_ballots_allowed=True,
)
clients = []
for i in range(%(clients)d):
    org = Organisation.objects.create(name=f"Bench org {i}", country="BE", weight=1 + i %% 3)
    user = User.objects.create(username=f"bench-rep-{i}", organisation=org)
    token = token_create(user=user, name="bench")[1]
    mandator = Organisation.objects.create(name=f"Bench mandator {i}", country="BE")
    mandator_rep = User.objects.create(username=f"bench-mandator-{i}", organisation=mandator)
    clients.append(
        {
            "token": token, "organisation": org.pk, "user": user.pk, "weight": org.weight,
            "mandator": mandator.pk, "mandator_rep": mandator_rep.pk,
        }
    )
p = proposal_create(
    actor=chair, title="Bench", summary="S", working_group=group, procedure=procedure
)
section_create(proposal=p, actor=chair, heading="H", body="Body.")
p = transition_run(proposal=p, name="open_vote", actor=chair)
round_id = p.voting_rounds.get().pk
from voting.services import mandate_give
for c in clients:
    mandate_give(
        proposal_id=p.pk, user=User.objects.get(pk=c["mandator_rep"]), proxy_id=c["organisation"]
    )
for c in clients:
    c["round"] = round_id
print(json.dumps({"proposal": p.pk, "clients": clients}))
"""


LUA = """
local bodies = {'{"choice": "yes"}', '{"choice": "no"}', '{"choice": "abstain"}'}
local clients = {%(clients)s}
local n = 0
request = function()
  n = n + 1
  local c = clients[(n %% #clients) + 1]
  local body = c.body or bodies[(n %% 3) + 1]
  local headers = {["Content-Type"] = "application/json"}
  if c.token then headers["Authorization"] = "Token " .. c.token end
  return wrk.format(c.method, c.path, headers, body)
end
"""


def _lua(kind: str, clients: list[dict], proposal: int) -> str:
    entries = []
    for c in clients:
        if kind in ("product", "proxy", "split"):
            path = f"/api/v1/proposals/{proposal}/ballot/"
            body = ""
            if kind == "proxy":
                body = json.dumps({"choice": "yes", "organisation": c["mandator"]})
            elif kind == "split":
                body = json.dumps({"split": {"yes": c["weight"] - 1, "no": 1, "abstain": 0}})
            if body:
                body = ', body="' + body.replace('"', '\\"') + '"'
            entries.append(f'{{method="PUT", path="{path}", token="{c["token"]}"{body}}}')
        else:
            body = json.dumps(
                {
                    "round": c["round"],
                    "organisation": c["organisation"],
                    "user": c["user"],
                    "choice": "yes",
                }
            ).replace('"', '\\"')
            entries.append(f'{{method="POST", path="/bench/floor/ballot/", body="{body}"}}')
    return LUA % {"clients": ", ".join(entries)}


KINDS = ("floor", "product", "proxy", "split")


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _phase(kind: str, clients: list[dict], proposal: int, seconds: int = SECONDS) -> dict:
    """16 connections from wrk (C, 2 threads: little CPU taken from the server)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(kind, clients, proposal))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--latency", "-s", script.name,
         f"http://127.0.0.1:{PORT}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    os.unlink(script.name)
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"{kind}: errors under load\n{out}")
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
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
            *GUNICORN.split(),
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=_env(),
    )  # fmt: skip
    try:
        _wait_for_server()
        _phase("floor", setup["clients"], setup["proposal"], seconds=2)  # warm up
        for kind in KINDS[1:]:
            _phase(kind, setup["clients"], setup["proposal"], seconds=2)
        # Alternate short phases so a slow moment of the machine hits all alike;
        # report the median of each.
        runs = {kind: [] for kind in KINDS}
        for _ in range(ROUNDS):
            for kind in KINDS:
                runs[kind].append(_phase(kind, setup["clients"], setup["proposal"]))
        medians = {
            kind: {key: statistics.median(r[key] for r in runs[kind]) for key in runs[kind][0]}
            for kind in KINDS
        }
        floor, product = medians["floor"], medians["product"]
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
        f"p99 {product['p99_ms']:6.1f} ms  (medians of {ROUNDS} alternated {SECONDS} s phases; "
        f"{history} ballot history rows)"
    )
    figures = {}
    for kind, label in (("proxy", "as proxy"), ("split", "split")):
        m = medians[kind]
        print(
            f"{kind:<7} {m['rps']:8.1f} req/s  p50 {m['p50_ms']:6.1f} ms  "
            f"p99 {m['p99_ms']:6.1f} ms  (the ballot PUT {label})"
        )
        figures[f"ballot_cast_{kind}_rps"] = {
            "value": m["rps"],
            "floor": floor["rps"],
            "ratio": m["rps"] / floor["rps"],
            "unit": "req/s (ratio target >= 0.5)",
        }
        figures[f"ballot_cast_{kind}_p99_ms"] = {
            "value": m["p99_ms"],
            "floor": floor["p99_ms"],
            "ratio": m["p99_ms"] / floor["p99_ms"],
            "unit": "ms (target < 100)",
        }
    return figures | {
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
