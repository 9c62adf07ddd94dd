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


#: A word with the whitespace after it: the unit a word diff matches on. Whitespace
#: alone is never a unit, so the thousands of spaces of a long text are not
#: thousands of equal elements for the matcher to pair up.
_UNIT = re.compile(r"\s+|\S+\s*", re.ASCII)
#: A blank line (and what follows it up to the next paragraph): where a text is cut
#: into paragraph units before any word is compared.
_BLANK = re.compile(r"(\n[ \t]*\n\s*)")

#: Below this share of words in common, a word diff is a jumble of short struck
#: and inserted runs; the old text struck then the new one reads better.
_REWRITE = 0.4

#: Bounds on a diff's work, whatever the input. The matcher's work is about the
#: number of (old unit, new unit) pairs that are equal, times a small factor; a
#: text pair over these bounds is shown replaced whole (old struck, new inserted).
#: 5,000 words a side is a 30,000-character paragraph; 400,000 equal pairs is far
#: more than two different 10,000-character texts have, and a few milliseconds.
MAX_WORDS = 5_000
MAX_PAIRS = 400_000
#: The whole diff of two texts (all its paragraph pairs, the paragraph matching
#: included) compares at most this many equal pairs; past it, what is left is
#: shown replaced whole.
MAX_DIFF_PAIRS = 2_000_000


def _equal_pairs(a: list[str], b: list[str]) -> int:
    """How many (i, j) have ``a[i] == b[j]``: a bound on what one matching pass costs."""
    counts: dict[str, int] = {}
    for x in b:
        counts[x] = counts.get(x, 0) + 1
    return sum(counts.get(x, 0) for x in a)


def _trim(a: list[str], b: list[str]) -> tuple[int, int]:
    """Lengths of the common head and tail of ``a`` and ``b`` (not overlapping)."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


class _Budget:
    def __init__(self, pairs: int = MAX_DIFF_PAIRS):
        self.left = pairs

    def take(self, a: list[str], b: list[str], cap: int) -> bool:
        """Whether matching ``a`` against ``b`` fits (and if so, spend it)."""
        if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
            return False
        cost = _equal_pairs(a, b) + len(a) + len(b)
        if cost > cap or cost > self.left:
            return False
        self.left -= cost
        return True


def _opcodes(a: list[str], b: list[str], budget: _Budget, cap: int):
    """``difflib`` opcodes of ``a`` → ``b`` (common head and tail found first, for
    free), or ``None`` if the middle costs more than the budget allows."""
    head, tail = _trim(a, b)
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    ops = [("equal", 0, head, 0, head)] if head else []
    if len(mid_a) == 1 and len(mid_b) == 1:
        ops.append(("replace", head, head + 1, head, head + 1))
    elif mid_a and mid_b:
        if not budget.take(mid_a, mid_b, cap):
            return None
        # autojunk stays off: the cost is bounded above, and with it on the
        # commonest words ("the ", "of ") could never anchor a match.
        matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            ops.append((op, a1 + head, a2 + head, b1 + head, b2 + head))
    elif mid_a:
        ops.append(("delete", head, len(a) - tail, head, head))
    elif mid_b:
        ops.append(("insert", head, head, head, len(b) - tail))
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def _whole(old: str, new: str) -> str:
    if not old:
        return f"<ins>{html.escape(new)}</ins>" if new else ""
    if not new:
        return f"<del>{html.escape(old)}</del>"
    return f"<del>{html.escape(old)}</del> <ins>{html.escape(new)}</ins>"


def _diff_text(old: str, new: str, budget: _Budget) -> str:
    """The word diff of one paragraph (or run of paragraphs), ``\n`` not yet ``<br>``."""
    if old == new:
        return html.escape(new)
    a, b = _UNIT.findall(old), _UNIT.findall(new)
    ops = _opcodes(a, b, budget, MAX_PAIRS) if a and b else None
    if ops is None:
        return _whole(old, new)
    same = sum(a2 - a1 for op, a1, a2, _b1, _b2 in ops if op == "equal")
    if 2 * same / (len(a) + len(b)) < _REWRITE:
        return _whole(old, new)
    out = []
    for op, a1, a2, b1, b2 in ops:
        if op == "equal":
            out.append(html.escape("".join(b[b1:b2])))
            continue
        gone, added = "".join(a[a1:a2]), "".join(b[b1:b2])
        # "20 " → "30 " reads "<del>20</del><ins>30</ins> ": the space is no change.
        space = ""
        if op == "replace":
            space = added[len(added.rstrip()) :]
            gone, added = gone.rstrip(), added.rstrip()
        if gone:
            out.append(f"<del>{html.escape(gone)}</del>")
        if added:
            out.append(f"<ins>{html.escape(added)}</ins>")
        out.append(space)
    return "".join(out)


def _paragraphs(text: str) -> tuple[list[str], list[str]]:
    """The text cut at blank lines: paragraphs and the blank run after each."""
    parts = _BLANK.split(text)
    return parts[0::2], parts[1::2] + [""]


def diff_words(old: str, new: str) -> str:
    """A word-level diff as escaped HTML with ``<del>`` and ``<ins>``.

    Words, never letters: "20 %" → "30 %" is ``<del>20</del><ins>30</ins> %``.
    A text rewritten almost entirely is shown struck as a whole, then inserted.

    Bounded whatever the input: paragraphs (blocks between blank lines) are
    matched first, as whole strings; words are compared only within paragraphs
    that changed, and a pair too costly to compare (see ``MAX_WORDS``,
    ``MAX_PAIRS``, ``MAX_DIFF_PAIRS``) is shown replaced whole.
    """
    return _diff_words(old, new, _Budget())


def _diff_words(old: str, new: str, budget: _Budget) -> str:
    pa, sa = _paragraphs(old)
    pb, sb = _paragraphs(new)
    ops = _opcodes(pa, pb, budget, MAX_DIFF_PAIRS)
    if ops is None:  # thousands of identical paragraphs: pair them in order
        n = min(len(pa), len(pb))
        ops = [("replace", 0, n, 0, n)] + [
            ("delete", n, len(pa), n, n) if len(pa) > n else ("insert", n, n, n, len(pb))
        ]
    out = []

    def joined(paras, seps, i, j):
        return (
            "".join(p + s for p, s in zip(paras[i : j - 1], seps[i : j - 1], strict=True))
            + paras[j - 1]
        )

    for op, a1, a2, b1, b2 in ops:
        if op == "equal":
            out.extend(html.escape(p + s) for p, s in zip(pb[b1:b2], sb[b1:b2], strict=True))
        elif op == "delete":
            out.extend(
                _whole(p, "") + html.escape(s) for p, s in zip(pa[a1:a2], sa[a1:a2], strict=True)
            )
        elif op == "insert":
            out.extend(
                _whole("", p) + html.escape(s) for p, s in zip(pb[b1:b2], sb[b1:b2], strict=True)
            )
        elif op == "replace":
            run_a, run_b = joined(pa, sa, a1, a2), joined(pb, sb, b1, b2)
            a_units, b_units = _UNIT.findall(run_a), _UNIT.findall(run_b)
            if (
                a2 - a1 == 1
                or b2 - b1 == 1
                or (
                    len(a_units) <= MAX_WORDS
                    and len(b_units) <= MAX_WORDS
                    and _equal_pairs(a_units, b_units) <= MAX_PAIRS
                )
            ):
                # One run of paragraphs against another (merged, split, or small):
                # diffed as one text, as a reader compares them.
                out.append(_diff_text(run_a, run_b, budget) + html.escape(sb[b2 - 1]))
                continue
            # Many changed paragraphs in a row: compared pair by pair, in order.
            for k in range(max(a2 - a1, b2 - b1)):
                i, j = a1 + k, b1 + k
                if i < a2 and j < b2:
                    out.append(_diff_text(pa[i], pb[j], budget) + html.escape(sb[j]))
                elif i < a2:
                    out.append(_whole(pa[i], "") + html.escape(sa[i]))
                else:
                    out.append(_whole("", pb[j]) + html.escape(sb[j]))
    return "".join(out).replace("\n", "<br>")


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Compare two snapshots' sections (matched by section id), in the new order.

    Returns ``[{"heading", "heading_html", "change", "html"}]``: ``heading`` is
    the section's heading (the new one; the old one for a removed section),
    ``heading_html`` the heading's word diff when it changed (else the heading,
    escaped), ``html`` the word diff of the body alone, and ``change`` one of
    ``added``, ``removed``, ``changed``, ``same``.
    """
    budget = _Budget()  # one for the whole comparison, however many sections

    def diff_words(a: str, b: str) -> str:
        return _diff_words(a, b, budget)

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
