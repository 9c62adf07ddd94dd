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
            f'<span class="para-no" aria-hidden="true">{number}</span>'
            f"{render_markdown(paragraph)}</div>"
        )
    return "\n".join(parts)


_TOKEN = re.compile(r"\s+|[^\s]+")


def diff_words(old: str, new: str) -> str:
    """A word-level diff as escaped HTML with ``<del>`` and ``<ins>``."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
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

    Returns ``[{"heading", "change", "html"}]`` with ``change`` one of
    ``added``, ``removed``, ``changed``, ``same``.
    """
    old_by_id = {s["id"]: s for s in old}
    new_ids = {s["id"] for s in new}
    result = []
    for section in new:
        before = old_by_id.get(section["id"])
        if before is None:
            change = "added"
            body = diff_words("", f"{section['heading']}\n\n{section['body']}")
        else:
            old_text = f"{before['heading']}\n\n{before['body']}"
            new_text = f"{section['heading']}\n\n{section['body']}"
            change = "same" if old_text == new_text else "changed"
            body = diff_words(old_text, new_text)
        result.append({"heading": section["heading"], "change": change, "html": body})
    for section in old:
        if section["id"] not in new_ids:
            result.append(
                {
                    "heading": section["heading"],
                    "change": "removed",
                    "html": diff_words(f"{section['heading']}\n\n{section['body']}", ""),
                }
            )
    return result
