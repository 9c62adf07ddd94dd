"""A changed source makes exactly the translated paragraphs it touched outdated."""

import pytest

from translations.selectors import translation_detail, translation_summaries

pytestmark = pytest.mark.django_db


def test_an_accepted_amendment_outdates_exactly_the_paragraph_it_changed(
    translated, translate, run, representative_factory
):
    from consultations.services import amendment_create, amendment_decide

    chair = translated.working_group.chair
    run(translated, "submit_for_consultation", chair)
    translate(translated, "de", chair)
    assert translation_summaries(proposal=translated)[1]["status"] == "complete"
    first = translated.sections.order_by("position").first()
    amendment = amendment_create(
        proposal=translated,
        author=representative_factory(),
        section=first,
        kind="replace",
        paragraph=2,
        text="Second paragraph, amended.",
        justification="Clearer.",
    )
    run(translated, "close_consultation", chair)
    amendment_decide(amendment=amendment, actor=chair, decision="accepted", response="Yes.")

    german = {t["language"]: t for t in translation_summaries(proposal=translated)}["de"]
    assert german["status"] == "outdated"
    assert german["outdated"] == [{"unit": "s1.p2", "section": 1, "paragraph": 2}]
    detail = translation_detail(proposal=translated, language="de")
    paragraphs = detail["sections"][0]["paragraphs"]
    assert [p["status"] for p in paragraphs] == ["done", "outdated", "done"]
    assert paragraphs[1]["old_source"] == "Second paragraph."
    assert paragraphs[1]["source"] == "Second paragraph, amended."
    assert paragraphs[1]["text"] == "[de] Second paragraph."  # kept, to be revised
    assert detail["sections"][1]["paragraphs"][0]["status"] == "done"


def test_an_edit_of_a_heading_outdates_the_heading_only(translated, translate):
    from proposals.services import section_update

    chair = translated.working_group.chair
    translate(translated, "fr", chair)
    second = translated.sections.order_by("position").last()
    section_update(section=second, actor=chair, revision=second.revision, heading="Our asks")
    detail = translation_detail(proposal=translated, language="fr")
    assert detail["status"] == "outdated"
    assert [v["unit"] for v in detail["outdated"]] == ["s2.heading"]


def test_a_new_version_carries_the_unchanged_paragraphs(translated, translate, run):
    """Snapshots (consultation, vote) do not touch a translation: what did not change
    stays done in the next version."""
    chair = translated.working_group.chair
    translate(translated, "fr", chair)
    run(translated, "submit_for_consultation", chair)
    summary = translation_summaries(proposal=translated)[0]
    assert (summary["version"], summary["status"]) == (1, "complete")
