"""consultations.merge: where an amended paragraph is now and what a decision makes of it.

Pure functions on lists of paragraphs: no database.
"""

import pytest

from consultations.merge import Change, MergeConflict, apply, locate, paragraph_at

TEXT = ["Reserve contracts.", "Use social clauses.", "Publish guidance."]


def replace(paragraph: int, base_text: str) -> Change:
    return Change(kind="replace", paragraph=paragraph, base_text=base_text)


# --- locate ------------------------------------------------------------------------


def test_an_unchanged_paragraph_is_at_its_number():
    assert locate(replace(2, "Use social clauses."), TEXT) == 2


def test_a_paragraph_moved_by_an_insertion_above_is_found_where_it_is_now():
    moved = ["A new first paragraph.", *TEXT]

    assert locate(replace(2, "Use social clauses."), moved) == 3


def test_a_paragraph_moved_by_a_deletion_above_is_found_where_it_is_now():
    assert locate(replace(2, "Use social clauses."), TEXT[1:]) == 1


def test_a_rewritten_paragraph_is_nowhere():
    rewritten = ["Reserve contracts.", "Use social clauses in every contract.", "Publish guidance."]

    assert locate(replace(2, "Use social clauses."), rewritten) is None


def test_a_paragraph_that_now_stands_twice_elsewhere_is_nowhere():
    twice = ["Use social clauses.", "Something else.", "Use social clauses."]

    assert locate(replace(2, "Use social clauses."), twice) is None


def test_at_its_number_wins_over_a_copy_elsewhere():
    copied = ["Use social clauses.", "Use social clauses.", "Publish guidance."]

    assert locate(replace(2, "Use social clauses."), copied) == 2


def test_inserting_before_the_first_paragraph_always_has_its_place():
    assert locate(Change(kind="insert_after", paragraph=0, base_text=""), []) == 0


def test_paragraph_at_is_none_beyond_the_text():
    assert paragraph_at(TEXT, 3) == "Publish guidance."
    assert paragraph_at(TEXT, 4) is None
    assert paragraph_at(TEXT, 0) is None


# --- apply -------------------------------------------------------------------------


def test_accepted_replace_insert_and_delete():
    replaced = apply(replace(2, TEXT[1]), TEXT, text="Use clauses.", as_proposed=True)
    inserted = apply(
        Change(kind="insert_after", paragraph=1, base_text=TEXT[0]),
        TEXT,
        text="Count them.",
        as_proposed=True,
    )
    first = apply(
        Change(kind="insert_after", paragraph=0, base_text=""),
        TEXT,
        text="Preamble.",
        as_proposed=True,
    )
    deleted = apply(
        Change(kind="delete", paragraph=3, base_text=TEXT[2]), TEXT, text="", as_proposed=True
    )

    assert replaced == ["Reserve contracts.", "Use clauses.", "Publish guidance."]
    assert inserted == ["Reserve contracts.", "Count them.", *TEXT[1:]]
    assert first == ["Preamble.", *TEXT]
    assert deleted == TEXT[:2]


def test_the_given_paragraphs_are_left_alone():
    paragraphs = list(TEXT)

    apply(replace(1, TEXT[0]), paragraphs, text="New.", as_proposed=True)

    assert paragraphs == TEXT


def test_a_decision_applies_where_the_paragraph_has_moved():
    moved = ["A new first paragraph.", *TEXT]

    merged = apply(replace(2, "Use social clauses."), moved, text="Use clauses.", as_proposed=True)

    assert merged == ["A new first paragraph.", "Reserve contracts.", "Use clauses.", TEXT[2]]


def test_accepting_a_rewritten_paragraph_as_proposed_conflicts_with_the_paragraph_now():
    rewritten = [TEXT[0], "Social clauses, always.", TEXT[2]]

    with pytest.raises(MergeConflict) as conflict:
        apply(replace(2, TEXT[1]), rewritten, text="Use clauses.", as_proposed=True)

    assert conflict.value.current == "Social clauses, always."


def test_with_changes_the_merged_text_replaces_the_paragraph_now_at_the_number():
    rewritten = [TEXT[0], "Social clauses, always.", TEXT[2]]

    merged = apply(replace(2, TEXT[1]), rewritten, text="Merged.", as_proposed=False)

    assert merged == [TEXT[0], "Merged.", TEXT[2]]


def test_with_changes_a_paragraph_that_no_longer_exists_conflicts_with_nothing():
    with pytest.raises(MergeConflict) as conflict:
        apply(replace(3, TEXT[2]), TEXT[:1], text="Merged.", as_proposed=False)

    assert conflict.value.current is None


def test_a_deletion_accepted_with_changes_shortens_the_paragraph():
    merged = apply(
        Change(kind="delete", paragraph=2, base_text=TEXT[1]),
        TEXT,
        text="Clauses.",
        as_proposed=False,
    )

    assert merged == [TEXT[0], "Clauses.", TEXT[2]]


def test_an_insertion_with_changes_goes_after_the_paragraph_now_at_the_number():
    rewritten = ["Reserve all contracts.", TEXT[1], TEXT[2]]

    merged = apply(
        Change(kind="insert_after", paragraph=1, base_text=TEXT[0]),
        rewritten,
        text="Count them.",
        as_proposed=False,
    )

    assert merged == ["Reserve all contracts.", "Count them.", TEXT[1], TEXT[2]]


def test_change_of_reads_an_amendments_three_fields():
    class Amendment:
        kind, paragraph, base_text = "delete", 2, "Use social clauses."

    assert Change.of(Amendment()) == Change(kind="delete", paragraph=2, base_text=TEXT[1])
