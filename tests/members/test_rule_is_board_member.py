import pytest
from django.contrib.auth.models import AnonymousUser

from members.rules import is_board_member

pytestmark = pytest.mark.django_db


def test_user_with_a_board_seat_is_board_member(board_member):
    assert is_board_member(board_member)


def test_user_without_a_board_seat_is_not_board_member(user):
    assert not is_board_member(user)


def test_anonymous_is_not_board_member():
    assert not is_board_member(AnonymousUser())
