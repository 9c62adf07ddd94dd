"""Ballot casting through the API under gunicorn, 16 concurrent clients on loopback:
a plain choice, a choice cast as proxy under a mandate (``organisation``), and a
split ballot (``split``).

Floor: the same server answering a bare view that does one ballot upsert. All
phases run for the same bounded time against the same PostgreSQL database; the
load comes from ``wrk`` (Debian package ``wrk``; ``make bench`` installs it).
Figures: requests/s (ratio = product / floor; target ≥ 0.5) and p50/p99 latency
(target p99 < 100 ms). Every product request signs in with a hashed knox token.

Then where the time goes: ``BENCH_PROFILED`` plain ballot PUTs through the whole
stack in one process under cProfile, self time summed by package and the top
functions by cumulative time, printed (not in the table).
"""

import json
import os
import pstats
import tempfile
from pathlib import Path

from bench import harness

CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PROFILED = int(os.environ.get("BENCH_PROFILED", "300"))


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

#: One plain ballot PUT, ``PROFILED`` times through the whole stack in process
#: (Django's test client: every middleware, knox, the view, the cast), under cProfile.
PROFILE = """
import cProfile, io, json, pstats, time
from django.test import Client
c = %(client)s
client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION="Token " + c["token"])
url = "/api/v1/proposals/%(proposal)d/ballot/"
def put(i):
    body = json.dumps({"choice": ("yes", "no", "abstain")[i %% 3]})
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
for i in range(50):
    put(i)
profiler = cProfile.Profile()
start = time.perf_counter()
profiler.enable()
for i in range(%(n)d):
    put(i)
profiler.disable()
elapsed = time.perf_counter() - start
profiler.dump_stats("%(path)s")
from django.db import connection
from django.test.utils import CaptureQueriesContext
with CaptureQueriesContext(connection) as queries:
    put(1)
print(json.dumps({"ms": elapsed * 1000 / %(n)d, "sql": [q["sql"] for q in queries]}))
"""


def _area(filename: str) -> str:
    """Who spends the time: a package under site-packages, a project app, the stdlib."""
    if filename == "~":
        return "C calls (psycopg's network waits, hashing, builtins)"
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1]
    if path.is_relative_to(harness.ROOT):
        return f"plenum: {path.relative_to(harness.ROOT).parts[0]}"
    return "python stdlib"


def _profile(clients: list[dict], proposal: int) -> None:
    """Where one ballot PUT's time goes: self time by package, then by function."""
    with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as out:
        path = out.name
    try:
        profiled = harness.shell_json(
            PROFILE
            % {"client": repr(clients[0]), "proposal": proposal, "n": PROFILED, "path": path}
        )
        per_request = profiled["ms"]
        stats = pstats.Stats(path)
    finally:
        os.unlink(path)
    total = sum(row[2] for row in stats.stats.values())
    areas: dict[str, float] = {}
    for (filename, _line, _name), row in stats.stats.items():
        areas[_area(filename)] = areas.get(_area(filename), 0.0) + row[2]
    print(
        f"profile: {PROFILED} ballot PUTs in process, {per_request:.2f} ms each under cProfile;"
        " self time by area:"
    )
    for area, seconds in sorted(areas.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {100 * seconds / total:5.1f} %  {area}")
    print(f"  {len(profiled['sql'])} SQL statements per PUT:")
    for sql in profiled["sql"]:
        print(f"    {' '.join(sql.split())[:110]}")
    print("  top functions by cumulative time (per request):")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])
    shown = 0
    for (filename, line, name), row in rows:
        if filename == "~" and not name.startswith("<method 'execute'"):
            continue
        where = _area(filename)
        if where == "python stdlib" or filename.endswith(("test/client.py", "handlers/base.py")):
            continue
        ms = 1000 * row[3] / PROFILED
        print(f"  {ms:7.3f} ms  {where:<24} {name} ({Path(filename).name}:{line})")
        shown += 1
        if shown == 16:
            break


def run() -> dict:
    harness.fresh_database()
    setup = harness.shell_json(SETUP % {"clients": CLIENTS})
    clients, proposal = setup["clients"], setup["proposal"]

    def phase(kind):
        return lambda seconds: harness.wrk(
            _lua(kind, clients, proposal), seconds=seconds, clients=CLIENTS, label=kind
        )

    with harness.gunicorn():
        medians = harness.alternate(
            {kind: phase(kind) for kind in KINDS}, rounds=ROUNDS, seconds=SECONDS
        )
    floor, product = medians["floor"], medians["product"]
    history = harness.shell_json(
        "from voting.models import BallotCast; print(BallotCast.objects.count())"
    )
    print(harness.line("floor", floor, "(the bare upsert view)"))
    print(
        harness.line(
            "product",
            product,
            f"(medians of {ROUNDS} alternated {SECONDS} s phases; {history} ballot history rows)",
        )
    )
    figures = {}
    for kind, label in (("proxy", "as proxy"), ("split", "split")):
        print(harness.line(kind, medians[kind], f"(the ballot PUT {label})"))
        figures |= harness.rps_figures(
            f"ballot_cast_{kind}", medians[kind], floor, target_p99=100, clients=CLIENTS
        )
    _profile(clients, proposal)
    return (
        figures
        | harness.rps_figures("ballot_cast", product, floor, target_p99=100, clients=CLIENTS)
        | {"ballot_cast_p50_ms": harness.figure(product["p50_ms"], floor["p50_ms"], "ms")}
    )
