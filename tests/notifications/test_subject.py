"""Email subjects stay on one line and within 300 characters, however long the title."""

import pytest

from notifications.rendering import SUBJECT_MAX, subject_cut

pytestmark = pytest.mark.django_db


def test_a_short_subject_is_kept_on_one_line():
    assert subject_cut("Vote opened:\n PP-2026-001  Reserved\tcontracts") == (
        "Vote opened: PP-2026-001 Reserved contracts"
    )


def test_a_long_subject_is_cut_at_a_word_with_an_ellipsis():
    subject = "Consultation opened: PP-2026-001 " + "procurement " * 40

    cut = subject_cut(subject)

    assert len(cut) <= SUBJECT_MAX == 300
    assert cut.endswith("procurement…")
    assert subject.startswith(cut[:-1])


def test_a_subject_without_spaces_is_cut_at_the_limit():
    cut = subject_cut("é" * 400)

    assert cut == "é" * 299 + "…"


def test_the_email_of_a_300_character_title_has_a_300_character_subject(
    act, network, consultation, outbox
):
    proposal = consultation()
    proposal.title = ("Reserved contracts for social enterprises " * 8)[:300]
    proposal.save(update_fields=["title"])

    act(proposal, "submit_for_consultation", proposal.working_group.chair)

    email = outbox(network["ana"].email)[0]
    assert len(email.subject) <= 300
    assert email.subject.startswith(f"Consultation opened: {proposal.reference} Reserved")
    assert email.subject.endswith("…")
    assert "\n" not in email.subject
