"""A secret ballot: no endpoint, page, history or admin view shows an organisation's
choice to anyone but that organisation.

Three organisations vote yes, no and abstain. Every response every other viewer can
get (API, pages, admin, while open and after the close) is collected and searched:
no response pairs an organisation with a choice, and no response that shows a
voter's receipt also names that voter.
"""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from voting.models import VotingRound
from workflow.sweep import close_due

pytestmark = pytest.mark.django_db

CHOICE_WORDS = re.compile(r"\b(yes|no|abstain|abstention|oui|non)\b", re.IGNORECASE)


def _api_urls(p) -> list[str]:
    base = f"/api/v1/proposals/{p}"
    return [
        f"{base}/",
        f"{base}/transitions/",
        f"{base}/history/",
        f"{base}/versions/",
        f"{base}/results/",
        f"{base}/ballot/",
        f"{base}/papers/",
        f"{base}/comments/",
        f"{base}/amendments/",
        f"{base}/consultation-report/",
        "/api/v1/proposals/",
        "/api/v1/organisations/",
        "/api/v1/me/",
    ]


def _page_urls(p, round_id) -> list[str]:
    return [
        "/",
        f"/proposals/{p}/",
        f"/proposals/{p}/vote/",
        "/proposals/",
        "/board/",
        "/papers/",
        "/admin/voting/votinground/",
        f"/admin/voting/votinground/{round_id}/change/",
        f"/admin/proposals/proposal/{p}/change/",
        "/admin/workflow/transitionlog/",
    ]


def _collect(viewer, proposal, round_id) -> list[tuple[str, str]]:
    seen = []
    api = APIClient()
    web = Client()
    if viewer is not None:
        api.force_authenticate(viewer)
        web.force_login(viewer)
    for url in _api_urls(proposal.pk):
        response = api.get(url)
        assert response.status_code < 500, url
        seen.append((url, response.content.decode()))
    for url in _page_urls(proposal.pk, round_id):
        response = web.get(url, follow=True)
        assert response.status_code < 500, url
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        seen.append((url, unescape(re.sub(r"\s+", " ", text))))
    return seen


def _pairs_in_json(value, names: set[str]):
    if isinstance(value, dict):
        mentioned = {n for n in names if any(n == v for v in value.values() if isinstance(v, str))}
        if mentioned and "choice" in value:
            yield mentioned, value["choice"]
        for child in value.values():
            yield from _pairs_in_json(child, names)
    elif isinstance(value, list):
        for child in value:
            yield from _pairs_in_json(child, names)


def _assert_no_leak(seen, voters: dict):
    names = set(voters)
    for url, text in seen:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if body is not None:
            leaks = list(_pairs_in_json(body, names))
            assert not leaks, f"{url} pairs an organisation with a choice: {leaks}"
        for name, (_choice, receipt) in voters.items():
            if receipt in text:
                assert name not in text, f"{url} shows {name}'s receipt next to its name"
            for match in re.finditer(re.escape(name), text):
                window = text[match.end() : match.end() + 60].rsplit(" ", 1)[0]
                assert not CHOICE_WORDS.search(window), (
                    f"{url} shows a choice next to {name}: …{name}{window}…"
                )


def test_no_view_reveals_a_secret_choice(
    voting_proposal,
    representative_factory,
    organisation_factory,
    secretariat_factory,
    board_membership_factory,
    cast,
):
    choices = {"Alpha network": "yes", "Beta network": "no", "Gamma network": "abstain"}
    reps = {
        name: representative_factory(organisation=organisation_factory(name=name))
        for name in choices
    }
    bystander = representative_factory(organisation=organisation_factory(name="Delta network"))
    proposal = voting_proposal(secret_ballot=True, quorum_percent=10)
    voting_round = proposal.voting_rounds.get()
    voters = {
        name: (choice, cast(proposal, reps[name], choice).receipt)
        for name, choice in choices.items()
    }
    viewers = [
        None,
        bystander,
        proposal.working_group.chair,
        board_membership_factory().user,
        secretariat_factory(is_superuser=True),
    ]

    def check_every_viewer():
        for viewer in viewers:
            _assert_no_leak(_collect(viewer, proposal, voting_round.pk), voters)
        for name, rep in reps.items():  # each voter sees only its own choice
            others = {n: v for n, v in voters.items() if n != name}
            _assert_no_leak(_collect(rep, proposal, voting_round.pk), others)

    check_every_viewer()  # while the vote is open

    VotingRound.objects.filter(pk=voting_round.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    close_due()
    proposal.refresh_from_db()
    assert proposal.state == "rejected"  # one yes, one no: a tie fails a simple majority

    check_every_viewer()  # after the close, with totals and receipts published

    results = APIClient()
    results.force_authenticate(bystander)
    body = results.get(f"/api/v1/proposals/{proposal.pk}/results/").json()
    assert sorted((r["receipt"], r["choice"]) for r in body["receipts"]) == sorted(
        (receipt, choice) for choice, receipt in voters.values()
    )
