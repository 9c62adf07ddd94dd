"""A secret ballot with proxies: no page, API response or admin view shows an
organisation's choice to anyone but that organisation (and the proxy that cast it),
and none but the two organisations says whether a proxy cast."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.voting.test_secret_ballot import _api_urls, _assert_no_leak, _page_urls
from voting.models import Mandate, VotingRound
from workflow.sweep import close_due

pytestmark = pytest.mark.django_db

PROXY_WORDS = re.compile(r"by proxy|by_proxy\"\s*:\s*\"|\"used\"\s*:\s*true|used_at", re.I)


def _collect(viewer, proposal, round_id, mandate, mandator_id) -> list[tuple[str, str]]:
    seen = []
    api, web = APIClient(), Client()
    if viewer is not None:
        api.force_authenticate(viewer)
        web.force_login(viewer)
    base = f"/api/v1/proposals/{proposal.pk}"
    for url in [
        *_api_urls(proposal.pk),
        f"{base}/mandates/",
        f"{base}/ballot/?organisation={mandator_id}",
    ]:
        response = api.get(url)
        assert response.status_code < 500, url
        seen.append((url, response.content.decode()))
    for url in [
        *_page_urls(proposal.pk, round_id),
        f"/proposals/{proposal.pk}/mandate/",
        "/admin/voting/mandate/",
        f"/admin/voting/mandate/{mandate.pk}/change/",
    ]:
        response = web.get(url, follow=True)
        assert response.status_code < 500, url
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        seen.append((url, unescape(re.sub(r"\s+", " ", text))))
    return seen


def _assert_nobody_says_who_cast_by_proxy(seen):
    for url, text in seen:
        assert not PROXY_WORDS.search(text), f"{url} says who cast by proxy"
        try:
            body = json.loads(text)
        except ValueError:
            continue
        items = body if isinstance(body, list) else [body]
        for item in items:
            if isinstance(item, dict) and "used" in item:
                assert item["used"] is None, f"{url} says the mandate was used"


def test_no_view_reveals_a_secret_choice_or_who_cast_by_proxy(
    voting_proposal,
    representative_factory,
    organisation_factory,
    secretariat_factory,
    board_membership_factory,
    cast,
):
    from voting.services import ballot_cast

    choices = {"Alpha network": "yes", "Beta network": "no"}
    reps = {
        name: representative_factory(organisation=organisation_factory(name=name))
        for name in [*choices, "Gamma network"]
    }
    proxy = representative_factory(organisation=organisation_factory(name="Epsilon network"))
    bystander = representative_factory(organisation=organisation_factory(name="Delta network"))
    proposal = voting_proposal(secret_ballot=True, proxies_allowed=True, quorum_percent=10)
    voting_round = proposal.voting_rounds.get()
    gamma = reps["Gamma network"].organisation
    mandate = Mandate.objects.create(
        proposal=proposal,
        mandator=gamma,
        proxy=proxy.organisation,
        given_by=reps["Gamma network"],
    )
    voters = {
        name: (choice, cast(proposal, reps[name], choice).receipt)
        for name, choice in choices.items()
    }
    by_proxy = ballot_cast(
        voting_round=voting_round,
        organisation=gamma,
        proxy=proxy.organisation,
        user=proxy,
        choice="abstain",
    )
    voters["Gamma network"] = ("abstain", by_proxy.receipt)
    outsiders = [
        None,
        bystander,
        proposal.working_group.chair,
        board_membership_factory().user,
        secretariat_factory(is_superuser=True),
        reps["Alpha network"],
        reps["Beta network"],
    ]

    def check_every_viewer():
        for viewer in outsiders:
            seen = _collect(viewer, proposal, voting_round.pk, mandate, gamma.pk)
            others = voters
            if viewer is not None and viewer.organisation_id:
                others = {n: v for n, v in voters.items() if v[1] != _own_receipt(viewer)}
            _assert_no_leak(seen, others)
            _assert_nobody_says_who_cast_by_proxy(seen)
        # The two organisations see Gamma's ballot; neither sees Alpha's or Beta's.
        for viewer in (reps["Gamma network"], proxy):
            seen = _collect(viewer, proposal, voting_round.pk, mandate, gamma.pk)
            _assert_no_leak(seen, {n: v for n, v in voters.items() if n != "Gamma network"})

    def _own_receipt(viewer):
        for name, rep in reps.items():
            if rep == viewer:
                return voters.get(name, (None, None))[1]
        return None

    check_every_viewer()  # while the vote is open

    VotingRound.objects.filter(pk=voting_round.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    close_due()

    check_every_viewer()  # after the close, with totals and receipts published

    # The paper of the voted version: its text pairs no organisation with a choice
    # and says nothing of who cast by proxy.
    import io

    from pypdf import PdfReader

    from papers.models import PositionPaper
    from papers.services import paper_render_bytes

    voting_round.refresh_from_db()
    paper = PositionPaper.objects.create(
        proposal=proposal, version=voting_round.version, language="en", preview=False
    )
    pdf = paper_render_bytes(paper).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Gamma network" not in text or not PROXY_WORDS.search(text)
    _assert_no_leak([("the paper", text)], voters)
    _assert_nobody_says_who_cast_by_proxy([("the paper", text)])
    assert proposal.reference in text  # the text was read

    proxy_view = APIClient()
    proxy_view.force_authenticate(proxy)
    own = proxy_view.get(f"/api/v1/proposals/{proposal.pk}/ballot/?organisation={gamma.pk}")
    assert own.status_code == 200 and own.json()["receipt"] == by_proxy.receipt
