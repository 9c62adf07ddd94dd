"""HTML → PDF, deterministic, tagged (PDF/UA-1), fetching nothing but our statics,
laid out in a process of its own.

The render itself is ``papers.pdf_engine`` (no Django there). ``pdf_render`` runs
it in a render process forked from a fork server that has imported WeasyPrint
and nothing of Django (``papers.pdf_warm``), one process per render: the
layout's memory is the render process's and goes when it ends, a crash or an
out-of-memory kill in WeasyPrint's C libraries ends that process, not the
worker, and the worker (or web process) never loads WeasyPrint at all.
ARCHITECTURE.md has the decision.

Three rules make a render reproducible byte for byte:

- every date written into the PDF is the ``moment`` the paper carries (the
  adoption date), never the clock: the document's created/modified dates, and
  the ``head.modified`` date of any font fontTools writes (``pdf_engine``);
- the PDF file identifier is derived from the paper (reference, version,
  language), not random;
- fonts are the files shipped in ``static/fonts``, subset by HarfBuzz
  (Debian's ``libharfbuzz-subset0``), not whatever the machine has installed.

The render process reads nothing itself: every URL the document loads is asked
of this process, where ``StaticOnlyFetcher`` answers only URLs under
``STATIC_ORIGIN`` (a reserved, never-resolving host) and only with files
Django's static finders know. Any other URL (``file://``, ``http(s)://``
elsewhere, ``data:``) is refused without touching the disk or the network, and
the document renders without it. One exception, for the cover's logo: URLs
under ``MEDIA_ORIGIN`` (another reserved host) are answered from Django's
default storage, for files in ``MEDIA_FOLDERS`` only (the network profile's logo
folder).
"""

import contextlib
import hashlib
import logging
import mimetypes
import os
import posixpath
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from papers import frames

#: The base URL of every paper. ``.invalid`` is reserved (RFC 2606): it never
#: resolves, and the fetcher below never tries.
STATIC_ORIGIN = "https://static.plenum.invalid/"


class _HarfBuzzWarningOnce(logging.Filter):
    """Let WeasyPrint's HarfBuzz warnings through once a process.

    Without HarfBuzz-Subset (or when it fails on a font) WeasyPrint warns for each
    font of each render ("Using fontTools instead of HarfBuzz-Subset for font …"):
    19 lines for the demo's papers. One says it all; ``papers.W001`` says it at start.
    """

    def __init__(self) -> None:
        super().__init__()
        self.shown = False

    def filter(self, record: logging.LogRecord) -> bool:
        if "HarfBuzz" not in str(record.msg):
            return True
        if self.shown:
            return False
        self.shown = True
        return True


weasyprint_logger = logging.getLogger("weasyprint")
weasyprint_logger.addFilter(_HarfBuzzWarningOnce())


class RefusedURL(ValueError):
    """A resource the paper may not load."""


#: The base URL of the storage files a paper may load (``media_url``); reserved too.
MEDIA_ORIGIN = "https://media.plenum.invalid/"
#: The only storage folders under it: the network's logo (``members.models.LOGO_FOLDER``).
MEDIA_FOLDERS = ("network/",)
#: The largest storage file served (the logo's own limit is smaller).
MEDIA_MAX_BYTES = 1024 * 1024


def media_url(name: str) -> str:
    """The URL a paper uses for the storage file ``name`` (see ``StaticOnlyFetcher``)."""
    return MEDIA_ORIGIN + quote(name)


def _relative_path(url: str, origin: str) -> str:
    """The normalized path of ``url`` under ``origin``, or raise ``RefusedURL``."""
    if not url.startswith(origin):
        raise RefusedURL(f"Only the project's static files may be loaded, not {url!r}.")
    path = unquote(urlsplit(url).path).lstrip("/")
    normalized = posixpath.normpath(path) if path else ""
    if (
        not normalized
        or normalized.startswith("..")
        or normalized.startswith("/")
        or "\\" in normalized
        or "\x00" in normalized
    ):
        raise RefusedURL(f"Not a static file: {url!r}.")
    return normalized


@dataclass(frozen=True)
class Fetched:
    """A file the fetcher serves: what the render process gets for a URL."""

    url: str
    body: bytes
    content_type: str

    def read(self, size: int = -1) -> bytes:
        return self.body if size < 0 else self.body[:size]


class StaticOnlyFetcher:
    """Serve the project's own static files, refuse everything else."""

    def __init__(self) -> None:
        #: Every URL asked for, served or refused (tests read it).
        self.requested: list[str] = []

    @staticmethod
    def static_path(url: str) -> str:
        """The static file path behind ``url``, or raise ``RefusedURL``."""
        return _relative_path(url, STATIC_ORIGIN)

    @staticmethod
    def media_name(url: str) -> str:
        """The storage name behind ``url`` (in ``MEDIA_FOLDERS``), or raise ``RefusedURL``."""
        name = _relative_path(url, MEDIA_ORIGIN)
        if not name.startswith(MEDIA_FOLDERS):
            raise RefusedURL(f"Not a file a paper may load: {url!r}.")
        return name

    def _fetch_media(self, url: str) -> Fetched:
        name = self.media_name(url)
        try:
            with default_storage.open(name, "rb") as handle:
                body = handle.read(MEDIA_MAX_BYTES + 1)
        except OSError:
            raise RefusedURL(f"No such file: {name!r}.") from None
        if len(body) > MEDIA_MAX_BYTES:
            raise RefusedURL(f"Too large for a paper: {name!r}.")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Fetched(url, body, content_type)

    def fetch(self, url: str) -> Fetched:
        self.requested.append(url)
        if url.startswith(MEDIA_ORIGIN):
            return self._fetch_media(url)
        path = self.static_path(url)
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"No such static file: {path!r}.")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Fetched(url, body, content_type)


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    #: CPU seconds and peak memory (KiB) of the process that laid the paper out.
    cpu_seconds: float = 0.0
    peak_kib: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


class RenderFailed(RuntimeError):
    """The render process raised (its error and traceback are the message)."""


class RenderProcessLost(RuntimeError):
    """The render process ended without an answer (killed, out of memory, crashed)."""


def pdf_identifier(*parts: object) -> bytes:
    """A stable 16-byte file identifier derived from what the paper is."""
    return hashlib.md5("|".join(str(p) for p in parts).encode(), usedforsecurity=False).digest()


class _Host:
    """A render host (``python -m papers.pdf_engine``): WeasyPrint loaded, no Django;
    it forks one render process per render. One render at a time per host."""

    def __init__(self) -> None:
        to_host, self._write = os.pipe()
        self._read, from_host = os.pipe()
        alive, self._alive = os.pipe()
        fds = (to_host, from_host, alive)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "papers.pdf_engine", *map(str, fds)],
            pass_fds=fds,
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
        )
        for fd in fds:
            os.close(fd)
        self.render_pid: int | None = None

    def send(self, message) -> None:
        frames.frame_send(self._write, message)

    def recv(self):
        return frames.frame_recv(self._read)

    def close(self) -> None:
        """End the host and any render it runs, now."""
        for fd in (self._write, self._read, self._alive):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.render_pid:
            with contextlib.suppress(OSError):
                os.kill(self.render_pid, signal.SIGKILL)
        self.process.kill()
        self.process.wait()


_hosts_lock = threading.Lock()
#: Hosts waiting for a render (threads rendering at once each take their own).
_idle_hosts: list[_Host] = []


def _answer(fetcher: StaticOnlyFetcher, url: str) -> tuple:
    try:
        fetched = fetcher.fetch(url)
    except Exception as exc:  # refused: the render goes on without it
        return ("refused", f"{type(exc).__name__}: {exc}")
    return ("ok", fetched.url, fetched.body, fetched.content_type)


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _converse(host: _Host, request: tuple, fetcher: StaticOnlyFetcher) -> tuple:
    """Ask ``host`` for one render; answer its URLs; the result once its process ended."""
    host.send(("render",))
    host.send(request)
    result = None
    while True:
        try:
            message = host.recv()
        except EOFError:
            raise RenderProcessLost("The render host ended without a result.") from None
        kind = message[0]
        if kind == "started":
            host.render_pid = message[1]
        elif kind == "fetch":
            host.send(_answer(fetcher, message[1]))
        elif kind == "ended":
            host.render_pid = None
            if result is None:
                raise RenderProcessLost(
                    f"The render process ended without a result ({_ended(message[1])})."
                )
            return result
        else:
            result = message


def pdf_render(
    html: str,
    *,
    moment: datetime,
    identifier: bytes,
    fetcher: StaticOnlyFetcher | None = None,
) -> RenderedPdf:
    """Render ``html`` (a complete document) to a tagged PDF/A-2a and PDF/UA-1 file,
    in a render process of its own (see the module's docstring).

    ``moment`` is the date the paper carries (adoption date): the PDF's creation
    and modification dates and its fonts' dates. ``identifier`` is the PDF file
    identifier. Same inputs, same bytes, whatever else runs at the same time.
    Raises ``RenderFailed`` or ``RenderProcessLost``; the render never outlives
    the call (a soft time limit included: the host and its render are ended).
    """
    fetcher = fetcher or StaticOnlyFetcher()
    with _hosts_lock:
        host = _idle_hosts.pop() if _idle_hosts else None
    host = host or _Host()
    request = (html, int(moment.timestamp()), identifier, STATIC_ORIGIN)
    try:
        result = _converse(host, request, fetcher)
    except BaseException:
        host.close()
        raise
    with _hosts_lock:
        _idle_hosts.append(host)
    if result[0] == "error":
        _kind, name, message, trace = result
        raise RenderFailed(f"{name}: {message}\n\n{trace}")
    _kind, content, pages, cpu_seconds, peak_kib, records = result
    for level, text in records:
        weasyprint_logger.log(level, text)
    return RenderedPdf(content=content, pages=pages, cpu_seconds=cpu_seconds, peak_kib=peak_kib)


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint found HarfBuzz-Subset (without it renders are slower)."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None
