"""The render itself, HTML to finished PDF bytes, and the process it runs in: no Django here.

This module imports WeasyPrint, fontTools and (lazily) pikepdf, never Django, so
the process that lays a paper out holds WeasyPrint and the paper only
(``papers.render.pdf_render`` runs it; ARCHITECTURE.md says why).

``document_render`` is the render, callable in any process: it writes every date
of the PDF from ``epoch`` (the date the paper carries, never the clock) and sets
no process-wide state, so two renders may run side by side in threads. The
fonts' date is held in a ``ContextVar``, which each thread sees on its own.
fontTools has no parameter for that date, so this module patches fontTools once,
at import: ``_font_timestamp`` takes the place of ``timestampNow`` in
``fontTools.ttLib.tables._h_e_a_d`` (only used when HarfBuzz-Subset is missing),
and outside a render it answers exactly as fontTools does.

``host`` is the render host, run as ``python -m papers.pdf_engine`` by
``papers.render``: it warms WeasyPrint up once, then forks one render process
per render. The render process asks the other end for every URL the document
loads (the other end decides what may be loaded:
``papers.render.StaticOnlyFetcher``), and sends back the PDF, its page count,
its CPU time and peak memory, and what WeasyPrint logged. It ends when the
render ends, or at once when the other end goes away (the ``alive`` pipe
closes), so a worker killed mid-render leaves no render behind.
"""

import contextlib
import io
import logging
import os
import resource
import sys
import threading
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import NamedTuple

from fontTools.misc import timeTools
from fontTools.ttLib.tables import _h_e_a_d
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from papers.frames import frame_recv, frame_send

#: WeasyPrint's variant of every paper: PDF/A-2a; ``papers.pdf_fix`` adds PDF/UA-1
#: (WeasyPrint writes one variant at a time).
PDF_VARIANT = "pdf/a-2a"

#: The date (seconds since 1970) of the paper this thread or task is rendering.
_render_epoch: ContextVar[int | None] = ContextVar("papers_render_epoch", default=None)


def _font_timestamp() -> int:
    """``head.modified`` of a font fontTools writes: the paper's date during a
    render, fontTools' own answer (the clock, or ``SOURCE_DATE_EPOCH``) otherwise."""
    epoch = _render_epoch.get()
    if epoch is None:
        return timeTools.timestampNow()
    return epoch - timeTools.epoch_diff


_h_e_a_d.timestampNow = _font_timestamp


def pdf_date(epoch: int) -> str:
    """``epoch`` as the W3C date WeasyPrint writes into the PDF (UTC, to the second)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_render(html: str, *, epoch: int, identifier: bytes, fetcher, base_url: str):
    """``html`` (a complete document) as tagged PDF/A-2a and PDF/UA-1 bytes, and its pages.

    ``fetcher`` answers every URL the document loads (a WeasyPrint ``URLFetcher``).
    Same inputs, same bytes, whatever else runs at the same time.
    """
    token = _render_epoch.set(epoch)
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, pdf_identifier=identifier
        )
        document.metadata.created = document.metadata.modified = pdf_date(epoch)
        output = io.BytesIO()
        document.write_pdf(output, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    finally:
        _render_epoch.reset(token)
    pages = len(document.pages)
    del document  # the layout's boxes go before pikepdf reads the file: a lower peak
    # Imported here, not at the top: pikepdf (and its qpdf library) is loaded after
    # the layout, and only by the processes that render.
    from papers.pdf_fix import pdf_finish

    return pdf_finish(output.getvalue()), pages


class Refused(ValueError):
    """A URL the other end refused to serve (its reason is the message)."""


class CallingFetcher(URLFetcher):
    """WeasyPrint's fetcher serving what ``ask(url)`` returns: an object with ``url``,
    ``body`` and ``content_type`` (``papers.render.Fetched``); what it raises, WeasyPrint
    logs, and the document renders without that resource."""

    def __init__(self, ask) -> None:
        super().__init__(allow_redirects=False)
        self.ask = ask

    def fetch(self, url, headers=None):
        answer = self.ask(url)
        return URLFetcherResponse(
            answer.url, body=answer.body, headers={"Content-Type": answer.content_type}
        )


class _Answer(NamedTuple):
    url: str
    body: bytes
    content_type: str


def _asking(read_fd: int, write_fd: int):
    """``ask`` for ``CallingFetcher``: every URL is asked of the other end of the pipes."""

    def ask(url: str) -> _Answer:
        frame_send(write_fd, ("fetch", url))
        answer = frame_recv(read_fd)
        if answer[0] != "ok":
            raise Refused(answer[1])
        return _Answer(*answer[1:])

    return ask


class _Kept(logging.Handler):
    """What WeasyPrint logs during the render, sent back with the result."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _end_with(alive_fd: int) -> None:
    """Wait on ``alive_fd``; when the other end is gone (the pipe closes), end the process."""
    with contextlib.suppress(OSError):
        while os.read(alive_fd, 1):
            pass
    os._exit(3)


def _render_one(read_fd: int, write_fd: int) -> None:
    """One render, in a process forked for it: the request, its URLs, the result."""
    frame_send(write_fd, ("started", os.getpid()))
    kept = _Kept()
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(kept)
    weasyprint_logger.setLevel(logging.INFO)
    weasyprint_logger.propagate = False
    html, epoch, identifier, base_url = frame_recv(read_fd)
    try:
        content, pages = document_render(
            html,
            epoch=epoch,
            identifier=identifier,
            fetcher=CallingFetcher(_asking(read_fd, write_fd)),
            base_url=base_url,
        )
    except Exception as exc:  # sent to the other end, which raises it there
        frame_send(write_fd, ("error", type(exc).__name__, str(exc), traceback.format_exc()))
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    frame_send(write_fd, ("done", content, pages, cpu, usage.ru_maxrss, kept.records))


def host(read_fd: int, write_fd: int, alive_fd: int) -> None:
    """The render host: WeasyPrint warmed up once, then one forked process per render.

    For each ``("render",)`` read on ``read_fd`` it forks; the child converses over
    the same pipes (``_render_one``) and ends; the host then writes
    ``("ended", wait status)``, so the other end always learns how the render
    process ended, killed or not. The host ends when ``read_fd`` closes; host and
    render processes end at once when ``alive_fd`` closes (the other end is gone).
    """
    warm_up()
    while True:
        try:
            frame_recv(read_fd)
        except EOFError:
            return
        pid = os.fork()
        if pid == 0:  # the render process
            code = 1
            try:
                threading.Thread(target=_end_with, args=(alive_fd,), daemon=True).start()
                _render_one(read_fd, write_fd)
                code = 0
            finally:
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        frame_send(write_fd, ("ended", status))


def warm_up() -> None:
    """What every render would do first: load Pango, fontconfig, HarfBuzz, the UA style sheets."""
    HTML(string='<html lang="en"><p>Warm up.</p></html>').write_pdf()


if __name__ == "__main__":  # python -m papers.pdf_engine READ_FD WRITE_FD ALIVE_FD
    host(*(int(fd) for fd in sys.argv[1:4]))
