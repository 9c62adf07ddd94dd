"""The paper's fixed words exist in English and French (languages papers are not printed in
fall back to English; every paper language's catalogue: ``test_catalogues``)."""

from django.utils import translation

from papers.labels import paper_labels, register_labels

#: French words that are spelled as in English.
SAME_IN_FRENCH = {"section", "quorum", "justification", "organisation", "vote", "abstentions"}


def test_every_paper_and_register_label_has_a_french_translation():
    with translation.override("en"):
        english = {**paper_labels(), **{f"register_{k}": v for k, v in register_labels().items()}}
    with translation.override("fr"):
        french = {**paper_labels(), **{f"register_{k}": v for k, v in register_labels().items()}}

    untranslated = [k for k in english if english[k] == french[k] and k not in SAME_IN_FRENCH]
    assert untranslated == []
    assert french["contents"] == "Sommaire"


def test_a_language_without_a_catalogue_falls_back_to_english():
    with translation.override("ja"):
        japanese = paper_labels()

    # our own words in English (Django's own catalogue may still know "Yes" or "Summary")
    assert japanese["contents"] == "Contents"
    assert japanese["doctype"] == "Position paper"
    assert japanese["draft_watermark"] == "DRAFT — not an adopted position"
