"""A ~100-page position paper: the product's render task against bare WeasyPrint.

Product: ``papers.tasks.paper_render`` (``.apply()``, the code a worker runs):
reads the adopted version, the vote and the consultation report, renders the
print template, lays it out with WeasyPrint (PDF/UA-1, our fetcher, pinned
dates and identifier), hashes it, stores the file and the row.

Floor: the very same HTML string handed to bare WeasyPrint
(``HTML(string, base_url=<static dir>).write_pdf(pdf_variant="pdf/ua-1")``,
default fetcher), nothing else.

Every measurement is a fresh interpreter, as a worker or the WeasyPrint
command line would be: the product's loads Django and renders through the
task, which lays the paper out in a render process (``papers.render``: forked
from a render host that holds WeasyPrint and no Django); the floor's imports
WeasyPrint only. Time is the CPU time (user + system) of the render alone,
imports excluded: for the product, the worker's and the render process's
together. Unlike wall time (printed too) it hardly moves when other work shares
the two cores. Memory is the peak RSS (``ru_maxrss``) of the process that lays
the paper out: for the product the render process (it reports its own), for the
floor the bare process. The growth of that peak above where the process started
(the host's RSS; the floor's RSS just before the render) is reported too, and
so is the worker's own peak (no target: it no longer holds WeasyPrint). Both
warm up first as a running worker would have (a one-line render for Pango,
fontconfig and our fonts; the product also its templates, once).
``BENCH_PAPERS_REPEATS`` (default 3) alternating runs; figures are medians.
Targets: time ratio ≤ 1.15, memory ratio ≤ 1.2.

Then, on the same PostgreSQL bench database: a preview asked for again with the
text unchanged (``paper_preview_request`` returns the ready one; floor: one SELECT
of the sections and a SHA-256; target < 50 ms), and the procedure's ``LANGUAGES``
papers rendered by a real Celery worker with two processes (``harness.BROKER``)
against one language alone: wall time (in sequence it would be 3x, the ideal on
two processes 2x).
"""

import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench import harness

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(os.environ.get("BENCH_PAPERS_REPEATS", "3"))
SECTIONS = int(os.environ.get("BENCH_PAPERS_SECTIONS", "44"))
PREVIEWS = int(os.environ.get("BENCH_PAPERS_PREVIEWS", "20"))
#: The procedure's languages: one paper each, rendered side by side by the worker.
LANGUAGES = ("en", "fr", "de")

SENTENCES = [
    "Work-integration social enterprises employ people who are furthest from the labour market.",
    "Member states should reserve a share of public contracts for them, as Article 20 of "
    "Directive 2014/24/EU allows.",
    "Public buyers spend about 14 % of the Union's GDP every year.",
    "The Commission should publish guidance on reserved contracts and social clauses.",
    "Training, coaching and a real wage are what make the transition to open employment work.",
    "Local authorities need simple procedures and evidence of what social clauses achieve.",
    "Cohesion funds should support the social economy in every region, not only in a few.",
    "Monitoring must count the jobs created and the people who move on to other employers.",
    "The partnership principle gives social economy networks a seat in monitoring committees.",
    "Quality jobs for people with disabilities and the long-term unemployed are the test.",
]


def _paragraph(seed: int, words: int = 120) -> str:
    """Deterministic prose of about ``words`` words."""
    out: list[str] = []
    i = seed
    while sum(len(s.split()) for s in out) < words:
        out.append(SENTENCES[(i * 7) % len(SENTENCES)])
        i += 1
    return " ".join(out)


def _body(section: int) -> str:
    parts = []
    for n in range(9):
        seed = section * 31 + n
        if n == 3:
            parts.append(
                "\n".join(f"- **Point {i + 1}.** {_paragraph(seed + i, 22)}" for i in range(4))
            )
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

    chair = User.objects.create(
        username="bench-chair", first_name="Bench", last_name="Chair", email="chair@bench.invalid"
    )
    board = User.objects.create(username="bench-board", email="board@bench.invalid")
    BoardMembership.objects.create(user=board)
    group = WorkingGroup.objects.create(name="Social procurement", chair=chair)
    procedure = Procedure.objects.create(name="Position paper", languages=list(LANGUAGES))
    reps = []
    for i in range(16):
        org = Organisation.objects.create(name=f"Member network {i:02d}", country="BE")
        reps.append(
            User.objects.create(
                username=f"bench-rep-{i}", organisation=org, email=f"rep{i}@bench.invalid"
            )
        )
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
    for i, rep in enumerate(reps[: min(8, len(sections))]):
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
    return {p.language: p.pk for p in proposal.papers.filter(preview=False)}


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _setup(html_path: str) -> dict:
    """Build the data, write the paper's HTML for the floor; the paper's id."""
    import django

    django.setup()
    from papers.models import PositionPaper
    from papers.services import paper_html

    papers = _build()
    paper = PositionPaper.objects.select_related("proposal", "version").get(pk=papers["en"])
    Path(html_path).write_text(paper_html(paper))
    return {"paper": papers["en"], "papers": papers}


WARM_UP = '<html lang="en"><link rel="stylesheet" href="css/paper.css"><p>Warm up.</p></html>'


def _warm_up() -> None:
    """What a running worker has already done once: Pango, fontconfig, our fonts."""
    from weasyprint import HTML

    HTML(string=WARM_UP, base_url=str(ROOT / "static") + "/").write_pdf()


class _RenderFigures(logging.Handler):
    """The render process's own CPU time and peak memory, from the task's log line."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.figures: dict = {}

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "render_peak_kib"):
            self.figures = {"cpu": record.render_cpu_seconds, "peak_kib": record.render_peak_kib}


def _host_rss_kib() -> int:
    """The RSS of this process's render host (``python -m papers.pdf_engine``)."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in lines if ":" in line)
        if int(fields["PPid"]) == os.getpid() and b"papers.pdf_engine" in cmdline:
            return int(fields.get("VmRSS", "0 kB").split()[0])
    raise AssertionError("no render host")


def _product(paper_id: int) -> dict:
    """One render through the product's task, from a pending paper.

    The task lays the paper out in a render process (``papers.render``): CPU time
    is this process's and the render process's together; the peak is the render
    process's, its growth the peak above the host it was forked from (what a
    render process starts with), and this process's own peak (the worker's) is
    reported too."""
    import django

    django.setup()
    from datetime import UTC, datetime

    from papers.models import PositionPaper
    from papers.render import pdf_render
    from papers.services import paper_html
    from papers.tasks import paper_render

    # What a running worker has done once: its render host started and warmed up.
    pdf_render(WARM_UP, moment=datetime(2026, 1, 1, tzinfo=UTC), identifier=b"0" * 16)
    paper = PositionPaper.objects.select_related("proposal", "version").get(pk=paper_id)
    paper_html(paper)  # compiled templates, imported Markdown extensions: a warm worker
    if paper.file:
        paper.file.delete(save=False)
    PositionPaper.objects.filter(pk=paper_id).update(
        status="pending", file="", attempts=0, sha256="", pages=None, size=None
    )
    figures = _RenderFigures()
    services_logger = logging.getLogger("papers.services")
    services_logger.addHandler(figures)
    services_logger.setLevel(logging.INFO)
    host_kib = _host_rss_kib()
    start, cpu = time.perf_counter(), _cpu_seconds()
    status = paper_render.apply(args=(paper_id,)).get(disable_sync_subtasks=False)
    elapsed, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    assert status == "ready", status
    assert figures.figures, "the task logged no render figures"
    paper = PositionPaper.objects.get(pk=paper_id)
    return {
        "seconds": elapsed,
        "cpu": cpu + figures.figures["cpu"],
        "worker_cpu": cpu,
        "peak_kib": figures.figures["peak_kib"],
        "before_kib": host_kib,
        "worker_peak_kib": _peak_kib(),
        "pages": paper.pages,
        "size": paper.size,
        "sha256": paper.sha256,
    }


def _floor(html_path: str) -> dict:
    """The same HTML through bare WeasyPrint."""
    from weasyprint import HTML

    html = Path(html_path).read_text()
    _warm_up()
    before = _rss_kib()
    start, cpu = time.perf_counter(), _cpu_seconds()
    pdf = HTML(string=html, base_url=str(ROOT / "static") + "/").write_pdf(pdf_variant="pdf/ua-1")
    elapsed, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "peak_kib": _peak_kib(),
        "before_kib": before,
        "size": len(pdf),
    }


def _preview(proposal_id: int) -> dict:
    """A preview asked for again with the text unchanged: the ready one comes back.

    The first request is rendered (eager) and not timed; then ``PREVIEWS`` requests
    of the same text, each must return that paper and render nothing. Floor: the
    least any "same text?" check does, one SELECT of the sections and a SHA-256."""
    import hashlib

    import django

    django.setup()
    from django.db import connection

    from papers.models import PositionPaper
    from papers.services import paper_preview_request
    from proposals.models import Proposal

    proposal = Proposal.objects.select_related("procedure").get(pk=proposal_id)
    chair = proposal.working_group.chair
    first = paper_preview_request(proposal=proposal, user=chair)
    first.refresh_from_db()
    assert first.status == "ready", first.status

    def product():
        paper = paper_preview_request(proposal=proposal, user=chair)
        assert paper.pk == first.pk, (paper.pk, first.pk)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT heading, body FROM proposals_section WHERE proposal_id = %s "
                "ORDER BY position",
                [proposal_id],
            )
            hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()

    product_s = harness.timed(product, repeats=PREVIEWS)
    floor_s = harness.timed(floor, repeats=PREVIEWS)
    assert PositionPaper.objects.filter(preview=True).count() == 1
    return {"product": product_s, "floor": floor_s}


def _languages(papers: dict) -> dict:
    """Wall time to render one language, then all of them, on the running worker:
    reset the papers to pending, queue their renders, wait until all are ready."""
    import django

    django.setup()
    from papers.models import PositionPaper
    from papers.tasks import paper_render

    def render(ids: list[int]) -> float:
        for paper in PositionPaper.objects.filter(pk__in=ids):
            if paper.file:
                paper.file.delete(save=False)
        PositionPaper.objects.filter(pk__in=ids).update(
            status="pending", file="", attempts=0, sha256="", pages=None, size=None
        )
        start = time.perf_counter()
        for pk in ids:
            paper_render.delay(pk)
        while PositionPaper.objects.filter(pk__in=ids, status="ready").count() < len(ids):
            failed = PositionPaper.objects.filter(pk__in=ids, status="failed").first()
            assert failed is None, failed and failed.error
            assert time.perf_counter() - start < 900, "renders did not finish"
            time.sleep(0.05)
        return time.perf_counter() - start

    every = list(papers.values())
    render(every[:2])  # warm up both worker processes (fonts, templates)
    one = render([papers["en"]])
    all_ = render(every)
    return {"one": one, "all": all_}


@contextmanager
def _worker(env: dict):
    """A real Celery worker, two processes (prefork), on ``harness.BROKER``."""
    worker = subprocess.Popen(
        [str(harness.BIN / "celery"), "-A", "config", "worker", "--concurrency", "2",
         "--pool", "prefork", "--loglevel", "WARNING", "--without-heartbeat",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def _call(env: dict, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_papers", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> dict:
    runs: dict[str, list[dict]] = {"product": [], "floor": []}
    harness.fresh_database()
    with tempfile.TemporaryDirectory(prefix="plenum-bench-papers-") as tmp:
        env = harness.env(
            DJANGO_SETTINGS_MODULE="config.settings.test", DJANGO_MEDIA_ROOT=f"{tmp}/media"
        )
        html_path = f"{tmp}/paper.html"
        setup = _call(env, "--setup", html_path)
        paper_id = str(setup["paper"])
        for _ in range(REPEATS):
            runs["floor"].append(_call(env, "--floor", html_path))
            runs["product"].append(_call(env, "--product", paper_id))
        preview = _call(env, "--preview", paper_id)
        queued = env | {"CELERY_TASK_ALWAYS_EAGER": "0", "CELERY_BROKER_URL": harness.BROKER}
        with _worker(queued):
            languages = _call(queued, "--languages", json.dumps(setup["papers"]))

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    product_s, floor_s = median("product", "cpu"), median("floor", "cpu")
    product_wall, floor_wall = median("product", "seconds"), median("floor", "seconds")
    product_mib = median("product", "peak_kib") / 1024
    floor_mib = median("floor", "peak_kib") / 1024
    worker_mib = median("product", "worker_peak_kib") / 1024
    product_inc = statistics.median(r["peak_kib"] - r["before_kib"] for r in runs["product"]) / 1024
    floor_inc = statistics.median(r["peak_kib"] - r["before_kib"] for r in runs["floor"]) / 1024
    last = runs["product"][-1]
    assert len({r["sha256"] for r in runs["product"]}) == 1, "renders differ"
    print(
        f"{last['pages']} pages, {last['size'] / 1024:.0f} KiB, sha256 {last['sha256'][:16]}… "
        f"(same in all {REPEATS} product runs)\n"
        f"product {product_s:6.2f} s CPU ({product_wall:.2f} s wall)  peak {product_mib:5.0f} MiB "
        f"(process {median('product', 'before_kib') / 1024:.0f} MiB before the render)  "
        f"CPU runs {[round(r['cpu'], 2) for r in runs['product']]} "
        f"(the worker's share {[round(r['worker_cpu'], 2) for r in runs['product']]}); "
        f"the worker's own peak {worker_mib:.0f} MiB\n"
        f"floor   {floor_s:6.2f} s CPU ({floor_wall:.2f} s wall)  peak {floor_mib:5.0f} MiB "
        f"(process {median('floor', 'before_kib') / 1024:.0f} MiB before the render)  "
        f"CPU runs {[round(r['cpu'], 2) for r in runs['floor']]}"
    )
    print(
        f"preview of unchanged text {preview['product'] * 1000:.1f} ms "
        f"(floor {preview['floor'] * 1000:.1f} ms, median of {PREVIEWS})\n"
        f"{len(LANGUAGES)} languages on 2 worker processes {languages['all']:.1f} s wall, "
        f"one language {languages['one']:.1f} s ({languages['all'] / languages['one']:.2f}x; "
        f"in sequence {len(LANGUAGES)}x, ideal on 2 processes 2x)"
    )
    return {
        "paper_preview_unchanged_s": harness.figure(
            preview["product"], preview["floor"], "s (target < 0.05)"
        ),
        "paper_languages_wall_s": harness.figure(
            languages["all"],
            languages["one"],
            f"s wall, {len(LANGUAGES)} languages on 2 workers; floor: one language",
        ),
        "paper_render_100p_s": {
            "value": product_s,
            "floor": floor_s,
            "ratio": product_s / floor_s,
            "unit": f"s CPU for {last['pages']} pages (ratio target <= 1.15)",
        },
        "paper_render_100p_wall_s": {
            "value": product_wall,
            "floor": floor_wall,
            "ratio": product_wall / floor_wall,
            "unit": "s wall clock (noisy on a shared machine)",
        },
        "paper_render_100p_peak_rss_mib": {
            "value": product_mib,
            "floor": floor_mib,
            "ratio": product_mib / floor_mib,
            "unit": "MiB peak RSS of the process laying the paper out (ratio target <= 1.2)",
        },
        "paper_render_100p_worker_peak_rss_mib": {
            "value": worker_mib,
            "floor": floor_mib,
            "ratio": worker_mib / floor_mib,
            "unit": "MiB peak RSS of the worker that asked for the render (no target)",
        },
        "paper_render_100p_rss_growth_mib": {
            "value": product_inc,
            "floor": floor_inc,
            "ratio": product_inc / floor_inc,
            "unit": "MiB peak RSS above the process before the render (product: its host)",
        },
    }


COMMANDS = ("--setup", "--product", "--floor", "--preview", "--languages")
if __name__ == "__main__" and sys.argv[1:2] and sys.argv[1] in COMMANDS:
    sys.path.insert(0, str(ROOT))
    command, argument = sys.argv[1], sys.argv[2]
    if command == "--setup":
        print(json.dumps(_setup(argument)))
    elif command == "--product":
        print(json.dumps(_product(int(argument))))
    elif command == "--preview":
        print(json.dumps(_preview(int(argument))))
    elif command == "--languages":
        print(json.dumps(_languages(json.loads(argument))))
    else:
        print(json.dumps(_floor(argument)))
