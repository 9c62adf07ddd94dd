"""``Version.objects`` (latest, adopted) and ``BoardDecision.objects`` (one review's approvals)."""

import pytest

from proposals.models import BoardDecision, Version
from proposals.services import version_snapshot

pytestmark = pytest.mark.django_db

R = Version.Reason


@pytest.fixture
def versions(proposal):
    """v1 consultation, v2 vote, v3 adopted, v4 vote again (after a revision)."""
    for reason in (R.CONSULTATION, R.VOTE, R.ADOPTED, R.VOTE):
        version_snapshot(proposal=proposal, reason=reason)
    return proposal


def test_newest_is_the_highest_number(versions, proposal_factory):
    assert versions.versions.newest().number == 4
    assert list(versions.versions.newest_first().values_list("number", flat=True)) == [4, 3, 2, 1]
    assert proposal_factory().versions.newest() is None


def test_adopted_is_the_adopted_text(versions, proposal_factory):
    adopted = versions.versions.adopted().newest()

    assert (adopted.number, adopted.reason) == (3, "adopted")
    assert proposal_factory().versions.adopted().newest() is None


def test_approvals_count_in_one_review_only(versions, board_membership_factory):
    first, second = versions.versions.get(number=2), versions.versions.newest()
    a, b, c = (board_membership_factory().user for _ in range(3))
    for member, version, decision in [
        (a, first, "approve"),
        (b, first, "approve"),
        (a, second, "approve"),
        (b, second, "return"),
        (c, second, "approve"),
    ]:
        BoardDecision.objects.create(
            proposal=versions, version=version, member=member, decision=decision
        )

    assert versions.board_decisions.of_review(second).approvals().count() == 2
    assert BoardDecision.objects.of_review(first).approvals().count() == 2
    assert versions.board_decisions.of_review(second).count() == 3
    assert not BoardDecision.objects.of_review(None).exists()
