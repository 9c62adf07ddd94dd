"""Real threads against PostgreSQL: proxies and split ballots cast at the same moment."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from tests.concurrency import in_threads
from tests.voting.test_concurrency import _in_threads
from voting.models import Ballot, BallotCast, Mandate
from voting.services import ballot_cast, tally

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
FLAGS = {"proxies_allowed": True, "split_ballots_allowed": True, "quorum_percent": 10}


def test_the_mandator_and_its_proxy_casting_at_once_leave_one_counted_ballot(
    voting_proposal, representative_factory
):
    """20 mandators and their 20 proxies cast at the same moment. Each mandator ends
    with one ballot, its own (its cast revokes the mandate); the history has both
    casts when the proxy's came first; a proxy that came second finds the mandate
    revoked (403) and leaves nothing."""
    pairs = [(representative_factory(), representative_factory()) for _ in range(20)]
    proposal = voting_proposal(**FLAGS)
    voting_round = proposal.voting_rounds.get()
    for mandator, proxy in pairs:
        Mandate.objects.create(
            proposal=proposal,
            mandator=mandator.organisation,
            proxy=proxy.organisation,
            given_by=mandator,
        )

    def work(index):
        mandator, proxy = pairs[index // 2]
        if index % 2:
            return ballot_cast(
                voting_round=voting_round,
                organisation=mandator.organisation,
                proxy=proxy.organisation,
                user=proxy,
                choice="no",
            )
        return ballot_cast(
            voting_round=voting_round,
            organisation=mandator.organisation,
            user=mandator,
            choice="yes",
        )

    outcomes = in_threads(40, work)

    both = 0
    for index, (mandator, proxy) in enumerate(pairs):
        own, by_proxy = outcomes[2 * index], outcomes[2 * index + 1]
        assert isinstance(own, Ballot), own
        assert isinstance(by_proxy, Ballot | PermissionDenied), by_proxy
        ballot = Ballot.objects.get(round=voting_round, organisation=mandator.organisation)
        assert (ballot.choice, ballot.by_proxy_id, ballot.receipt) == ("yes", None, own.receipt)
        history = set(
            BallotCast.objects.filter(organisation=mandator.organisation).values_list(
                "receipt", "by_proxy_id"
            )
        )
        if isinstance(by_proxy, Ballot):
            both += 1
            assert history == {(own.receipt, None), (by_proxy.receipt, proxy.organisation_id)}
        else:
            assert history == {(own.receipt, None)}
        mandate = Mandate.objects.get(mandator=mandator.organisation)
        assert mandate.revoked_by_id == mandator.pk
    assert tally(voting_round=voting_round).yes == 20
    print(f"{both} of 20 proxies cast before their mandator (both casts in the history)")


def test_100_organisations_30_mandates_20_splits_at_once_stored_equals_recount(
    voting_proposal, representative_factory, organisation_factory, run, capsys
):
    reps = [
        representative_factory(organisation=organisation_factory(weight=1 + i % 3))
        for i in range(100)
    ]
    proposal = voting_proposal(**FLAGS)
    voting_round = proposal.voting_rounds.get()
    mandators, proxies = reps[:30], reps[30:60]
    for mandator, proxy in zip(mandators, proxies, strict=True):
        Mandate.objects.create(
            proposal=proposal,
            mandator=mandator.organisation,
            proxy=proxy.organisation,
            given_by=mandator,
        )
    choices = ["yes", "yes", "no", "abstain"]
    expected = {"yes": 0, "no": 0, "abstain": 0}
    jobs = []
    for i, rep in enumerate(reps[30:]):
        weight = rep.organisation.weight
        if i < 20:  # 20 splits: as even as the weight allows, the rest abstains
            split = {"yes": weight // 2, "no": weight // 2, "abstain": weight % 2}
            for key, part in split.items():
                expected[key] += part
            jobs.append(
                lambda rep=rep, split=split: ballot_cast(
                    voting_round=voting_round, organisation=rep.organisation, user=rep, split=split
                )
            )
        else:
            expected[choices[i % 4]] += weight
            jobs.append(
                lambda rep=rep, choice=choices[i % 4]: ballot_cast(
                    voting_round=voting_round,
                    organisation=rep.organisation,
                    user=rep,
                    choice=choice,
                )
            )
    for i, (mandator, proxy) in enumerate(zip(mandators, proxies, strict=True)):
        expected[choices[i % 4]] += mandator.organisation.weight
        jobs.append(
            lambda m=mandator, p=proxy, choice=choices[i % 4]: ballot_cast(
                voting_round=voting_round,
                organisation=m.organisation,
                proxy=p.organisation,
                user=p,
                choice=choice,
            )
        )

    outcomes = _in_threads(jobs)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Ballot.objects.filter(round=voting_round).count() == 100
    assert Ballot.objects.filter(round=voting_round, by_proxy__isnull=False).count() == 30
    assert Ballot.objects.filter(round=voting_round, choice="split").count() == 20
    assert Mandate.objects.filter(used_at__isnull=False).count() == 30
    run(proposal, "close_vote", proposal.working_group.chair)
    voting_round.refresh_from_db()
    stored = (voting_round.yes, voting_round.no, voting_round.abstain)
    recount = tally(voting_round=voting_round)
    assert stored == (recount.yes, recount.no, recount.abstain)
    assert stored == (expected["yes"], expected["no"], expected["abstain"])
    call_command("verify_results")
    assert "1 closed round(s), 0 difference(s)." in capsys.readouterr().out
