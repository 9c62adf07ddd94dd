"""The paper's print model: everything the print template (``papers/paper.html``) shows.

``paper_context`` builds it in the paper's own language, from what the paper
is about only (the adopted version or the preview's snapshot, the closed vote,
the consultation report), never from the clock: the same paper always prints
the same. ``print_html`` renders the template with it; rendering that to PDF
is ``papers.services.paper_render_bytes``.
"""

import functools
from datetime import datetime, timedelta
from html import unescape

from django.conf import settings
from django.template import Engine
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.selectors import consultation_report
from members.models import Network
from papers.labels import amendment_status_labels, choice_labels, paper_labels
from papers.locales import paper_date, paper_number
from papers.models import PositionPaper
from papers.render import media_url
from papers.typography import align_figures, smart_html, smart_text, xml_safe
from proposals.models import Proposal, Version
from proposals.planning import BRUSSELS
from proposals.text import render_markdown, split_paragraphs
from translations.selectors import translated_text
from translations.status import DONE, source_units, unit_status
from voting.selectors import results_public


def _majority_label(code: str) -> str:
    labels = {
        "simple": _("simple majority (more yes than no)"),
        "absolute": _("absolute majority (yes above half of all votes cast)"),
        "two_thirds": _("two-thirds majority (yes at least two thirds of yes and no)"),
    }
    return labels.get(code, code)


def _kind_labels() -> dict[str, str]:
    return {
        "replace": _("Replace the paragraph"),
        "insert_after": _("Insert after the paragraph"),
        "delete": _("Delete the paragraph"),
    }


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _number(value, digits: int = 1) -> str:
    """A number in the active (the paper's) language's format (``83.3`` / ``83,3``)."""
    return paper_number(value, translation.get_language(), digits)


def vote_chart(*, yes: int, no: int, abstain: int) -> dict:
    """Geometry of the small horizontal bar chart (SVG user units; bars up to 220 wide)."""
    cast = yes + no + abstain
    labels = choice_labels()
    rows = []
    for index, (key, weight) in enumerate((("yes", yes), ("no", no), ("abstain", abstain))):
        share = _percent(weight, cast)
        rows.append(
            {
                "key": key,
                "label": labels[key],
                "weight": weight,
                "percent": _number(share),
                # SVG user units as text: never localised ("110,0" is no length)
                "width": f"{share * 2.2:.2f}",  # bars are up to 220 units wide
                "y": 4 + index * 22,
            }
        )
    return {"rows": rows, "cast": cast, "height": 4 + 3 * 22}


def chart_description(chart: dict) -> str:
    """The vote chart in words, for a screen reader (the figure's alternative text)."""
    shares = {
        row["key"]: _("%(percent)s per cent") % {"percent": row["percent"]} for row in chart["rows"]
    }
    return _("%(yes)s voted yes, %(no)s voted no and %(abstain)s abstained.") % shares


def vote_box_for_paper(*, proposal: Proposal, version: Version | None) -> dict | None:
    """The paper's "Vote result" box: the last closed vote before ``version``
    (any closed vote for a preview), as the public results show it, in the
    active language. ``None`` when no vote has closed."""
    rounds = proposal.voting_rounds.closed().select_related("version")
    if version is not None:
        rounds = rounds.filter(version__number__lt=version.number)
    voting_round = rounds.order_by("-closed_at", "-id").first()
    if voting_round is None:
        return None
    results = results_public(voting_round=voting_round)
    choices = choice_labels()
    ballots = [
        {
            **b,
            "choice_label": (
                _("Split: yes %(yes)s · no %(no)s · abstain %(abstain)s") % b["split"]
                if b.get("split")
                else choices.get(b["choice"], b["choice"])
            ),
            "proxy_label": (
                _("cast by proxy: %(proxy)s") % {"proxy": b["by_proxy"]}
                if b.get("by_proxy")
                else ""
            ),
        }
        for b in results.get("ballots", [])
    ]
    splits = sum(1 for b in ballots if b.get("split"))
    proxies = sum(1 for b in ballots if b.get("by_proxy"))
    ballots_note = " ".join(
        text
        for text in (
            ngettext(
                "%(n)s organisation divided its weight across yes, no and abstain.",
                "%(n)s organisations divided their weight across yes, no and abstain.",
                splits,
            )
            % {"n": splits}
            if splits
            else "",
            ngettext(
                "%(n)s ballot was cast by proxy, under a mandate.",
                "%(n)s ballots were cast by proxy, under a mandate.",
                proxies,
            )
            % {"n": proxies}
            if proxies
            else "",
        )
        if text
    )
    closed_on = paper_date(results["closed_at"], translation.get_language())
    majority = _majority_label(results["majority"])
    cast = results["yes"] + results["no"] + results["abstain"]
    chart = vote_chart(yes=results["yes"], no=results["no"], abstain=results["abstain"])
    if results["passed"]:
        outcome = _("The member organisations adopted this text on %(date)s by %(majority)s.") % {
            "date": closed_on,
            "majority": majority,
        }
    else:
        outcome = _("The vote closed on %(date)s without the required majority or quorum.") % {
            "date": closed_on
        }
    return {
        "outcome": outcome,
        "turnout_text": _("%(turnout)s %% (%(cast)s of an eligible weight of %(eligible)s)")
        % {
            "turnout": _number(results["turnout_percent"] or 0),
            "cast": cast,
            "eligible": results["eligible_weight"],
        },
        "chart_description": chart_description(chart),
        "version": results["version"],
        "closed_on": closed_on,
        "yes": results["yes"],
        "no": results["no"],
        "abstain": results["abstain"],
        "cast": cast,
        "eligible_weight": results["eligible_weight"],
        "turnout": _number(results["turnout_percent"] or 0),
        "quorum_percent": results["quorum_percent"],
        "quorum_met": results["quorum_met"],
        "majority": majority,
        "passed": results["passed"],
        "secret": results["secret"],
        "ballots": ballots,
        "ballots_note": ballots_note,
        "chart": chart,
    }


def consultation_annex(*, proposal: Proposal, sections: list[dict]) -> dict | None:
    """The consultation report (consultations app), with labels in the paper's language.

    Section headings are the ones of the text printed (``sections``, matched by
    section id), so the annex reads like the paper it is part of. ``None`` when
    no consultation took place.
    """
    report = consultation_report(proposal=proposal)
    totals = report.get("totals", {})
    if not proposal.procedure.consultation_required and not (
        totals.get("comments") or totals.get("amendments")
    ):
        return None  # no consultation took place: no annex
    statuses, kinds = amendment_status_labels(), _kind_labels()
    language = translation.get_language() or "en"
    headings = {s.get("id"): smart_text(s.get("heading", ""), language) for s in sections}
    numbers = {s.get("id"): n for n, s in enumerate(sections, start=1)}

    def paragraph_ref(amendment: dict) -> str:
        """``2.3``: the paper's own numbering, when the section is in the printed text."""
        number, paragraph = numbers.get(amendment.get("section")), amendment["paragraph"]
        if number is None:
            return str(paragraph)
        return f"{number}.{paragraph}" if paragraph else str(number)

    amendments = [
        {
            **a,
            "paragraph_ref": paragraph_ref(a),
            "section_heading": headings.get(a.get("section"), a.get("section_heading", "")),
            "status_label": statuses.get(a["status"], a["status"]),
            "kind_label": kinds.get(a["kind"], a["kind"]),
            "text_html": (
                smart_html(render_markdown(a["merged_text"] or a["text"]), language)
                if a["text"]
                else ""
            ),
            "justification": smart_text(a.get("justification") or "", language),
            "response": smart_text(a.get("response") or "", language),
            "title": _("Amendment %(number)s") % {"number": a["number"]},
            "proposed_by": _("proposed by %(organisation)s")
            % {"organisation": a["organisation"]["name"]},
            "supporters_label": ngettext(
                "%(counter)s supporter", "%(counter)s supporters", a["supporter_count"]
            )
            % {"counter": a["supporter_count"]},
        }
        for a in report.get("amendments", [])
    ]
    rows = [
        {**row, "heading": headings.get(row["id"], row["heading"])} for row in report["sections"]
    ]
    return {**report, "amendments": amendments, "sections": rows}


def untranslated_units(proposal: Proposal, language: str, text: dict) -> set[str]:
    """The ids (``title``, ``s2.heading``, ``s2.p3``) of the units of ``text`` that a
    ``language`` paper prints in the source language, not translated yet (the unit's
    status is ``translations.status``'s)."""
    if language == proposal.source_language:
        return set()
    row = proposal.translations.of(language).first()
    stored = row.units if row else {}
    return {unit.id for unit in source_units(text) if unit_status(unit, stored) != DONE}


def _sections(
    raw: list[dict],
    language: str = "en",
    *,
    untranslated: frozenset[str] | set[str] = frozenset(),
    source_language: str = "",
) -> list[dict]:
    """The sections as printed. A unit in ``untranslated`` is the source's text: it
    carries ``lang`` (``source_language``), for its hyphenation, its quotes and a
    screen reader's voice; ``lang`` is empty for text in the paper's language."""

    def lang(unit: str) -> str:
        return source_language if unit in untranslated else ""

    sections = []
    for number, section in enumerate(raw, start=1):
        paragraphs = []
        for index, text in enumerate(split_paragraphs(section.get("body", "")), start=1):
            unit = lang(f"s{number}.p{index}")
            html = align_figures(smart_html(render_markdown(text), unit or language))
            paragraphs.append({"number": f"{number}.{index}", "html": html, "lang": unit})
        heading_lang = lang(f"s{number}.heading")
        sections.append(
            {
                "id": section.get("id"),
                "number": number,
                "anchor": f"section-{number}",
                "heading": smart_text(section.get("heading", ""), heading_lang or language),
                "heading_lang": heading_lang,
                "paragraphs": paragraphs,
            }
        )
    return sections


def plain_text(html: str) -> str:
    """``html``'s text as a reader sees it: no tags, no entities, one space between words."""
    return " ".join(unescape(strip_tags(html)).split())


def _with_heading_langs(report: dict | None, sections: list[dict]) -> dict | None:
    """The annex's rows and amendments with the ``lang`` of their section's heading
    (``_sections``)."""
    if report is None:
        return None
    langs = {s["id"]: s["heading_lang"] for s in sections}
    rows = [{**row, "lang": langs.get(row.get("id"), "")} for row in report["sections"]]
    amendments = [
        {**a, "section_lang": langs.get(a.get("section"), "")} for a in report["amendments"]
    ]
    return {**report, "sections": rows, "amendments": amendments}


def _page_label_css() -> str:
    """``page X of Y`` as a CSS ``content`` value, in the active language."""
    marker = "\x00"
    text = _("page %(page)s of %(pages)s") % {"page": marker + "1", "pages": marker + "2"}
    parts = []
    for chunk in text.split(marker):
        if chunk.startswith("1"):
            parts.append("counter(page)")
            chunk = chunk[1:]
        elif chunk.startswith("2"):
            parts.append("counter(pages)")
            chunk = chunk[1:]
        if chunk:
            parts.append('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def paper_moment(paper: PositionPaper) -> datetime:
    """The date the paper carries: adoption (official) or the request (preview)."""
    if paper.version is not None:
        return paper.version.created_at
    return paper.created_at


def cover_network(language: str) -> dict:
    """The network's block of the cover (SPEC §7, §12), from its profile: the name in
    ``language`` (else English), the logo (loaded through ``papers.render.media_url``),
    the contact details and the Transparency Register ID. Call it in the paper's
    language (the label is translated)."""
    network = Network.objects.get_solo()
    name = network.name_in(language)
    register_id = network.transparency_register_id
    return {
        "name": name,
        "logo_src": media_url(network.logo.name) if network.logo else "",
        "logo_alt": _("Logo of %(network)s") % {"network": name},
        "address_lines": [line.strip() for line in network.address.splitlines() if line.strip()],
        "email": network.email,
        "website": network.website,
        "transparency_register": (
            _("EU Transparency Register: %(id)s") % {"id": register_id} if register_id else ""
        ),
    }


def cover_eu_initiative(proposal: Proposal) -> str:
    """The cover's line on the EU initiative the paper answers (SPEC §12), in the
    active language: "In response to: <title> (<reference>), European Commission,
    closes <date>"; empty when it answers none."""
    initiative = getattr(proposal, "eu_initiative", None)
    if initiative is None:
        return ""
    closing_day = (initiative.closes_at.astimezone(BRUSSELS) - timedelta(days=1)).date()
    title = (
        f"{initiative.title} ({initiative.reference})" if initiative.reference else initiative.title
    )
    return _("In response to: %(initiative)s, European Commission, closes %(date)s") % {
        "initiative": title,
        "date": paper_date(closing_day, translation.get_language()),
    }


def paper_context(paper: PositionPaper) -> dict:
    """Everything the print template needs, in the paper's language.

    Reads only what the paper is about: the adopted version (or the preview's
    snapshot), the closed vote, the consultation report. Nothing from the
    clock, so the same paper always prints the same.
    """
    proposal = paper.proposal
    source = (
        {
            "title": paper.version.title,
            "summary": paper.version.summary,
            "sections": paper.version.sections,
        }
        if paper.version is not None
        else (paper.snapshot or {"title": proposal.title, "summary": "", "sections": []})
    )
    # The text in the paper's language: each unit from its translation (SPEC §11).
    # Until the translation is complete (it is finished after approval, and the
    # paper rendered again then) the paper says that some text is the source's.
    unfinished = paper.language != proposal.source_language and not (
        proposal.translations.complete_in(source, [paper.language])
    )
    untranslated = untranslated_units(proposal, paper.language, source) if unfinished else set()
    source = translated_text(proposal=proposal, language=paper.language, text=source)
    original = proposal.source_language

    def unit_lang(unit: str) -> str:
        return original if unit in untranslated else ""

    moment = paper_moment(paper)
    with translation.override(paper.language):
        languages = dict(settings.PAPER_LANGUAGES)
        vote = vote_box_for_paper(proposal=proposal, version=paper.version)
        network = cover_network(paper.language)
        if paper.preview:
            colophon = _(
                "A draft of the working group %(group)s of %(network)s, printed for review. "
                "It is not an adopted position and may still change."
            ) % {"group": proposal.working_group.name, "network": network["name"]}
        else:
            colophon = _(
                "Published by %(network)s. This position was consulted on with the member "
                "organisations, adopted by their vote and approved by the board."
            ) % {"network": network["name"]}
        if paper.version is not None:
            colophon += " " + _("Text of version %(number)s.") % {"number": paper.version.number}
        if unfinished:
            colophon += " " + _(
                "The translation is not finished: the passages not yet translated are "
                "printed in the original language."
            )
        summary_html = smart_html(
            render_markdown(source.get("summary", "")), unit_lang("summary") or paper.language
        )
        sections = _sections(
            source.get("sections", []),
            paper.language,
            untranslated=untranslated,
            source_language=original,
        )
        return {
            "labels": {k: smart_text(v, paper.language) for k, v in paper_labels().items()},
            "colophon": smart_text(colophon, paper.language),
            "paper": paper,
            "preview": paper.preview,
            "language": paper.language,
            "language_name": languages.get(paper.language, paper.language),
            # said on the cover too, not only in the colophon at its foot
            "translation_unfinished": unfinished,
            "network_name": network["name"],
            "network": network,
            "eu_initiative": smart_text(cover_eu_initiative(proposal), paper.language),
            "reference": proposal.reference,
            "title": smart_text(source["title"], unit_lang("title") or paper.language),
            "title_lang": unit_lang("title"),
            "summary_html": summary_html,
            "summary_lang": unit_lang("summary"),
            # the PDF's Subject: the summary as printed, not its Markdown
            "summary_text": plain_text(summary_html),
            "sections": sections,
            "working_group": proposal.working_group.name,
            "procedure": proposal.procedure.name,
            "version_number": paper.version.number if paper.version else None,
            "date": paper_date(moment, paper.language),
            "vote": vote,
            # the sections' headings translated; what members said stays as they said it
            "report": _with_heading_langs(
                consultation_annex(proposal=proposal, sections=source.get("sections", [])),
                sections,
            ),
            "page_label_css": _page_label_css(),
            "paper_languages": [
                {"code": code, "name": languages.get(code, code)}
                for code in proposal.procedure.languages
            ],
        }


@functools.cache
def _print_engine() -> Engine:
    """The print template's own engine: the project's template folders, Django's
    built-in tags and filters (all ``papers/paper.html`` uses), nothing else.

    The site's engine (``TEMPLATES``) imports every installed app's template tag
    library when it starts (DRF's brings ``requests`` and ``pygments``, the admin's
    its views): a worker that only prints papers never needs them.
    """
    return Engine(dirs=settings.TEMPLATES[0]["DIRS"], debug=settings.DEBUG)


def print_html(context: dict) -> str:
    """``papers/paper.html`` rendered with ``context`` (``paper_context``'s), holding
    only characters a PDF's XML can carry: stray control characters from pasted text
    are dropped, other line breaks become newlines (the stored text is untouched)."""
    return xml_safe(_print_engine().render_to_string("papers/paper.html", context))
