import pytest
from django.contrib.auth.models import AnonymousUser

from members.rules import is_secretariat

pytestmark = pytest.mark.django_db


def test_staff_user_is_secretariat(secretariat):
    assert is_secretariat(secretariat)


def test_representative_is_not_secretariat(representative):
    assert not is_secretariat(representative)


def test_inactive_staff_is_not_secretariat(secretariat_factory):
    assert not is_secretariat(secretariat_factory(is_active=False))


def test_anonymous_is_not_secretariat():
    assert not is_secretariat(AnonymousUser())
