"""HTML → PDF with WeasyPrint: deterministic, tagged (PDF/UA-1), fetching nothing but our statics.

Three rules make a render reproducible byte for byte:

- every date written into the PDF is the ``moment`` the paper carries (the
  adoption date), never the clock: the document's created/modified dates, and
  the ``head.modified`` date of any font fontTools writes (WeasyPrint falls
  back to the fontTools subsetter without HarfBuzz-Subset, and uses fontTools
  for variable and colour fonts);
- the PDF file identifier is derived from the paper (reference, version,
  language), not random;
- fonts are the files shipped in ``static/fonts``, subset by HarfBuzz
  (Debian's ``libharfbuzz-subset0``), not whatever the machine has installed.

A render sets no process-wide state (no ``os.environ``, no global set and
restored), so renders may run side by side in threads: the fonts' date is
held in a ``ContextVar``, which each thread sees on its own. fontTools has no
parameter for that date, so this module patches fontTools once, at import:
``_font_timestamp`` takes the place of ``timestampNow`` in
``fontTools.ttLib.tables._h_e_a_d`` (only used when HarfBuzz-Subset is
missing), and outside a render it answers exactly as fontTools does.

The ``url_fetcher`` answers only URLs under ``STATIC_ORIGIN`` (a reserved,
never-resolving host) and only with files Django's static finders know. Any
other URL (``file://``, ``http(s)://`` elsewhere, ``data:``) is refused
without touching the disk or the network, and the document renders without it.
One exception, for the cover's logo: URLs under ``MEDIA_ORIGIN`` (another
reserved host) are answered from Django's default storage, for files in
``MEDIA_FOLDERS`` only (the network profile's logo folder).
"""

import hashlib
import io
import logging
import mimetypes
import posixpath
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from fontTools.misc import timeTools
from fontTools.ttLib.tables import _h_e_a_d
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: The base URL of every paper. ``.invalid`` is reserved (RFC 2606): it never
#: resolves, and the fetcher below never tries.
STATIC_ORIGIN = "https://static.plenum.invalid/"

#: WeasyPrint's variant of every paper: PDF/A-2a; ``papers.pdf_fix`` adds PDF/UA-1
#: (WeasyPrint writes one variant at a time).
PDF_VARIANT = "pdf/a-2a"


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


logging.getLogger("weasyprint").addFilter(_HarfBuzzWarningOnce())


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


class StaticOnlyFetcher(URLFetcher):
    """Serve the project's own static files, refuse everything else."""

    def __init__(self) -> None:
        super().__init__(allow_redirects=False)
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

    def _fetch_media(self, url: str) -> URLFetcherResponse:
        name = self.media_name(url)
        try:
            with default_storage.open(name, "rb") as handle:
                body = handle.read(MEDIA_MAX_BYTES + 1)
        except OSError:
            raise RefusedURL(f"No such file: {name!r}.") from None
        if len(body) > MEDIA_MAX_BYTES:
            raise RefusedURL(f"Too large for a paper: {name!r}.")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def fetch(self, url, headers=None):
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
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


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


def pdf_date(moment: datetime) -> str:
    """``moment`` as the W3C date WeasyPrint writes into the PDF (UTC, to the second)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pdf_identifier(*parts: object) -> bytes:
    """A stable 16-byte file identifier derived from what the paper is."""
    return hashlib.md5("|".join(str(p) for p in parts).encode(), usedforsecurity=False).digest()


def pdf_render(
    html: str,
    *,
    moment: datetime,
    identifier: bytes,
    fetcher: StaticOnlyFetcher | None = None,
) -> RenderedPdf:
    """Render ``html`` (a complete document) to a tagged PDF/A-2a and PDF/UA-1 file.

    ``moment`` is the date the paper carries (adoption date): the PDF's creation
    and modification dates and its fonts' dates. ``identifier`` is the PDF file
    identifier. Same inputs, same bytes, whatever else runs at the same time.
    """
    fetcher = fetcher or StaticOnlyFetcher()
    token = _render_epoch.set(int(moment.timestamp()))
    try:
        document = HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, pdf_identifier=identifier
        )
        document.metadata.created = document.metadata.modified = pdf_date(moment)
        output = io.BytesIO()
        document.write_pdf(output, pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    finally:
        _render_epoch.reset(token)
    pages = len(document.pages)
    del document  # the layout's boxes go before pikepdf reads the file: a lower peak
    # Imported here, not at the top: pikepdf (and its qpdf library) is loaded after
    # the layout, not in every process that imports this module (web, worker, at start).
    from papers.pdf_fix import pdf_finish

    content = pdf_finish(output.getvalue())
    return RenderedPdf(content=content, pages=pages)


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint found HarfBuzz-Subset (without it renders are slower)."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None
