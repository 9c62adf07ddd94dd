"""Word diffs and section diffs as the diff page shows them."""

import bisect
import difflib
import random

import pytest

from consultations.presenters import amendment_change_html
from proposals import text
from proposals.text import diff_sections, diff_words, render_section


def test_a_replacement_is_diffed_by_words_not_letters():
    assert diff_words("reserve 20 % of contracts", "reserve 30 % of contracts") == (
        "reserve <del>20</del><ins>30</ins> % of contracts"
    )


def test_a_rewrite_is_struck_whole_then_inserted_whole():
    out = diff_words("Pre-financing rules force them to borrow.", "Calls should open yearly.")
    assert out == (
        "<del>Pre-financing rules force them to borrow.</del> <ins>Calls should open yearly.</ins>"
    )


def test_section_diff_keeps_the_heading_out_of_the_body():
    old = [{"id": 1, "heading": "Our asks", "body": "Reserve 20 %."}]
    new = [{"id": 1, "heading": "Our demands", "body": "Reserve 30 %."}]
    (change,) = diff_sections(old, new)
    assert change["change"] == "changed"
    assert change["heading_html"] == "Our <del>asks</del><ins>demands</ins>"
    assert "asks" not in change["html"] and "demands" not in change["html"]
    (same,) = diff_sections(old, old)
    assert same["change"] == "same" and same["heading_html"] == "Our asks"


def test_added_and_removed_sections_mark_their_headings():
    changes = diff_sections(
        [{"id": 1, "heading": "Old", "body": "x"}], [{"id": 2, "heading": "New", "body": "y"}]
    )
    assert [(c["change"], c["heading_html"]) for c in changes] == [
        ("added", "<ins>New</ins>"),
        ("removed", "<del>Old</del>"),
    ]


def test_a_numbered_list_paragraph_is_not_numbered_twice():
    html = render_section("1. Publish guidance.\n2. Report.", anchor="p-1")
    assert '<span class="para-no" aria-hidden="true">¶\u202f1</span>' in html


# --- Bounded work: a diff's cost never depends on how hostile the text is. -----------
# No timed assertions: the matcher is wrapped and what it is given is counted. Its
# work is about the number of equal (old, new) pairs it is handed; the timing itself
# is in bench/bench_diff.py.


WORDS = [
    *("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by"),
    *("at", "from", "public", "buyers", "reserve", "contracts", "small", "firms", "members"),
    *("board", "vote", "paper", "amendment", "procurement", "social", "economy"),
]


def _paragraph(rng: random.Random, length: int = 100) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(f"{rng.choice(WORDS)}{rng.randint(0, 99)}")
    return " ".join(words)


def _edited(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split(" ")
    words[rng.randrange(len(words))] = "CHANGED"
    return " ".join(words)


@pytest.fixture
def matcher_work(monkeypatch):
    """What every SequenceMatcher scan a diff makes may visit, counted here, not by
    the code under test: for each ``find_longest_match``, the window's elements and
    every position of each of them in the other text up to the window's end."""
    steps: list[int] = []
    real = difflib.SequenceMatcher.find_longest_match

    def counting(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        where = self.b2j
        steps.append(
            ahi - alo + sum(bisect.bisect_left(where.get(x, []), bhi) for x in self.a[alo:ahi])
        )
        return real(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    return steps


@pytest.mark.django_db
def test_a_200000_character_section_edited_word_by_word_is_diffed_in_bounded_work(
    api, run, proposal, section_factory, matcher_work
):
    from proposals.models import Section

    rng = random.Random(13)
    paragraphs = [_paragraph(rng) for _ in range(2000)]
    body = "\n\n".join(paragraphs)
    assert len(body) >= 200_000
    edited = list(range(0, 2000, 3))  # 667 paragraphs, one word each
    new_paragraphs = list(paragraphs)
    for i in edited:
        new_paragraphs[i] = _edited(paragraphs[i], rng)
    section = section_factory(proposal=proposal, heading="Long", body=body)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    # Straight to the table: whatever limits the forms now set, old texts may be long.
    Section.objects.filter(pk=section.pk).update(body="\n\n".join(new_paragraphs))
    run(proposal, "open_vote", chair)

    response = api.as_user(chair).get(f"/api/v1/proposals/{proposal.pk}/versions/1/diff/2/")

    assert response.status_code == 200
    (change,) = response.json()["sections"]
    assert change["change"] == "changed"
    # Shown word by word, not struck whole: one <ins>CHANGED</ins> per edit.
    assert change["html"].count("<ins>CHANGED</ins>") == len(edited)
    assert change["html"].count("<del>") == len(edited)
    # Paragraphs matched first, words only within the edited ones: the matcher's
    # work is a few steps per paragraph, nowhere near words × words.
    assert sum(matcher_work) <= 10 * len(paragraphs)


def test_a_huge_paragraph_too_costly_to_compare_is_replaced_whole(matcher_work):
    rng = random.Random(1)
    # One 40,000-character paragraph over a small vocabulary (no word found once:
    # nothing to anchor on), a word changed in every 50.
    old = " ".join(rng.choice(WORDS) for _ in range(7_000))
    words = old.split(" ")
    for i in range(0, len(words), 50):
        words[i] = "CHANGED"
    out = text.diff_words(old, " ".join(words))
    assert out.startswith("<del>") and out.count("<del>") == 1 and out.count("<ins>") == 1
    assert sum(matcher_work) <= text.MAX_STEPS  # it gave up, within its allowance


def test_one_edit_in_a_huge_paragraph_costs_nothing_to_find(matcher_work):
    rng = random.Random(2)
    old = " ".join(_paragraph(rng) for _ in range(2000))
    words = old.split(" ")
    words[len(words) // 2] = "CHANGED"
    out = text.diff_words(old, " ".join(words))
    assert out.count("<del>") == 1 and "<ins>CHANGED</ins>" in out
    assert matcher_work == []  # common head and tail are cut off before matching


def test_repetitive_text_is_bounded_too(matcher_work):
    # Every word and every paragraph equal to every other: the matcher's worst case.
    out = text.diff_words("x " * 20_000, "x y " * 10_000)
    assert out.startswith("<del>")
    paragraphs = text.diff_words("\n\n".join(["x"] * 20_000), "\n\n".join(["x", "y"] * 10_000))
    assert paragraphs.startswith("x<br><br><del>x</del> <ins>y</ins>")
    assert sum(matcher_work) <= text.MAX_DIFF_STEPS * 2  # two comparisons


def test_all_sections_of_a_diff_share_one_budget(matcher_work):
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(5)]

    def noise():
        return " ".join(rng.choice(vocabulary) for _ in range(1400))

    old = [{"id": i, "heading": "H", "body": noise()} for i in range(40)]
    new = [{"id": i, "heading": "H", "body": noise()} for i in range(40)]
    changes = text.diff_sections(old, new)
    assert [c["change"] for c in changes] == ["changed"] * 40
    assert sum(matcher_work) <= text.MAX_DIFF_STEPS


def test_a_10000_character_amendment_is_still_a_word_diff_in_bounded_work(matcher_work):
    rng = random.Random(4)
    base = " ".join(rng.choice(WORDS) for _ in range(1_900))  # common words only
    amended = base
    for _ in range(30):
        amended = _edited(amended, rng)
    assert len(base) >= 10_000
    out = amendment_change_html(kind="replace", paragraph=1, base_text=base, text=amended)
    assert out.count("<ins>CHANGED</ins>") >= 25  # word by word, not struck whole
    assert 0 < sum(matcher_work) <= text.MAX_STEPS


def test_paragraphs_added_and_merged_read_as_before():
    old = "One para.\n\nTwo para here.\n\nThree."
    new = "One para.\n\nTwo paragraph here.\n\nThree.\n\nFour."
    assert text.diff_words(old, new) == (
        "One para.<br><br>Two <del>para</del><ins>paragraph</ins> here.<br><br>Three."
        "<br><br><ins>Four.</ins>"
    )
    merged = text.diff_words("First part.\n\nsecond part.", "First part, second part.")
    assert "second part." in merged and "<del>" in merged and "<ins>" in merged
    assert text.diff_words("a b c", "a c") == "a <del>b </del>c"


def test_a_200000_character_paragraph_edited_in_many_places_is_still_a_word_diff(matcher_work):
    rng = random.Random(5)
    old = " ".join(_paragraph(rng) for _ in range(2000))  # no blank line at all
    assert len(old) >= 200_000
    words = old.split(" ")
    for i in range(0, len(words), 40):
        words[i] = "CHANGED"
    out = text.diff_words(old, " ".join(words))
    assert out.count("<ins>CHANGED</ins>") == len(range(0, len(words), 40))
    assert sum(matcher_work) <= text.MAX_DIFF_STEPS


def test_a_sentence_added_after_the_last_word_leaves_that_word_unchanged():
    # The last word of a paragraph has no space after it; once a sentence follows,
    # it has one: the same word, not "costs." struck and "costs. A flat…" inserted.
    assert diff_words("proof of costs.", "proof of costs. A flat rate too.") == (
        "proof of costs. <ins>A flat rate too.</ins>"
    )
    assert diff_words("proof of costs. A flat rate too.", "proof of costs.") == (
        "proof of costs. <del>A flat rate too.</del>"
    )
