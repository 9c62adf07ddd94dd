"""A paper in each language: its fixed words, dates, names and metadata in that language (§11)."""

import re
from datetime import UTC, datetime

import pytest

from papers.layout import paper_context
from papers.locales import paper_date, paper_number
from tests.papers.conftest import pdf_reader, pdf_text

pytestmark = pytest.mark.django_db


def _xmp(reader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


#: Fixed words of the Greek and the Bulgarian paper, and their "page X of Y".
WORDS = {
    "el": ["Περιεχόμενα", "Περίληψη", "Αποτέλεσμα της ψηφοφορίας", "Έκθεση της διαβούλευσης"],
    "bg": ["Съдържание", "Резюме", "Резултат от гласуването", "Доклад от консултацията"],
}
PAGE_LABEL = {"el": "σελίδα {} από {}", "bg": "страница {} от {}"}


def _words(text: str) -> str:
    return " ".join(text.split())  # any run of spaces (no-break ones too) as one space


def test_greek_and_bulgarian_papers_print_their_own_words_and_say_their_language(
    make_board_review, approve, media_root
):
    proposal = approve(make_board_review(languages=("el", "bg"), consult=True))
    papers = {paper.language: paper for paper in proposal.papers.all()}
    assert sorted(papers) == ["bg", "el"]

    for language, paper in papers.items():
        reader = pdf_reader(paper)
        text = _words(pdf_text(reader))
        pages = len(reader.pages)
        for word in WORDS[language]:
            assert word in text
        label = PAGE_LABEL[language]
        assert label.format(1, pages) in text and label.format(pages, pages) in text
        assert "Contents" not in text and "Vote result" not in text
        # the adoption date as the language writes it: "1 Δεκεμβρίου 2026", "1 декември 2026 г."
        assert _words(paper_date(paper.version.created_at, language)) in text
        assert "66,7 %" in text  # a decimal comma in both

        # the language in the catalog (/Lang) and in the XMP metadata (dc:language)
        assert reader.trailer["/Root"]["/Lang"] == language
        xmp = _xmp(reader)
        assert re.search(rf"<dc:language>\s*<rdf:Bag>\s*<rdf:li>{language}</rdf:li>", xmp)
        # title and subject are the context's: the paper's text, in its language
        context = paper_context(paper)
        assert reader.metadata.title == context["title"]
        assert reader.metadata.subject == context["summary_text"]


def test_a_working_group_and_procedure_named_in_french_print_in_french(
    make_board_review, approve, media_root
):
    proposal = make_board_review(languages=("en", "fr"))
    group, procedure = proposal.working_group, proposal.procedure
    group.name_en, group.name_fr = "Public procurement", "Marchés publics"
    procedure.name_en, procedure.name_fr = "Position paper", "Prise de position"
    group.save()
    procedure.save()

    papers = {paper.language: paper for paper in approve(proposal).papers.all()}
    french = " ".join(pdf_text(pdf_reader(papers["fr"])).split())
    english = " ".join(pdf_text(pdf_reader(papers["en"])).split())

    assert "Marchés publics" in french and "Prise de position" in french
    assert "Public procurement" not in french
    assert "Public procurement" in english and "Marchés publics" not in english


def test_names_not_translated_fall_back_to_english(paper_factory, settings):
    from members.models import Network

    paper = paper_factory(language="de")
    group = paper.proposal.working_group
    group.name_en, group.name_fr = "Public procurement", "Marchés publics"
    group.save()
    network = Network.objects.get_solo()
    network.names = {"en": "Social Enterprises Europe", "de": "Sozialunternehmen Europa"}
    network.save()

    german = paper_context(paper)
    # the German name of the network exists, the working group's does not
    assert german["network_name"] == "Sozialunternehmen Europa"
    assert german["working_group"] == "Public procurement"
    assert german["procedure"] == paper.proposal.procedure.name_en
    assert german["labels"]["contents"] == "Inhalt"


def test_a_name_created_in_another_language_still_has_its_english_name(working_group_factory):
    from django.utils import translation

    from members.models import WorkingGroup

    with translation.override("fr"):
        group = working_group_factory(name="Économie sociale")
    group = WorkingGroup.objects.get(pk=group.pk)

    assert group.name_en == "Économie sociale" and group.name_fr == "Économie sociale"
    with translation.override("el"):
        assert group.name == "Économie sociale"


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("fr", "1er décembre 2026", "2 décembre 2026"),
        ("el", "1 Δεκεμβρίου 2026", "2 Δεκεμβρίου 2026"),
        ("de", "1. Dezember 2026", "2. Dezember 2026"),
        ("pl", "1 grudnia 2026", "2 grudnia 2026"),
        ("en", "1 December 2026", "2 December 2026"),
        ("hu", "2026. december 1.", "2026. december 2."),
        ("mt", "1 ta’ Diċembru 2026", "2 ta’ Diċembru 2026"),
    ],
)
def test_a_paper_date_in_each_language(language, first, second):
    assert paper_date(datetime(2026, 12, 1, 10, tzinfo=UTC), language) == first
    assert paper_date(datetime(2026, 12, 2, 10, tzinfo=UTC), language) == second


def test_a_paper_date_is_the_day_in_brussels():
    # 23:30 UTC on 30 November is already 1 December in Brussels
    assert paper_date(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "fr") == "1er décembre 2026"


def test_numbers_in_each_language():
    assert paper_number(66.666, "en") == "66.7"
    assert paper_number(66.666, "de") == "66,7"
    assert paper_number(1234.5, "el") == "1.234,5"


def test_the_admin_edits_a_working_group_s_name_in_each_language(
    client, user_factory, working_group_factory
):
    from members.models import WorkingGroup

    client.force_login(user_factory(is_staff=True, is_superuser=True))
    group = working_group_factory(name="Public procurement")
    url = f"/admin/members/workinggroup/{group.pk}/change/"

    page = client.get(url).content.decode()
    assert 'name="name_el"' in page and 'name="name_mt"' in page and 'name="name_en"' in page
    response = client.post(
        url,
        {
            "name_en": "Public procurement",
            "name_el": "Δημόσιες συμβάσεις",
            "chair": group.chair.pk,
            "description": "",
        },
    )

    assert response.status_code == 302
    group = WorkingGroup.objects.get(pk=group.pk)
    assert (group.name_el, group.name_fr, group.name_en) == (
        "Δημόσιες συμβάσεις",
        None,
        "Public procurement",
    )
