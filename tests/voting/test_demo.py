"""The demo's federation vote: proxies and splits allowed, one mandate, one split ballot."""

import pytest
from django.core.management import call_command

from voting import demo
from voting.models import Ballot, Mandate

pytestmark = pytest.mark.django_db


def test_seed_demo_has_a_federation_vote_with_a_mandate_and_a_split(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent

    mandate = Mandate.objects.select_related("proposal__procedure", "mandator", "proxy").get()
    proposal = mandate.proposal
    assert proposal.title == demo.TITLE and proposal.state == "voting"
    procedure = proposal.procedure
    assert procedure.proxies_allowed and procedure.split_ballots_allowed
    assert not procedure.secret_ballot
    assert (mandate.mandator.name, mandate.proxy.name) == demo.MANDATE
    assert mandate.revoked_at is None and not mandate.used
    split = Ballot.objects.get(round__proposal=proposal, choice="split")
    assert split.organisation.name == demo.SPLIT[0] and split.split == demo.SPLIT[1]
