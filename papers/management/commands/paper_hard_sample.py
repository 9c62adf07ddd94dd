"""``manage.py paper_hard_sample [--output FILE] [--sections N]``: render the hard paper."""

from pathlib import Path

from django.core.management.base import BaseCommand

from papers.hard_sample import hard_render


class Command(BaseCommand):
    help = (
        "Render a paper built to be hard (long tables, nested lists, Greek, Bulgarian, "
        "emoji, long headings, straight quotes; about 100 pages) to a PDF file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="hard-paper.pdf", help="Where to write the PDF.")
        parser.add_argument(
            "--sections", type=int, default=36, help="Sections to print (36 ≈ 100 pages)."
        )
        parser.add_argument("--language", default="en", help="The paper's language.")

    def handle(self, *args, output, sections, language, **options):
        rendered = hard_render(language=language, sections=sections)
        Path(output).write_bytes(rendered.content)
        self.stdout.write(
            f"{output}: {rendered.pages} pages, {rendered.size} bytes, sha256 {rendered.sha256}"
        )
