"""Public pages (no login): the register of published papers, its Atom feed, the PDFs."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from papers.api import pdf_response
from papers.labels import register_labels
from papers.selectors import public_paper_get, register_entries
from papers.typography import xml_safe
from proposals.text import render_markdown


def paper_public_url(paper) -> str:
    """The permanent link of a published paper: ``/papers/<reference>/<lang>.pdf``."""
    return reverse("paper-public", args=[paper.proposal.reference, paper.language])


def _absolute(path: str) -> str:
    """Feed links are absolute, on ``PLENUM_BASE_URL`` (the public address)."""
    return settings.PLENUM_BASE_URL.rstrip("/") + path


@require_safe
def register(request):
    """Published position papers, newest first, with permanent links and checksums."""
    languages = dict(settings.PAPER_LANGUAGES)
    entries = register_entries()
    for entry in entries:
        for paper in entry["papers"]:
            paper.public_url = paper_public_url(paper)
            paper.language_name = languages.get(paper.language, paper.language)
            paper.pages_label = ngettext(
                "%(counter)s page", "%(counter)s pages", paper.pages or 0
            ) % {"counter": paper.pages or 0}
    return render(
        request, "papers/register.html", {"entries": entries, "labels": register_labels()}
    )


@require_safe
def paper_download(request, reference: str, language: str):
    paper = public_paper_get(reference=reference, language=language)
    if paper is None:
        raise Http404(_("No published paper with this reference in this language."))
    return pdf_response(paper)


class PapersFeed(Feed):
    """Atom feed of the register: one entry per published position paper."""

    feed_type = Atom1Feed
    title = gettext_lazy("Published position papers")
    subtitle = gettext_lazy("Position papers adopted and published by the network.")

    def link(self):
        return _absolute(reverse("papers-register"))

    def feed_url(self):
        return _absolute(reverse("papers-feed"))

    def author_name(self):
        return settings.PLENUM_NETWORK_NAME

    def items(self):
        return register_entries()[:50]

    def item_title(self, entry):
        return xml_safe(f"{entry['reference']} — {entry['title']}")

    def item_description(self, entry):
        # The HTML the proposal page shows: Markdown through the nh3 allow-list, so no
        # script, event attribute or javascript: link reaches a feed reader.
        html = render_markdown(entry["summary"]) if entry["summary"] else ""
        if entry.get("submitted_eu_at"):
            label = _("submitted to the European Commission on")
            day = formats.date_format(entry["submitted_eu_at"], "DATE_FORMAT")
            html += f"<p>{escape(label)} {escape(day)}</p>"
        return xml_safe(html)

    def item_link(self, entry):
        return _absolute(f"{reverse('papers-register')}#{entry['reference']}")

    def item_guid(self, entry):
        return self.item_link(entry)  # permanent: the register's anchor of the reference

    def item_pubdate(self, entry):
        return entry["published_at"]

    def item_updateddate(self, entry):
        return entry["published_at"]

    def item_author_name(self, entry):
        return settings.PLENUM_NETWORK_NAME

    def item_enclosures(self, entry):
        return [
            Enclosure(_absolute(paper_public_url(p)), str(p.size or 0), "application/pdf")
            for p in entry["papers"]
        ]
