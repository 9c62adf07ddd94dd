"""Printed typography: curly quotes and apostrophes in the paper's language.

Authors type straight quotes (``"`` and ``'``); a printed paper shows the
typographic ones of its language: “…” and ’ in English, « … » in French,
„…“ in German. Python-Markdown's ``smarty`` extension does the same for
English only and would change what the pages show too, so the paper applies
this small function to its own text (``papers.layout``) and leaves the pages
alone. Text inside ``<code>`` and ``<pre>`` and inside tags is left as typed.
"""

import re

#: (opening, closing) double quotes and the space kept inside them, per language.
DOUBLE_QUOTES = {
    "fr": ("«\u202f", "\u202f»"),
    "de": ("„", "“"),
    "bg": ("„", "“"),
    "cs": ("„", "“"),
    "sk": ("„", "“"),
    "sl": ("„", "“"),
    "hr": ("„", "”"),
    "ro": ("„", "”"),
    "pl": ("„", "”"),
    "hu": ("„", "”"),
    "lt": ("„", "“"),
    "lv": ("«", "»"),
    "el": ("«", "»"),
    "es": ("«", "»"),
    "it": ("«", "»"),
    "pt": ("«", "»"),
    "da": ("»", "«"),
    "fi": ("”", "”"),
    "sv": ("”", "”"),
}
DEFAULT_DOUBLE = ("“", "”")

_TAG = re.compile(r"(<[^>]*>)")
_ENTITIES = (("&quot;", '"'), ("&#34;", '"'), ("&#39;", "'"), ("&#x27;", "'"))
#: After one of these (or at the start), a quote opens; otherwise it closes.
_OPENS_AFTER = set(" \t\n\u00a0\u202f([{\u2014\u2013/-")


def smart_text(text: str, language: str = "en", *, before: str = "") -> str:
    """``text`` (plain, no tags) with curly quotes and apostrophes.

    ``before`` is the character printed just before ``text`` (when ``text`` is
    a piece of a longer run), so a quote right after it opens or closes as it
    would in the whole run.
    """
    if "'" not in text and '"' not in text:
        return text
    opening, closing = DOUBLE_QUOTES.get(language.split("-")[0], DEFAULT_DOUBLE)
    out = []
    previous = before
    for index, char in enumerate(text):
        following = text[index + 1] if index + 1 < len(text) else ""
        opens = not previous or previous in _OPENS_AFTER
        if char == '"':
            if opens and following and not following.isspace():
                out.append(opening)
            elif not opens:
                out.append(closing)
            else:
                out.append(char)  # a lone quote between spaces: leave it
        elif char == "'":
            if previous.isalnum() or not opens:
                out.append("\u2019")  # apostrophe (l’Europe, members’) or closing
            elif following and not following.isspace():
                out.append("\u2018")
            else:
                out.append(char)
        else:
            out.append(char)
        previous = char
    return "".join(out)


def smart_html(html: str, language: str = "en") -> str:
    """``html`` (as ``render_markdown`` makes it) with curly quotes in its text only."""
    if "'" not in html and '"' not in html and "&quot;" not in html and "&#" not in html:
        return html
    out = []
    verbatim = 0
    previous = ""
    for part in _TAG.split(html):
        if not part:
            continue
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">/").lower() if part else ""
            if name in ("code", "pre"):
                verbatim += -1 if part.startswith("</") else 1
            if name in ("p", "li", "td", "th", "br", "div", "blockquote", "h3", "h4", "h5"):
                previous = ""  # a new block: a quote at its start opens
            out.append(part)
            continue
        if verbatim > 0:
            out.append(part)
            previous = part[-1]
            continue
        text = part
        for entity, char in _ENTITIES:
            text = text.replace(entity, char)
        curly = smart_text(text, language, before=previous)
        # what was left straight goes back to the entity it was, the rest is plain text
        out.append(curly.replace('"', "&quot;"))
        previous = text[-1]
    return "".join(out)


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[hd])>(.*?)</\1>", re.S)
#: A figure: digits with their separators, a sign, a per cent or a euro sign.
_FIGURE = re.compile(r"^[+\-−]?\s*€?\s*\d[\d\s\u00a0\u202f.,]*\s*(%|€)?$")


def align_figures(html: str) -> str:
    """``html`` with the cells of each table column that holds only figures (``37``,
    ``7,1 %``, ``1 234``) right-aligned (``class="num"``, as the paper's own tables):
    the text's tables come from Markdown, whose column alignment the sanitiser drops.
    A table whose cells carry attributes is left as it is."""

    def table(match: re.Match) -> str:
        rows = [_CELL.findall(cells) for cells in _ROW.findall(match.group(1))]
        body = [cells for cells in rows if cells and all(tag == "td" for tag, _ in cells)]
        if not body or "<th " in match.group(0) or "<td " in match.group(0):
            return match.group(0)
        width = max(len(cells) for cells in body)
        figures = {
            col
            for col in range(width)
            if all(col < len(cells) and _FIGURE.match(cells[col][1].strip()) for cells in body)
        }
        if not figures:
            return match.group(0)

        def aligned_row(match_row: re.Match) -> str:
            col = -1

            def cell(match_cell: re.Match) -> str:
                nonlocal col
                col += 1
                tag, content = match_cell.group(1), match_cell.group(2)
                if col in figures:
                    return f'<{tag} class="num">{content}</{tag}>'
                return match_cell.group(0)

            return "<tr>" + _CELL.sub(cell, match_row.group(1)) + "</tr>"

        return "<table>" + _ROW.sub(aligned_row, match.group(1)) + "</table>"

    return _TABLE.sub(table, html)


#: Line breaks that are not XML's own (Word's soft break U+000B, a form feed, Unicode's
#: line and paragraph separators, NEL): a newline, which HTML reads as a space.
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: What XML 1.0 refuses (the other C0 controls, lone surrogates, U+FFFE/U+FFFF) and the
#: C1 controls.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with only characters XML can carry, for what leaves as XML (the paper's
    tags and metadata, the Atom feed): stray control characters from pasted text are
    dropped, other line breaks become newlines. One such character pasted into a title
    failed the official paper after every retry, and the feed with it. The stored text
    is untouched."""
    return _NOT_XML.sub("", _OTHER_LINE_BREAKS.sub("\n", text))
