"""A paper built to be hard to print well: ``manage.py paper_hard_sample``.

About 100 pages through the real print template and render path: long
tables that run over pages, nested lists, Greek and Bulgarian text, emoji,
long headings, straight quotes and apostrophes, a vote with an open ballot
and a consultation report. It touches no database: the print model is built
here the way ``papers.layout.paper_context`` builds it, so the validators
(``manage.py papers_validate``) can check it on any machine.
"""

from datetime import UTC, datetime

from django.utils import translation

from papers.labels import paper_labels
from papers.layout import _page_label_css, _sections, print_html, vote_chart
from papers.locales import paper_date, paper_number
from papers.render import RenderedPdf, pdf_identifier, pdf_render
from papers.typography import smart_html, smart_text
from proposals.text import render_markdown

#: The date the sample carries (its bytes never change).
MOMENT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)

GREEK = (
    "Οι κοινωνικές επιχειρήσεις ένταξης απασχολούν ανθρώπους που βρίσκονται μακριά από "
    "την αγορά εργασίας· η Ευρωπαϊκή Επιτροπή οφείλει να «στηρίξει» τις δημόσιες "
    "συμβάσεις με ρήτρες κοινωνικού χαρακτήρα, όπως ορίζει το άρθρο 20 της οδηγίας."
)
BULGARIAN = (
    "Социалните предприятия за интеграция дават работа на хора, които са далеч от пазара "
    "на труда; Европейската комисия трябва да насърчава запазените обществени поръчки "
    "по член 20 от Директива 2014/24/ЕС — „малък дял, голяма промяна“."
)
EMOJI = "🇪🇺 ✅ 🤝 ♻️ 👩‍🔧 🧑‍🤝‍🧑 📈 🏭 ❤️ 🌍"
EU_LETTERS = (
    "Ąą Čč Ęę Ėė Įį Šš Ųų Ūū Žž · Ää Öö Õõ Üü ß · Ćć Ńń Óó Śś Źź Żż Łł · Ăă Ââ Îî Șș Țț · "
    "Őő Űű · Ďď Ěě Ňň Řř Ťť Ůů · Ĺĺ Ľľ Ŕŕ · Āā Ēē Ģģ Īī Ķķ Ļļ Ņņ · Ġġ Ħħ Żż · Ðð Þþ Ææ Øø Åå"
)


#: Words that make each section's lines its own (checkers take a line repeated on
#: many pages for a running header, whatever its numbers).
PLACES = (
    "Vienna", "Brussels", "Sofia", "Zagreb", "Nicosia", "Prague", "Copenhagen", "Tallinn",
    "Helsinki", "Paris", "Berlin", "Athens", "Budapest", "Dublin", "Rome", "Riga", "Vilnius",
    "Luxembourg", "Valletta", "Amsterdam", "Warsaw", "Lisbon", "Bucharest", "Bratislava",
    "Ljubljana", "Madrid", "Stockholm",
)  # fmt: skip
ITEMS = ("schools", "canteens", "parks", "laundries", "bicycles", "archives", "gardens", "roads")


def _table(rows: int, *, section: int) -> str:
    place = _place(section)
    lines = [
        "| Member state | Reserved contracts | Share of spending | Remark |",
        "| --- | ---: | ---: | --- |",
    ]
    for n in range(1, rows + 1):
        lines.append(
            f"| {PLACES[n % len(PLACES)]} ({place}) | {n * 37 % 1000} | {n * 7 % 100},{n % 10} % | "
            f'The buyer\'s "social clause" on {ITEMS[n % len(ITEMS)]} '
            f"{'✅' if n % 3 else '❌'} |"
        )
    return "\n".join(lines)


def _place(section: int) -> str:
    return PLACES[section % len(PLACES)] + (" again" if section >= len(PLACES) else "")


def _nested_list(section: int) -> str:
    """Four levels deep, in words of this section only."""
    place = _place(section)
    lines = []
    for item in ITEMS[:3]:
        lines.append(f'1. In {place}, the network\'s "first" ask on {item}')
        for other in ITEMS[3:5]:
            lines.append(f"    - {place}: {other} for {item} — 'quoted' in single quotes")
            for third in ITEMS[5:7]:
                lines.append(
                    f"        1. {place}, {item}, {other}, {third}: Ελληνικά / Български 🇪🇺"
                )
                lines.append(f"            - {place} {item} {other} {third}: the members' view")
    return "\n".join(lines)


def _body(number: int) -> str:
    paragraphs = [
        f'Section {number} opens with straight quotes: "social enterprises" aren\'t a niche; '
        "they're the members' everyday work. The Commission's 2021 action plan says so 'in "
        "black and white'.",
        GREEK,
        BULGARIAN,
        f"Emoji in running text: {EMOJI}. Letters of every EU language: {EU_LETTERS}.",
        _nested_list(number),
        _table(38 if number % 2 else 12, section=number),
        '> A quotation from a member: "We employ 40 people who had been out of work for '
        'years; the reserved contract made it possible."',
        "After the table, a closing paragraph that is long enough to wrap over several "
        "lines, so the page breaks fall in text as well as in tables and lists. " * 4,
    ]
    return "\n\n".join(paragraphs)


def _heading(number: int) -> str:
    if number % 4 == 0:
        return (
            f"A very long heading number {number} that runs over two or even three lines "
            "so that it tests the table of contents, the bookmarks and the running header: "
            '"reserved contracts" 🇪🇺 and the members\' own experience'
        )
    if number % 4 == 1:
        return f"Κοινωνικές ρήτρες — Социални клаузи {number}"
    return f'What we ask {number}: the network\'s "clear" position ✅'


def hard_sections(count: int = 24) -> list[dict]:
    return [{"id": f"s{n}", "heading": _heading(n), "body": _body(n)} for n in range(1, count + 1)]


def hard_context(*, language: str = "en", sections: int = 24) -> dict:
    """The print model of the hard paper (same keys as ``paper_context``)."""
    raw = hard_sections(sections)
    with translation.override(language):
        from papers.layout import chart_description

        # 120 organisations voted (weights 1 to 3), 30 more of weight 1 did not:
        # the totals, the chart and the turnout are the ballots' own sums
        ballots = [
            {
                "organisation": f"Réseau {n} — Δίκτυο {n} — Мрежа {n}",
                "weight": 1 + n % 3,
                "choice": ("abstain", "yes", "no", "yes")[n % 4],
                "choice_label": ("Abstain", "Yes", "No", "Yes")[n % 4],
            }
            for n in range(1, 121)
        ]
        totals = {
            choice: sum(b["weight"] for b in ballots if b["choice"] == choice)
            for choice in ("yes", "no", "abstain")
        }
        cast, eligible = sum(totals.values()), sum(b["weight"] for b in ballots) + 30
        chart = vote_chart(**totals)
        vote = {
            "outcome": smart_text(
                "The member organisations adopted this text on 1 December 2026 by simple "
                "majority (more yes than no).",
                language,
            ),
            "turnout_text": (
                f"{paper_number(100 * cast / eligible, language)} % "
                f"({cast} of an eligible weight of {eligible})"
            ),
            "chart_description": chart_description(chart),
            **totals,
            "quorum_percent": 50,
            "quorum_met": True,
            "majority": "simple majority (more yes than no)",
            "passed": True,
            "secret": False,
            "ballots": ballots,
            "chart": chart,
        }
        amended = min(12, len(raw))  # amendment n is to section n
        amendments = [
            {
                "title": f"Amendment {n}",
                "section_heading": smart_text(_heading(n), language),
                "paragraph_ref": f"{n}.1",
                "status": ("accepted", "rejected", "accepted_with_changes")[n % 3],
                "status_label": ("Accepted", "Rejected", "Accepted with changes")[n % 3],
                "kind_label": "Replace the paragraph",
                "proposed_by": f"proposed by Réseau {n}",
                "supporters": [{"name": f"Δίκτυο {n}"}, {"name": f"Мрежа {n}"}],
                "supporters_label": "2 supporters",
                "text_html": smart_html(render_markdown(GREEK + "\n\n" + BULGARIAN), language),
                "justification": smart_text('The "text" wasn\'t clear enough 🤝.', language),
                "response": smart_text("We've taken it on board.", language),
            }
            for n in range(1, amended + 1)
        ]
        statuses = [a["status"] for a in amendments]
        report = {
            "totals": {
                "organisations": 40,
                "comments": 3 * len(raw) + 5,  # 3 on each section, 5 on the whole
                "amendments": amended,
                "accepted": statuses.count("accepted"),
                "accepted_with_changes": statuses.count("accepted_with_changes"),
                "rejected": statuses.count("rejected"),
            },
            "sections": [
                {"id": s["id"], "heading": smart_text(s["heading"], language), "comments": 3,
                 "amendments": 1 if n <= amended else 0}
                for n, s in enumerate(raw, start=1)
            ],
            "comments_on_proposal": 5,
            "amendments": amendments,
        }  # fmt: skip
        return {
            "labels": {k: smart_text(v, language) for k, v in paper_labels().items()},
            "colophon": smart_text(
                "A sample built to be hard to print: it is not a position of the network.",
                language,
            ),
            "paper": None,
            "preview": False,
            "language": language,
            "language_name": "English",
            "network_name": "European Network of Social Integration Enterprises",
            "reference": "PP-HARD-001",
            "title": smart_text(
                'The hard paper: "reserved contracts", Ελληνικά, Български and emoji 🇪🇺 ✅',
                language,
            ),
            "summary_html": smart_html(
                render_markdown(
                    "A ~100-page sample with long tables, nested lists, Greek and Bulgarian "
                    'text, emoji and "straight" quotes that the paper\'s typography curls.'
                ),
                language,
            ),
            "summary_text": "A sample built to be hard to print.",
            "sections": _sections(raw, language),
            "working_group": "Public procurement — Δημόσιες συμβάσεις — Обществени поръчки",
            "procedure": "Position paper",
            "version_number": 3,
            "date": paper_date(MOMENT, language),
            "vote": vote,
            "report": report,
            "page_label_css": _page_label_css(),
            "paper_languages": [{"code": language, "name": "English"}],
        }


def hard_html(*, language: str = "en", sections: int = 24) -> str:
    return print_html(hard_context(language=language, sections=sections))


def hard_render(*, language: str = "en", sections: int = 24) -> RenderedPdf:
    """The hard paper as a PDF (same bytes every time for the same code)."""
    return pdf_render(
        hard_html(language=language, sections=sections),
        moment=MOMENT,
        identifier=pdf_identifier("PP-HARD-001", sections, language),
    )
