"""``manage.py papers_validate``: render papers, run both PDF checkers, fail on any error.

Renders every ready paper of the database again with the current code (the
demo's papers after ``seed_demo``), the first adopted one again in Greek
(its words, dates and fonts in a script other than Latin; unsaved) and the
hard paper, runs ``page``
(PDF/UA-1 and PDF/A-2a) and ``outloud`` on each, prints each checker's summary
line per paper and exits non-zero when a rule fails or outloud reports an
error. ``--keep DIR`` writes the PDFs there (to look at them).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from papers.conformance import validate_pdf
from papers.hard_sample import hard_render
from papers.models import PositionPaper
from papers.services import paper_render_bytes


class Command(BaseCommand):
    help = "Render the ready papers and the hard paper, and check them with page and outloud."

    def add_arguments(self, parser):
        parser.add_argument("--keep", default="", help="Write the rendered PDFs to this folder.")
        parser.add_argument(
            "--hard-sections", type=int, default=36, help="Sections of the hard paper (0: none)."
        )
        parser.add_argument("--no-db", action="store_true", help="Only the hard paper.")

    def _papers(self, no_db: bool):
        if not no_db:
            ready = PositionPaper.objects.filter(status=PositionPaper.Status.READY)
            for paper in ready.select_related("proposal").order_by("proposal__reference", "pk"):
                name = f"{paper.proposal.reference}-{paper.language}"
                if paper.preview:
                    name += f"-preview-{paper.pk}"
                yield f"{name}.pdf", lambda paper=paper: paper_render_bytes(paper)
            adopted = ready.filter(preview=False).order_by("pk").first()
            if (
                adopted is not None
                and not ready.filter(
                    proposal=adopted.proposal, version=adopted.version, language="el"
                ).exists()
            ):
                greek = PositionPaper(
                    proposal=adopted.proposal, version=adopted.version, language="el"
                )
                yield f"{adopted.proposal.reference}-el.pdf", lambda: paper_render_bytes(greek)
        if self.hard_sections:
            yield "PP-HARD-001-en.pdf", lambda: hard_render(sections=self.hard_sections)

    def handle(self, *args, keep, hard_sections, no_db, **options):
        self.hard_sections = hard_sections
        folder = Path(keep) if keep else None
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        checked, failed = 0, []
        for name, render in self._papers(no_db):
            rendered = render()
            if folder:
                (folder / name).write_bytes(rendered.content)
            verdict = validate_pdf(rendered.content, name)
            for line in verdict.summary_lines():
                self.stdout.write(line)
            checked += 1
            if not verdict.ok:
                failed.append(name)
        if not checked:
            raise CommandError("No paper to check: seed the demo first (manage.py seed_demo).")
        if failed:
            raise CommandError(f"{len(failed)} of {checked} paper(s) failed: {', '.join(failed)}")
        self.stdout.write(f"{checked} paper(s) checked: all pass PDF/UA-1, PDF/A-2a and outloud.")
