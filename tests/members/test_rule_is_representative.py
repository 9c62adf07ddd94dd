import pytest
from django.contrib.auth.models import AnonymousUser

from members.rules import is_active_representative, is_representative

pytestmark = pytest.mark.django_db


def test_user_linked_to_an_organisation_is_representative(representative):
    assert is_representative(representative)
    assert is_active_representative(representative)


def test_user_without_organisation_is_not_representative(user):
    assert not is_representative(user)


def test_representative_of_inactive_organisation_is_not_active_representative(
    representative_factory, organisation_factory
):
    rep = representative_factory(organisation=organisation_factory(active=False))
    assert is_representative(rep)
    assert not is_active_representative(rep)


def test_anonymous_is_not_representative():
    assert not is_representative(AnonymousUser())
