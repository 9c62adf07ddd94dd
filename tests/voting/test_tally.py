"""Each majority rule at its boundaries, and the quorum boundary (pure arithmetic)."""

from decimal import Decimal

import pytest

from voting.tally import Result


def result(yes, no, abstain, eligible=100, quorum=50, majority="simple"):
    return Result(yes, no, abstain, eligible, quorum, majority)


@pytest.mark.parametrize(
    ("yes", "no", "passed"), [(31, 30, True), (30, 30, False), (29, 30, False)]
)
def test_simple_majority_needs_more_yes_than_no_a_tie_fails(yes, no, passed):
    assert result(yes, no, 10, majority="simple").majority_met is passed


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "passed"),
    [
        (26, 10, 15, True),  # 26 of 51 cast
        (25, 10, 15, False),  # 25 of 50: exactly half is not more than half
        (30, 0, 31, False),  # abstentions count against an absolute majority
        (31, 0, 30, True),
    ],
)
def test_absolute_majority_counts_abstentions(yes, no, abstain, passed):
    assert result(yes, no, abstain, majority="absolute").majority_met is passed


@pytest.mark.parametrize(
    ("yes", "no", "passed"),
    [(40, 20, True), (39, 20, False), (2, 1, True), (1, 1, False), (0, 0, False)],
)
def test_two_thirds_means_at_least_two_thirds_of_yes_and_no(yes, no, passed):
    assert result(yes, no, 30, majority="two_thirds").majority_met is passed


def test_two_thirds_ignores_abstentions():
    assert result(2, 1, 97, majority="two_thirds").majority_met


@pytest.mark.parametrize(("cast", "met"), [(50, True), (49, False), (51, True)])
def test_quorum_counts_every_weight_cast_including_abstentions(cast, met):
    r = result(0, 0, cast, eligible=100, quorum=50)
    assert r.quorum_met is met
    assert r.turnout_percent == Decimal(cast)


def test_quorum_with_awkward_fractions_is_exact():
    # 1 of 3 is 33.33 %: a quorum of 33 % is met, 34 % is not.
    assert result(1, 0, 0, eligible=3, quorum=33).quorum_met
    assert not result(1, 0, 0, eligible=3, quorum=34).quorum_met
    assert result(1, 0, 0, eligible=3).turnout_percent == Decimal("33.33")


def test_passing_needs_quorum_and_majority():
    assert not result(40, 0, 0, quorum=50).passed  # no quorum
    assert result(40, 10, 0, quorum=50).passed
    assert not result(25, 25, 0, quorum=50).passed  # tie
