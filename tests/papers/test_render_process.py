"""A paper is laid out in a render process of its own (``papers.render``).

What that must give: the process asking for the render never loads WeasyPrint;
a render process that dies is an error of that render only, and the next render
works; a worker killed mid-render leaves no render process behind.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from papers.render import (
    RenderProcessLost,
    StaticOnlyFetcher,
    pdf_identifier,
    pdf_render,
)

ROOT = Path(__file__).resolve().parents[2]
MOMENT = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
HTML = (
    '<html lang="en"><head><title>Apart</title><link rel="stylesheet" href="css/paper.css">'
    "</head><body><h1>Apart</h1><p>Reserved contracts for social enterprises.</p></body></html>"
)


def _descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":  # a zombie has ended
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _ppid(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


class KillingFetcher(StaticOnlyFetcher):
    """Kills the render process the first time it asks for a file."""

    def fetch(self, url):
        if not self.requested:
            hosts = _descendants(os.getpid()) & {
                int(p.parent.name)
                for p in Path("/proc").glob("[0-9]*/stat")
                if _ppid(p) == os.getpid()
            }
            for host in hosts:
                for render_process in _descendants(host):
                    os.kill(render_process, signal.SIGKILL)
        return super().fetch(url)


def _alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def test_a_render_process_killed_mid_render_fails_that_render_only():
    first = pdf_render(HTML, moment=MOMENT, identifier=pdf_identifier("apart"))

    with pytest.raises(RenderProcessLost, match="killed by signal 9"):
        pdf_render(
            HTML, moment=MOMENT, identifier=pdf_identifier("apart"), fetcher=KillingFetcher()
        )
    again = pdf_render(HTML, moment=MOMENT, identifier=pdf_identifier("apart"))

    assert again.content == first.content
    assert again.pages == 1


def test_the_process_that_asks_for_a_render_never_loads_weasyprint():
    script = (
        "import sys, django; django.setup()\n"
        "from datetime import UTC, datetime\n"
        "from papers.render import pdf_render\n"
        f"rendered = pdf_render({HTML!r}, moment=datetime(2026, 3, 12, tzinfo=UTC),"
        " identifier=b'0' * 16)\n"
        "print(rendered.pages, rendered.content[:5].decode(), rendered.peak_kib > 0,"
        " 'weasyprint' in sys.modules, 'pikepdf' in sys.modules)\n"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert result.stdout.split() == ["1", "%PDF-", "True", "False", "False"]


#: A worker that asks for a long render (about 170 pages) and says when it has begun.
LONG_RENDER = """
import sys, django
django.setup()
from datetime import UTC, datetime
from papers.render import StaticOnlyFetcher, pdf_render

class Telling(StaticOnlyFetcher):
    def fetch(self, url):
        if not self.requested:
            print("asked", flush=True)
        return super().fetch(url)

html = ('<html lang="en"><head><title>Long</title><link rel="stylesheet" href="css/paper.css">'
        '</head><body>' + ('<p>' + 'reserved contracts ' * 40 + '</p>') * 3000 + '</body></html>')
pdf_render(html, moment=datetime(2026, 3, 12, tzinfo=UTC), identifier=b"0" * 16, fetcher=Telling())
"""


def test_a_worker_killed_mid_render_leaves_no_render_process_behind():
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    worker = subprocess.Popen(
        [sys.executable, "-c", LONG_RENDER],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout.readline().strip() == "asked"
        below = _descendants(worker.pid)
        assert len(below) == 2  # the host and its render process
        worker.kill()  # the render has much layout left, and no one to send it to
        worker.wait(timeout=10)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and _alive(below):
            time.sleep(0.1)
        assert _alive(below) == set(), "the render outlived its worker"
    finally:
        worker.kill()
        worker.stdout.close()


def test_a_render_that_raises_is_reported_with_the_render_processes_error():
    from papers.render import RenderFailed

    far_future = SimpleNamespace(timestamp=lambda: 10**12)  # the year 33658: no PDF date

    with pytest.raises(RenderFailed, match="ValueError: year 33658 is out of range"):
        pdf_render(HTML, moment=far_future, identifier=pdf_identifier("x"))

    assert pdf_render(HTML, moment=MOMENT, identifier=pdf_identifier("x")).pages == 1
