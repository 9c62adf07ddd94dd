"""Reading a proposal under gunicorn, 16 concurrent clients on loopback: the API's
detail (``GET /api/v1/proposals/{id}/``) and list (``GET /api/v1/proposals/``, the
first page of ``LISTED`` proposals in consultation), both with a hashed knox token,
and the proposal page (``/proposals/{id}/``, signed in with a session) of a proposal in consultation
with ``COMMENTS`` comments and ``AMENDMENTS`` amendments.

Floor: the same server answering a bare DRF view that does one indexed SELECT
(``bench.floor.ProposalFloor``: no authentication, no serializer). Beside it, for
the reading of the gap, the same view behind the API's token authentication
(``ProposalFloorAuthenticated``): the ceiling of any endpoint that checks a token. Alternated
phases, medians (``bench.harness.alternate``). Targets: requests/s >= 50 % of the
floor's; the API's p99 <= 35 ms.

Latency is measured twice. Under the 16 clients that saturate the two cores, a
closed loop's mean latency is 16 / (requests/s) (Little's law): that p99 is the
throughput seen from the other side, so it is printed with no target of its own.
The p99 target is checked with ``LATENCY_CLIENTS`` clients (one per core: a busy
server, not a saturated one), where latency is the request's own time plus little
queueing, for the floor and the API alike.
"""

import os

from bench import harness

CLIENTS = 16
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "1000"))
AMENDMENTS = int(os.environ.get("BENCH_AMENDMENTS", "200"))
LISTED = 60
PAGE_CLIENTS = 4
LATENCY_CLIENTS = 2

SETUP = """
import json
from datetime import timedelta
from django.conf import settings
from django.test import Client
from django.utils import timezone
from consultations.services import amendment_create, comment_create
from members.models import Organisation, User, WorkingGroup
from members.services import token_create
from proposals.models import Procedure
from proposals.services import proposal_create, section_create
from workflow.services import transition_run

chair = User.objects.create(username="bench-chair")
group = WorkingGroup.objects.create(name="Bench", chair=chair)
procedure = Procedure.objects.create(name="Bench", languages=["en"])
reps = []
for i in range(20):
    org = Organisation.objects.create(name=f"Bench org {i}", country="BE")
    reps.append(User.objects.create(username=f"bench-rep-{i}", organisation=org))
paragraph = "Public buyers should reserve contracts for work-integration social enterprises. " * 3
for n in range(%(listed)d):  # in consultation: every representative sees them listed
    p = proposal_create(
        actor=chair, title=f"Bench proposal {n}", summary="Summary.", working_group=group,
        procedure=procedure,
    )
    sections = [
        section_create(
            proposal=p, actor=chair, heading=f"Section {s}",
            body="\\n\\n".join(f"{paragraph} ({s}.{k})" for k in range(1, 6)),
        )
        for s in range(20 if n == %(listed)d - 1 else 1)
    ]
    p.consultation_closes_at = timezone.now() + timedelta(days=30)
    p.save(update_fields=["consultation_closes_at"])
    p = transition_run(proposal=p, name="submit_for_consultation", actor=chair)
for i in range(%(comments)d):
    comment_create(
        proposal=p, author=reps[i %% 20], body=f"Comment {i}: agreed, with a remark.",
        section=sections[i %% 20],
    )
for i in range(%(amendments)d):
    amendment_create(
        proposal=p, author=reps[i %% 20], section=sections[i %% 20], kind="replace",
        paragraph=1 + i %% 5, text=f"Amended paragraph {i}.", justification="Clearer.",
    )
client = Client(HTTP_HOST="localhost")
client.force_login(reps[0])
name = settings.SESSION_COOKIE_NAME
print(json.dumps({
    "proposal": p.pk,
    "token": token_create(user=reps[0], name="bench")[1],
    "session": f"{name}={client.cookies[name].value}",
}))
"""

LUA = """
request = function()
  return wrk.format("GET", "%(path)s", {%(headers)s})
end
"""


def _phase(path: str, headers: dict[str, str], label: str, at_least: int = 0, clients=CLIENTS):
    """A wrk phase. The page is so slow that it gets ``at_least`` seconds and fewer
    clients than gunicorn has workers: the requests still queued when wrk stops
    would otherwise hold every worker well into the next phase."""
    lua = LUA % {
        "path": path,
        "headers": ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items()),
    }
    return lambda seconds: harness.wrk(
        lua, seconds=max(seconds, at_least), clients=clients, label=label
    )


def run() -> dict:
    harness.fresh_database()
    setup = harness.shell_json(
        SETUP % {"listed": LISTED, "comments": COMMENTS, "amendments": AMENDMENTS}
    )
    pk, token = setup["proposal"], {"Authorization": f"Token {setup['token']}"}
    phases = {
        "floor": _phase(f"/bench/floor/proposals/{pk}/", {}, "floor"),
        "signed_in": _phase(f"/bench/floor/signed-in/proposals/{pk}/", token, "signed-in floor"),
        "detail": _phase(f"/api/v1/proposals/{pk}/", token, "detail"),
        "list": _phase("/api/v1/proposals/", token, "list"),
        "page": _phase(
            f"/proposals/{pk}/",
            {"Cookie": setup["session"]},
            "page",
            at_least=15,
            clients=PAGE_CLIENTS,
        ),
    }
    light = {
        kind: _phase(path, headers, f"{kind} ({LATENCY_CLIENTS} clients)", clients=LATENCY_CLIENTS)
        for kind, path, headers in [
            ("floor", f"/bench/floor/proposals/{pk}/", {}),
            ("detail", f"/api/v1/proposals/{pk}/", token),
            ("list", "/api/v1/proposals/", token),
        ]
    }
    with harness.gunicorn():
        medians = harness.alternate(phases, rounds=ROUNDS, seconds=SECONDS)
        latency = harness.alternate(light, rounds=ROUNDS, seconds=SECONDS)
    floor = medians["floor"]
    print(harness.line("floor", floor, "(bare DRF view, one indexed SELECT)"))
    print(harness.line("signed-in", medians["signed_in"], "(the same view behind the API's auth)"))
    print(harness.line("detail", medians["detail"], "(GET /api/v1/proposals/{id}/)"))
    print(harness.line("list", medians["list"], f"(GET /api/v1/proposals/, {LISTED} proposals)"))
    print(
        harness.line(
            "page",
            medians["page"],
            f"(the proposal page, {COMMENTS} comments, {AMENDMENTS} amendments, "
            f"{PAGE_CLIENTS} clients)",
        )
    )
    for kind in light:
        print(harness.line(f"{kind}/{LATENCY_CLIENTS}", latency[kind], "(latency phase)"))
    return (
        harness.rps_figures("api_proposal_detail", medians["detail"], floor, clients=CLIENTS)
        | harness.rps_figures("api_proposal_list", medians["list"], floor, clients=CLIENTS)
        | {
            "api_floor_signed_in_rps": harness.figure(
                medians["signed_in"]["rps"],
                floor["rps"],
                "req/s of the floor behind the API's token authentication (no target: "
                "the most a token-authenticated endpoint can reach)",
            )
        }
        | {
            f"api_proposal_{kind}_p99_{LATENCY_CLIENTS}c_ms": harness.figure(
                latency[kind]["p99_ms"],
                latency["floor"]["p99_ms"],
                f"ms p99 at {LATENCY_CLIENTS} clients (target <= 35)",
            )
            for kind in ("detail", "list")
        }
        | {
            "page_proposal_rps": harness.figure(
                medians["page"]["rps"], floor["rps"], "req/s (ratio target >= 0.5)"
            ),
            "page_proposal_p99_ms": harness.figure(
                medians["page"]["p99_ms"], floor["p99_ms"], f"ms ({PAGE_CLIENTS} clients)"
            ),
        }
    )
