"""A ~100-page position paper: the product's render task against bare WeasyPrint.

Product: ``papers.tasks.paper_render`` (``.apply()``, the code a worker runs):
reads the adopted version, the vote and the consultation report, renders the
print template, lays it out with WeasyPrint (PDF/UA-1, our fetcher, pinned
dates and identifier), hashes it, stores the file and the row.

Floor: the very same HTML string handed to bare WeasyPrint
(``HTML(string, base_url=<static dir>).write_pdf(pdf_variant="pdf/ua-1")``,
default fetcher), nothing else.

Each measurement runs in its own child process, forked from one parent that
has Django and WeasyPrint loaded and the data built, so both start from the
same resident memory; the child reports its wall time and its peak RSS
(``getrusage(RUSAGE_SELF).ru_maxrss``, which counts that shared start too).
One warm-up of each, then ``BENCH_PAPERS_REPEATS`` (default 3) alternating
runs; figures are medians. Targets: time ratio ≤ 1.15, memory ratio ≤ 1.2.

Database: a throwaway SQLite file by default (the render dominates; the
product does a handful of queries), or ``BENCH_PAPERS_DATABASE_URL``.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(os.environ.get("BENCH_PAPERS_REPEATS", "3"))
SECTIONS = int(os.environ.get("BENCH_PAPERS_SECTIONS", "30"))

WORDS = (
    "social enterprises public procurement inclusion employment labour market member states "
    "reserved contracts Commission guidance training disability long-term unemployment "
    "cohesion funds partnership principle local authorities evidence monitoring quality jobs "
    "work integration social economy action plan European Pillar of Social Rights"
).split()


def _paragraph(seed: int, words: int = 120) -> str:
    text = " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words))
    sentences = [s.strip().capitalize() for s in text.split(" the ") if s.strip()]
    return ". ".join(sentences) + "."


def _body(section: int) -> str:
    parts = []
    for n in range(9):
        seed = section * 31 + n
        if n == 3:
            parts.append("\n".join(f"- **Point {i + 1}.** {_paragraph(seed + i, 22)}" for i in range(4)))
        else:
            parts.append(_paragraph(seed))
    return "\n\n".join(parts)


def _build() -> int:
    """Members, a proposal of ``SECTIONS`` long sections taken to approval; the paper's id."""
    from datetime import timedelta

    from django.utils import timezone

    from consultations.services import amendment_create, amendment_decide, comment_create
    from members.models import BoardMembership, Organisation, User, WorkingGroup
    from papers import services as paper_services
    from proposals.models import Procedure, Proposal, Section
    from voting.services import ballot_cast
    from workflow.board import board_decision_record
    from workflow.services import transition_run

    chair = User.objects.create(username="bench-chair", first_name="Bench", last_name="Chair")
    board = User.objects.create(username="bench-board")
    BoardMembership.objects.create(user=board)
    group = WorkingGroup.objects.create(name="Social procurement", chair=chair)
    procedure = Procedure.objects.create(name="Position paper", languages=["en"])
    reps = []
    for i in range(16):
        org = Organisation.objects.create(name=f"Member network {i:02d}", country="BE")
        reps.append(User.objects.create(username=f"bench-rep-{i}", organisation=org))
    proposal = Proposal.objects.create(
        reference="PP-2026-100",
        title="Reserved contracts for work-integration social enterprises",
        summary=_paragraph(1, 90),
        working_group=group,
        procedure=procedure,
        consultation_closes_at=timezone.now() + timedelta(days=30),
    )
    for n in range(SECTIONS):
        Section.objects.create(
            proposal=proposal, position=n + 1, heading=f"Recommendation {n + 1}", body=_body(n)
        )
    transition_run(proposal=proposal, name="submit_for_consultation", actor=chair)
    sections = list(proposal.sections.order_by("position"))
    amendments = []
    for i, rep in enumerate(reps[:8]):
        comment_create(proposal=proposal, author=rep, body="Agreed.", section=sections[i])
        amendments.append(
            amendment_create(
                proposal=proposal,
                author=rep,
                section=sections[i],
                kind="replace",
                paragraph=1,
                text=_paragraph(100 + i, 60),
                justification="Clearer wording.",
            )
        )
    transition_run(proposal=proposal, name="close_consultation", actor=chair)
    for i, amendment in enumerate(amendments):
        amendment_decide(
            amendment=amendment,
            actor=chair,
            decision="accepted" if i % 2 else "rejected",
            response="Thank you.",
        )
    proposal = transition_run(proposal=proposal, name="open_vote", actor=chair)
    voting_round = proposal.voting_rounds.get()
    for i, rep in enumerate(reps):
        ballot_cast(
            voting_round=voting_round,
            organisation=rep.organisation,
            user=rep,
            choice=["yes", "yes", "no", "abstain"][i % 4],
        )
    transition_run(proposal=proposal, name="close_vote", actor=chair)
    queued = []
    real_enqueue = paper_services._enqueue
    paper_services._enqueue = queued.append  # render below, measured, not here
    try:
        board_decision_record(proposal=proposal, member=board, decision="approve")
    finally:
        paper_services._enqueue = real_enqueue
    return proposal.papers.get().pk


def _child(conn, kind: str, paper_id: int, html: str) -> None:
    start = time.perf_counter()
    if kind == "product":
        from papers.tasks import paper_render

        status = paper_render.apply(args=(paper_id,)).get(disable_sync_subtasks=False)
        assert status == "ready", status
    else:
        from weasyprint import HTML

        HTML(string=html, base_url=str(ROOT / "static") + "/").write_pdf(pdf_variant="pdf/ua-1")
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn.send((elapsed, peak_kib))
    conn.close()


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _measure() -> dict:
    """In a fresh interpreter: build, then fork one child per measurement."""
    import multiprocessing as mp

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from papers.models import PositionPaper
    from papers.services import paper_html

    call_command("migrate", verbosity=0)
    paper_id = _build()
    paper = PositionPaper.objects.select_related("proposal", "version").get(pk=paper_id)
    html = paper_html(paper)

    def reset():
        paper = PositionPaper.objects.get(pk=paper_id)
        if paper.file:
            paper.file.delete(save=False)
        PositionPaper.objects.filter(pk=paper_id).update(
            status="pending", file="", attempts=0, sha256="", pages=None, size=None
        )

    ctx = mp.get_context("fork")

    def once(kind: str) -> tuple[float, int]:
        if kind == "product":
            reset()
        connection.close()
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_child, args=(child, kind, paper_id, html))
        process.start()
        result = parent.recv()
        process.join()
        if process.exitcode:
            raise RuntimeError(f"{kind} child failed ({process.exitcode})")
        return result

    once("floor"), once("product")  # warm-up: caches, first connection
    runs: dict[str, list[tuple[float, int]]] = {"product": [], "floor": []}
    for _ in range(REPEATS):
        for kind in ("floor", "product"):
            runs[kind].append(once(kind))
    paper = PositionPaper.objects.get(pk=paper_id)
    return {
        "pages": paper.pages,
        "size": paper.size,
        "sha256": paper.sha256,
        "baseline_mib": _rss_kib() / 1024,
        "product_s": statistics.median(t for t, _ in runs["product"]),
        "floor_s": statistics.median(t for t, _ in runs["floor"]),
        "product_mib": statistics.median(m for _, m in runs["product"]) / 1024,
        "floor_mib": statistics.median(m for _, m in runs["floor"]) / 1024,
        "product_runs_s": [round(t, 3) for t, _ in runs["product"]],
        "floor_runs_s": [round(t, 3) for t, _ in runs["floor"]],
    }


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="plenum-bench-papers-") as tmp:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=os.environ.get("BENCH_PAPERS_DATABASE_URL", f"sqlite:///{tmp}/bench.db"),
            DJANGO_MEDIA_ROOT=f"{tmp}/media",
            CELERY_BROKER_URL="",
            CELERY_TASK_ALWAYS_EAGER="1",
        )
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_papers", "--measure"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{figures['pages']} pages, {figures['size'] / 1024:.0f} KiB, sha256 {figures['sha256'][:16]}…\n"
        f"product {figures['product_s']:.2f} s  {figures['product_mib']:.0f} MiB peak RSS  "
        f"runs {figures['product_runs_s']}\n"
        f"floor   {figures['floor_s']:.2f} s  {figures['floor_mib']:.0f} MiB peak RSS  "
        f"runs {figures['floor_runs_s']}\n"
        f"(both forked from a parent of {figures['baseline_mib']:.0f} MiB: Django, WeasyPrint, data)"
    )
    return {
        "paper_render_100p_s": {
            "value": figures["product_s"],
            "floor": figures["floor_s"],
            "ratio": figures["product_s"] / figures["floor_s"],
            "unit": f"s for {figures['pages']} pages (ratio target <= 1.15)",
        },
        "paper_render_100p_peak_rss_mib": {
            "value": figures["product_mib"],
            "floor": figures["floor_mib"],
            "ratio": figures["product_mib"] / figures["floor_mib"],
            "unit": "MiB peak RSS (ratio target <= 1.2)",
        },
    }


if __name__ == "__main__" and sys.argv[1:] == ["--measure"]:
    sys.path.insert(0, str(ROOT))
    print(json.dumps(_measure()))
