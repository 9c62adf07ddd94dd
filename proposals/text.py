"""Markdown: paragraphs, safe rendering, word-level diffs.

A section body is split into *paragraphs*: blocks separated by blank lines
(a fenced code block stays one paragraph). Paragraphs are numbered from 1 in
each section; comments and amendments point at those numbers, the page and the
paper print them.

Rendering is python-markdown followed by nh3 (Ammonia) with an allow-list: no
script, no event-handler attributes, no ``javascript:``/``file:`` links, no
images (a paper must never fetch anything the author points at).
"""

import difflib
import html
import re
import threading

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "sup", "sub", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},  # a numbered list split into paragraphs keeps its numbers
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_FENCE = re.compile(r"^(```|~~~)")


def split_paragraphs(body: str) -> list[str]:
    """The body's paragraphs, in order, without surrounding blank lines."""
    paragraphs: list[str] = []
    current: list[str] = []
    in_fence = False
    for line in body.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        if not in_fence and not line.strip():
            if current:
                paragraphs.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())


_local = threading.local()


def _markdown() -> md.Markdown:
    """One converter per thread, reset between texts: building one costs as much as
    converting a paragraph, and a paper converts thousands."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return converter.reset()


def render_markdown(text: str) -> str:
    """Markdown → safe HTML."""
    raw = _markdown().convert(text)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_section(body: str, *, anchor: str = "p") -> str:
    """The body as HTML, each paragraph numbered and addressable (``#p-2-3``)."""
    parts = []
    for number, paragraph in enumerate(split_paragraphs(body), start=1):
        parts.append(
            f'<div class="para" id="{anchor}-{number}" data-paragraph="{number}">'
            # "¶ 1", not a bare "1": a paragraph that is a numbered list would
            # otherwise read "1  1. Publish…".
            f'<span class="para-no" aria-hidden="true">¶\u202f{number}</span>'
            f"{render_markdown(paragraph)}</div>"
        )
    return "\n".join(parts)


_TOKEN = re.compile(r"\s+|[^\s]+")

#: Below this share of words in common, a word diff is a jumble of short struck
#: and inserted runs; the old text struck then the new one reads better.
_REWRITE = 0.4


def diff_words(old: str, new: str) -> str:
    """A word-level diff as escaped HTML with ``<del>`` and ``<ins>``.

    Words, never letters: "20 %" → "30 %" is ``<del>20</del><ins>30</ins> %``.
    A text rewritten almost entirely is shown struck as a whole, then inserted.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if a and b and matcher.ratio() < _REWRITE:
        return f"<del>{html.escape(old)}</del> <ins>{html.escape(new)}</ins>".replace("\n", "<br>")
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[b1:b2]))}</ins>")
    return "".join(out).replace("\n", "<br>")


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Compare two snapshots' sections (matched by section id), in the new order.

    Returns ``[{"heading", "heading_html", "change", "html"}]``: ``heading`` is
    the section's heading (the new one; the old one for a removed section),
    ``heading_html`` the heading's word diff when it changed (else the heading,
    escaped), ``html`` the word diff of the body alone, and ``change`` one of
    ``added``, ``removed``, ``changed``, ``same``.
    """
    old_by_id = {s["id"]: s for s in old}
    new_ids = {s["id"] for s in new}
    result = []
    for section in new:
        before = old_by_id.get(section["id"])
        if before is None:
            change = "added"
            heading = f"<ins>{html.escape(section['heading'])}</ins>"
            body = diff_words("", section["body"])
        else:
            same_heading = before["heading"] == section["heading"]
            change = "same" if same_heading and before["body"] == section["body"] else "changed"
            heading = (
                html.escape(section["heading"])
                if same_heading
                else diff_words(before["heading"], section["heading"])
            )
            body = diff_words(before["body"], section["body"])
        result.append(
            {"heading": section["heading"], "heading_html": heading, "change": change, "html": body}
        )
    for section in old:
        if section["id"] not in new_ids:
            result.append(
                {
                    "heading": section["heading"],
                    "heading_html": f"<del>{html.escape(section['heading'])}</del>",
                    "change": "removed",
                    "html": diff_words(section["body"], ""),
                }
            )
    return result
