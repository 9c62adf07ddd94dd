"""How an amendment is shown, which ones compete, and the amendment form's defaults."""

from types import SimpleNamespace

import pytest

from consultations.forms import AmendmentForm
from consultations.presenters import (
    amendment_change_html,
    amendment_key,
    competitors,
    following_paragraph,
)


def test_an_insertion_is_the_new_paragraph_between_its_neighbours():
    out = amendment_change_html(
        kind="insert_after", paragraph=1, base_text="First.", text="New.", following="Second."
    )
    assert "<del>" not in out
    assert out.index("First.") < out.index("New.") < out.index("Second.")
    assert '<ins class="amend-block">' in out and "Inserted paragraph:" in out


def test_an_insertion_before_the_first_paragraph_has_only_the_next_one():
    out = amendment_change_html(
        kind="insert_after", paragraph=0, base_text="", text="New.", following="First."
    )
    assert out.index("New.") < out.index("First.")


def test_a_deletion_is_the_paragraph_struck_and_a_replacement_a_word_diff():
    assert "<del" in amendment_change_html(kind="delete", paragraph=2, base_text="Gone.", text="")
    assert (
        amendment_change_html(
            kind="replace", paragraph=2, base_text="Reserve 20 %.", text="Reserve 30 %."
        )
        == "Reserve <del>20</del><ins>30</ins> %."
    )


def test_the_following_paragraph_comes_from_the_version():
    sections = [{"id": 7, "heading": "H", "body": "One.\n\nTwo.\n\nThree."}]
    assert following_paragraph(sections, 7, 1) == "Two."
    assert following_paragraph(sections, 7, 0) == "One."
    assert following_paragraph(sections, 7, 3) is None
    assert following_paragraph(sections, 8, 1) is None


def _a(kind, paragraph, section=1, version=1):
    return SimpleNamespace(kind=kind, paragraph=paragraph, section_id=section, version_id=version)


def test_replacing_and_deleting_one_paragraph_compete_inserting_after_it_does_not():
    replace, delete, insert, elsewhere = (
        _a("replace", 2), _a("delete", 2), _a("insert_after", 2), _a("replace", 2, section=9)
    )  # fmt: skip
    others = competitors([replace, delete, insert, elsewhere], amendment_key)
    assert others[id(replace)] == [delete]
    assert others[id(delete)] == [replace]
    assert others[id(insert)] == []
    assert others[id(elsewhere)] == []


@pytest.mark.parametrize("kind", ["replace", "delete"])
def test_before_the_first_paragraph_is_refused_plainly_for_a_change(kind):
    form = AmendmentForm(
        {"kind": kind, "paragraph": "0", "text": "x", "justification": "Because."},
        paragraphs=["One.", "Two."],
    )
    assert not form.is_valid()
    (message,) = form.errors["paragraph"]
    assert "only for inserting" in message and "paragraph 0" not in message


def test_the_first_paragraph_is_the_first_choice():
    form = AmendmentForm(paragraphs=["One.", "Two."])
    assert [value for value, _label in form.fields["paragraph"].choices] == [1, 2, 0]
