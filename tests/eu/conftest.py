import pytest

from members.models import Network
from proposals.models import EuInitiative
from tests.papers.conftest import (  # noqa: F401  (the papers' fixtures)
    approve,
    make_board_review,
    media_root,
    paper_factory,
    publish,
)


@pytest.fixture
def network():
    network = Network.objects.get_solo()
    network.transparency_register_id = "123456789012-34"
    network.save()
    return network


@pytest.fixture
def approved(paper_factory, network):  # noqa: F811 (the imported fixture)
    paper = paper_factory(state="approved")
    proposal = paper.proposal
    EuInitiative.objects.create(
        proposal=proposal,
        title="Social economy action plan",
        url="https://ec.europa.eu/x",
        kind="public_consultation",
        closes_at="2027-04-07T22:00:00Z",
    )
    return proposal
