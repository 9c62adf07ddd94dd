from types import SimpleNamespace

import pytest

from members.rules import is_wg_member

pytestmark = pytest.mark.django_db


def test_listed_member_is_member(working_group_factory, user):
    group = working_group_factory(members=[user])
    assert is_wg_member(user, group)
    assert is_wg_member(user, SimpleNamespace(working_group=group))


def test_chair_counts_as_member(working_group):
    assert is_wg_member(working_group.chair, working_group)


def test_member_of_another_group_is_not_member(working_group_factory, user):
    working_group_factory(members=[user])
    assert not is_wg_member(user, working_group_factory())


def test_inactive_member_is_not_member(working_group_factory, user_factory):
    user = user_factory(is_active=False)
    assert not is_wg_member(user, working_group_factory(members=[user]))
