"""The EU pages: linking on the web, the plan on the proposal page, the list filter,
the pack page with its count and copy buttons."""

import pytest
from django.test import Client

from eu.models import Submission
from members.models import Network
from proposals.models import EuInitiative

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_chair_links_on_the_web_and_the_page_shows_the_plan(proposal):
    chair = signed_in(proposal.working_group.chair)
    response = chair.post(
        f"/proposals/{proposal.pk}/eu/",
        {
            "title": "Social economy action plan",
            "url": "https://ec.europa.eu/have-your-say/1",
            "kind": "call_for_evidence",
            "closing_day": "2027-04-07",
            "reference": "Ares(2027)1",
        },
    )
    assert response.status_code == 302
    assert EuInitiative.objects.get(proposal=proposal).closes_at.isoformat() == (
        "2027-04-07T22:00:00+00:00"
    )

    page = chair.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Social economy action plan" in page and "(Ares(2027)1)" in page
    assert "The plan fits before the EU deadline." in page
    # the day the chair entered, not "8 April 2027 00:00" the instant after it
    assert "closes at midnight Brussels time at the end of 7 Apr 2027" in page
    assert 'data-step="translations"' in page and "8 Apr 2027, 00:00 CEST" in page
    # In another time zone the closing day is still Brussels' (it read "(Brussels
    # time)" beside the hour in the user's zone).
    proposal.working_group.chair.timezone = "America/New_York"
    proposal.working_group.chair.save()
    elsewhere = chair.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "closes at midnight Brussels time at the end of 7 Apr 2027" in elsewhere
    assert "7 Apr 2027, 18:00 EDT" in elsewhere  # the steps, in the user's own zone


def test_a_past_closing_day_on_the_web_is_an_error_on_the_form(proposal):
    chair = signed_in(proposal.working_group.chair)
    response = chair.post(
        f"/proposals/{proposal.pk}/eu/",
        {
            "title": "Old",
            "url": "https://ec.europa.eu/1",
            "kind": "other",
            "closing_day": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert "already past" in response.content.decode()
    assert not EuInitiative.objects.filter(proposal=proposal).exists()


def test_the_list_filters_proposals_answering_an_eu_initiative(proposal_factory, secretariat):
    answering, other = proposal_factory(title="Answers the EU"), proposal_factory(title="Other")
    EuInitiative.objects.create(
        proposal=answering,
        title="Call",
        url="https://ec.europa.eu/1",
        kind="other",
        closes_at="2027-04-07T22:00:00Z",
    )
    page = signed_in(secretariat).get("/proposals/?eu=true").content.decode()
    assert "Answers the EU" in page and other.title not in page


def test_the_pack_page_counts_and_offers_copy_buttons(paper_factory, secretariat):
    proposal = paper_factory(state="approved").proposal
    EuInitiative.objects.create(
        proposal=proposal,
        title="Call",
        url="https://ec.europa.eu/1",
        kind="other",
        closes_at="2027-04-07T22:00:00Z",
    )
    network = Network.objects.get_solo()
    network.transparency_register_id = "123456789012-34"
    network.save()
    Submission.objects.create(proposal=proposal, feedback_text="Économie 😀")

    page = signed_in(secretariat).get(f"/proposals/{proposal.pk}/submission/").content.decode()
    assert 'data-limit="4000">10</span> / 4000' in page
    assert 'data-copy-from="org-tr"' in page and "123456789012-34" in page
    assert "Record the submission" in page


def test_the_paper_cover_names_the_eu_initiative(paper_factory):
    from papers.services import paper_html

    paper = paper_factory(state="approved")
    EuInitiative.objects.create(
        proposal=paper.proposal,
        title="Social economy action plan",
        url="https://ec.europa.eu/1",
        kind="call_for_evidence",
        closes_at="2027-04-07T22:00:00Z",  # the end of 7 April, Brussels time
        reference="Ares(2027)1",
    )
    paper.refresh_from_db()
    html = paper_html(type(paper).objects.get(pk=paper.pk))
    assert (
        "In response to: Social economy action plan (Ares(2027)1), European Commission, "
        "closes 7 April 2027"
    ) in html


def test_the_dashboard_flags_a_proposal_at_risk(proposal_factory):
    from datetime import timedelta

    from django.utils import timezone

    from proposals.planning import eu_closes_at

    late, fine = proposal_factory(title="Late answer"), proposal_factory(title="Fine answer")
    for proposal, days in ((late, 10), (fine, 120)):
        EuInitiative.objects.create(
            proposal=proposal,
            title=f"Call {days}",
            url="https://ec.europa.eu/1",
            kind="other",
            closes_at=eu_closes_at(timezone.localdate() + timedelta(days=days)),
        )
    # The factory's procedure: 14 + 7 + 7 + 5 = 33 days, 10 are left.
    page = signed_in(late.working_group.chair).get("/").content.decode()
    assert "At risk of missing the EU deadline" in page and "Late answer" in page
    assert "days short" in page
    other = signed_in(fine.working_group.chair).get("/").content.decode()
    assert "Fine answer" in other and "At risk of missing the EU deadline" not in other


def test_a_recorded_submission_fills_the_form_and_the_button_says_it_corrects(
    paper_factory, secretariat
):
    proposal = paper_factory(state="approved").proposal
    network = Network.objects.get_solo()
    network.transparency_register_id = "123456789012-34"
    network.save()
    Submission.objects.create(
        proposal=proposal,
        feedback_text="Text",
        submitted_at="2026-12-01",
        portal_reference="F3345678",
    )

    page = signed_in(secretariat).get(f"/proposals/{proposal.pk}/submission/").content.decode()
    # the date as every other page writes it, and the way back to the proposal at the top
    assert "Submitted to the European Commission on 1 Dec 2026" in page
    assert f'<a href="{proposal.get_absolute_url()}">{proposal.reference}</a>' in page
    # the form holds what was recorded, not empty fields beside "Submitted on 1 Dec"
    assert 'value="2026-12-01"' in page and 'value="F3345678"' in page
    assert "Correct the record" in page and "Record the submission" not in page


def test_in_french_the_recorded_day_is_still_in_the_date_field(paper_factory, secretariat):
    # A date field shows its value only in ISO (2026-12-01): in the French format
    # (01/12/2026) the browser showed it empty beside "Soumis le 1er décembre 2026".
    proposal = paper_factory(state="approved").proposal
    Submission.objects.create(
        proposal=proposal, feedback_text="Texte", submitted_at="2026-12-01", portal_reference="F1"
    )
    secretariat.language = "fr"
    secretariat.save()

    page = signed_in(secretariat).get(f"/proposals/{proposal.pk}/submission/").content.decode()

    assert "Soumis à la Commission européenne le 1er décembre 2026" in page
    assert 'type="date" name="submitted_at" value="2026-12-01"' in page


def test_the_pack_links_the_attachment_to_download(paper_factory, secretariat):
    paper = paper_factory(state="approved")
    page = signed_in(secretariat).get(f"/proposals/{paper.proposal.pk}/submission/")
    html = page.content.decode()
    # Approved, not yet published: the signed-in download, not the public address.
    link = f'<a href="/api/v1/papers/{paper.pk}/download/" download>'
    assert link + f"{paper.proposal.reference}/en.pdf</a>" in html


def test_a_published_pack_links_the_permanent_address(paper_factory, secretariat):
    paper = paper_factory(state="published")
    html = (
        signed_in(secretariat).get(f"/proposals/{paper.proposal.pk}/submission/").content.decode()
    )
    ref = paper.proposal.reference
    assert f'<a href="/papers/{ref}/en.pdf" download>{ref}/en.pdf</a>' in html
