from types import SimpleNamespace

import pytest

from members.rules import is_wg_chair

pytestmark = pytest.mark.django_db


def test_chair_of_the_group_is_chair(working_group):
    assert is_wg_chair(working_group.chair, working_group)


def test_chair_is_judged_through_a_proposal_like_object(working_group):
    proposal = SimpleNamespace(working_group=working_group)
    assert is_wg_chair(working_group.chair, proposal)


def test_member_is_not_chair(working_group_factory, user):
    group = working_group_factory(members=[user])
    assert not is_wg_chair(user, group)


def test_chair_of_another_group_is_not_chair(working_group_factory):
    group, other = working_group_factory(), working_group_factory()
    assert not is_wg_chair(other.chair, group)


def test_no_object_means_no_chair(working_group):
    assert not is_wg_chair(working_group.chair, None)
