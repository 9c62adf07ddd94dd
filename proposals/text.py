"""Markdown: paragraphs, safe rendering, word-level diffs.

A section body is split into *paragraphs*: blocks separated by blank lines
(a fenced code block stays one paragraph). Paragraphs are numbered from 1 in
each section; comments and amendments point at those numbers, the page and the
paper print them.

Rendering is python-markdown followed by nh3 (Ammonia) with an allow-list: no
script, no event-handler attributes, no ``javascript:``/``file:`` links, no
images (a paper must never fetch anything the author points at).
"""

import bisect
import difflib
import functools
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


#: Texts up to this long (a paragraph, a comment) keep their HTML in a per-process
#: LRU cache of ``_RENDERED`` entries (16 MB at worst): a page or an API read shows
#: the same unchanged paragraphs and comments again and again, and Markdown was most
#: of their cost (``make bench``: api_proposal_detail, page_proposal).
_CACHED_CHARS = 2000
_RENDERED = 2048


def render_markdown(text: str) -> str:
    """Markdown → safe HTML (a pure function of ``text``: short texts are cached)."""
    if len(text) <= _CACHED_CHARS:
        return _render_cached(text)
    return _render(text)


@functools.lru_cache(maxsize=_RENDERED)
def _render_cached(text: str) -> str:
    return _render(text)


def _render(text: str) -> str:
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


def _word(unit: str) -> str:
    return unit.rstrip(" \t")


def _trailing(unit: str) -> str:
    return unit[len(_word(unit)) :]


#: A blank line (and what follows it up to the next paragraph): where a text is cut
#: into paragraph units before any word is compared.
_BLANK = re.compile(r"(\n[ \t]*\n\s*)")

#: Below this share of words in common, a word diff is a jumble of short struck
#: and inserted runs; the old text struck then the new one reads better.
_REWRITE = 0.4

#: Bounds on a diff's work, whatever the input. Elements found once in each text
#: are matched first (in order: the longest increasing run of them, as "patience"
#: diff does), in n log n; ``difflib.SequenceMatcher`` runs only on the gaps
#: between those anchors, and counts its steps as it goes: one per element of
#: the window it scans and one per position of each of its elements in the other
#: text (what its inner loop may visit). A gap that needs more than ``MAX_STEPS``,
#: or more than what is left of the comparison's ``MAX_DIFF_STEPS``, is shown
#: replaced (old struck, new inserted). A step is about 0.1 µs here: the whole
#: comparison of two versions, however many sections, stays about a second.
MAX_STEPS = 2_000_000
_RARE = 32
MAX_DIFF_STEPS = 10_000_000


class _TooCostly(Exception):
    pass


class _Budget:
    def __init__(self, steps: int = MAX_DIFF_STEPS):
        self.left = steps

    def matcher(self, a: list[str], b: list[str]) -> difflib.SequenceMatcher:
        return _Matcher(a, b, self)


class _Matcher(difflib.SequenceMatcher):
    """A ``SequenceMatcher`` that stops (``_TooCostly``) past its budget."""

    def __init__(self, a, b, budget: _Budget):
        self.budget, self.steps = budget, 0
        # autojunk stays off: the work is bounded here, and with it on the
        # commonest words ("the ", "of ") could never anchor a match.
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        where = self.b2j
        cost = ahi - alo + sum(len(where.get(x, ())) for x in self.a[alo:ahi])
        self.steps += cost
        self.budget.left -= cost
        if self.steps > MAX_STEPS or self.budget.left < 0:
            raise _TooCostly
        return super().find_longest_match(alo, ahi, blo, bhi)


def _anchors(a: list[str], b: list[str], alo, ahi, blo, bhi, times=1) -> list[tuple[int, int]]:
    """(i, j) with ``a[i] == b[j]``, of elements found ``times`` times or fewer and
    as often in each window (the k-th in one paired with the k-th in the other),
    the longest run of them in order in both."""
    in_a: dict[str, list[int]] = {}
    for i in range(alo, ahi):
        in_a.setdefault(a[i], []).append(i)
    in_b: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        in_b.setdefault(b[j], []).append(j)
    pairs = sorted(
        pair
        for x, where in in_a.items()
        if len(where) <= times and len(in_b.get(x, ())) == len(where)
        for pair in zip(where, in_b[x], strict=True)
    )
    tails: list[int] = []  # tails[k]: the smallest j ending an increasing run of k + 1
    ends: list[int] = []
    back = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[at], ends[at] = j, k
        back[k] = ends[at - 1] if at else -1
    run = []
    k = ends[-1] if ends else -1
    while k != -1:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def _blocks(a, b, alo, ahi, blo, bhi, budget: _Budget, depth: int = 0) -> list[tuple]:
    """Matching blocks ``(i, j, size)`` of the windows, in order."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while (
        ahi - tail > alo + head
        and bhi - tail > blo + head
        and a[ahi - tail - 1] == b[bhi - tail - 1]
    ):
        tail += 1
    blocks = [(alo, blo, head)] if head else []
    alo, blo, ahi, bhi = alo + head, blo + head, ahi - tail, bhi - tail
    if alo < ahi and blo < bhi and (ahi - alo > 1 or bhi - blo > 1):
        anchors = []
        if depth < 4:
            # Words found once in each first; in a long stretch with none (a long
            # text over a small vocabulary), words found as often in each.
            anchors = _anchors(a, b, alo, ahi, blo, bhi) or _anchors(
                a, b, alo, ahi, blo, bhi, times=_RARE
            )
        if anchors:
            i0, j0 = alo, blo
            for i, j in [*anchors, (ahi, bhi)]:
                blocks += _blocks(a, b, i0, i, j0, j, budget, depth + 1)
                if i < ahi:
                    blocks.append((i, j, 1))
                i0, j0 = i + 1, j + 1
        elif budget.left > 0:
            try:
                found = budget.matcher(a[alo:ahi], b[blo:bhi]).get_matching_blocks()
            except _TooCostly:
                found = []  # too costly to compare: the gap is shown replaced
            blocks += [(alo + i, blo + j, n) for i, j, n in found if n]
    if tail:
        blocks.append((ahi, bhi, tail))
    return blocks


def _opcodes(a: list[str], b: list[str], budget: _Budget) -> list[tuple]:
    """``difflib``-style opcodes of ``a`` → ``b``, in bounded work."""
    ops = []
    i = j = 0
    for ai, bj, size in [*_blocks(a, b, 0, len(a), 0, len(b), budget), (len(a), len(b), 0)]:
        if i < ai and j < bj:
            ops.append(("replace", i, ai, j, bj))
        elif i < ai:
            ops.append(("delete", i, ai, j, j))
        elif j < bj:
            ops.append(("insert", i, i, j, bj))
        if size:
            if ops and ops[-1][0] == "equal" and ops[-1][2] == ai:
                ops[-1] = ("equal", ops[-1][1], ai + size, ops[-1][3], bj + size)
            else:
                ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
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
    if not a or not b:
        return _whole(old, new)
    # Matched without the spaces after a word: the last word of a paragraph, with
    # none, is the same word once a sentence follows it ("costs." → "costs. More.").
    ops = _opcodes([_word(u) for u in a], [_word(u) for u in b], budget)
    same = sum(a2 - a1 for op, a1, a2, _b1, _b2 in ops if op == "equal")
    if 2 * same / (len(a) + len(b)) < _REWRITE:
        return _whole(old, new)
    out = []
    for op, a1, a2, b1, b2 in ops:
        if op == "equal":
            out.append(html.escape("".join(b[b1:b2])))
            continue
        gone, added = "".join(a[a1:a2]), "".join(b[b1:b2])
        if gone and a1 and b1 and not _trailing(b[b1 - 1]):
            # "costs. More." → "costs.": the struck words keep their space.
            out.append(_trailing(a[a1 - 1]))
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
    that changed; a stretch too costly to compare (see ``MAX_STEPS``) is shown
    replaced, old struck and new inserted.
    """
    return _diff_words(old, new, _Budget())


def _diff_words(old: str, new: str, budget: _Budget) -> str:
    pa, sa = _paragraphs(old)
    pb, sb = _paragraphs(new)
    ops = _opcodes(pa, pb, budget)
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
            if a2 - a1 == b2 - b1:
                # As many paragraphs on each side: each edited in place, compared
                # pair by pair (a paragraph rewritten is struck whole, alone).
                out.extend(
                    _diff_text(pa[i], pb[j], budget) + html.escape(sb[j])
                    for i, j in zip(range(a1, a2), range(b1, b2), strict=True)
                )
            else:
                # Paragraphs merged, split, added among edited ones: one text.
                run_a, run_b = joined(pa, sa, a1, a2), joined(pb, sb, b1, b2)
                out.append(_diff_text(run_a, run_b, budget) + html.escape(sb[b2 - 1]))
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
