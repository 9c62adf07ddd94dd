"""A render changes no process-wide state, so renders may run side by side
(a threaded worker, two requests) and each still gives its own bytes.

``papers.pdf_engine.document_render`` is what the render process runs; the
tests that change WeasyPrint or fontTools for the test (no HarfBuzz-Subset, a
clock moved on) call it here, in this process, where the change holds.
"""

import io
import os
import threading
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from fontTools.misc.timeTools import epoch_diff
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from papers.pdf_engine import CallingFetcher, document_render
from papers.render import STATIC_ORIGIN, StaticOnlyFetcher, pdf_identifier, pdf_render

MARCH = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
JUNE = datetime(2026, 6, 30, 17, 45, tzinfo=UTC)


def _html(title: str) -> str:
    return (
        f'<html lang="en"><head><title>{title}</title>'
        '<link rel="stylesheet" href="css/paper.css"></head><body>'
        f"<h1>{title}</h1><p>Reserved contracts for <em>social</em> enterprises.</p>"
        "</body></html>"
    )


def _render(title: str, moment: datetime) -> bytes:
    """The render as the render process runs it, here."""
    content, _pages = document_render(
        _html(title),
        epoch=int(moment.timestamp()),
        identifier=pdf_identifier(title),
        fetcher=CallingFetcher(StaticOnlyFetcher().fetch),
        base_url=STATIC_ORIGIN,
    )
    return content


def _render_apart(title: str, moment: datetime) -> bytes:
    """The render as papers run it: in a render process."""
    return pdf_render(_html(title), moment=moment, identifier=pdf_identifier(title)).content


def _font_dates(content: bytes) -> set[int]:
    """``head.modified`` of every embedded font, in seconds since 1970."""
    dates = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            dates.add(TTFont(io.BytesIO(data))["head"].modified + epoch_diff)
    return dates


@pytest.fixture
def fonttools_subsetter(monkeypatch):
    """As on a machine without HarfBuzz-Subset: fontTools subsets the fonts, and
    stamps each with "now" unless told the paper's date."""
    monkeypatch.setattr("weasyprint.pdf.fonts.harfbuzz_subset", None)


class RecordingEnviron(dict):
    """``os.environ`` stand-in that remembers every write."""

    def __init__(self, *args):
        super().__init__(*args)
        self.writes: list[str] = []

    def __setitem__(self, key, value):
        self.writes.append(f"set {key}")
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self.writes.append(f"del {key}")
        super().__delitem__(key)

    def pop(self, key, *default):
        self.writes.append(f"pop {key}")
        return super().pop(key, *default)

    def setdefault(self, key, default=None):
        self.writes.append(f"setdefault {key}")
        return super().setdefault(key, default)

    def update(self, *args, **kwargs):
        self.writes.append("update")
        super().update(*args, **kwargs)

    def clear(self):
        self.writes.append("clear")
        super().clear()


def test_a_render_leaves_os_environ_alone(monkeypatch):
    environ = RecordingEnviron(os.environ)
    monkeypatch.setattr(os, "environ", environ)

    content = _render("Untouched", MARCH)
    apart = _render_apart("Untouched", MARCH)

    assert content.startswith(b"%PDF")
    assert apart == content
    assert environ.writes == []


def test_fonts_carry_the_paper_s_date_even_when_fonttools_subsets_them(
    fonttools_subsetter, monkeypatch
):
    first = _render("Dated", MARCH)
    # the clock moves on (a day later): the paper must not notice
    later = SimpleNamespace(time=lambda: JUNE.timestamp() + 86400)
    monkeypatch.setattr("fontTools.misc.timeTools.time", later)
    second = _render("Dated", MARCH)

    assert first == second
    assert _font_dates(first) == {int(MARCH.timestamp())}


def _side_by_side(render, times: int) -> dict[str, list[bytes]]:
    """``render(title, moment)`` for March and June in two threads at once, ``times``
    each: what each gave, in order; an error in a thread fails the test."""
    together: dict[str, list[bytes]] = {"March": [], "June": []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(title, moment):
        try:
            start.wait()
            for _ in range(times):
                together[title].append(render(title, moment))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=("March", MARCH)),
        threading.Thread(target=run, args=("June", JUNE)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return together


def test_two_renders_in_two_threads_give_the_bytes_each_gives_alone(fonttools_subsetter):
    alone = {"March": _render("March", MARCH), "June": _render("June", JUNE)}

    together = _side_by_side(_render, times=3)

    assert together == {title: [content] * 3 for title, content in alone.items()}
    assert _font_dates(together["June"][0]) == {int(JUNE.timestamp())}


def test_two_renders_in_two_threads_each_in_its_process_give_the_bytes_each_gives_alone():
    alone = {"March": _render("March", MARCH), "June": _render("June", JUNE)}

    together = _side_by_side(_render_apart, times=2)

    assert together == {title: [content] * 2 for title, content in alone.items()}
