"""Word diffs and section diffs as the diff page shows them."""

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
