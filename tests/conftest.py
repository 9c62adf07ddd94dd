import pytest
from pytest_factoryboy import register
from rest_framework.test import APIClient

from tests import factories

register(factories.OrganisationFactory)
register(factories.UserFactory)
register(factories.RepresentativeFactory, "representative")
register(factories.SecretariatFactory, "secretariat")
register(factories.WorkingGroupFactory)
register(factories.BoardMembershipFactory)
register(factories.ProcedureFactory)
register(factories.ProposalFactory)
register(factories.SectionFactory)
register(factories.CommentFactory)
register(factories.AmendmentFactory)
register(factories.AmendmentSupportFactory)


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` signs it in with a token."""
    client = APIClient()

    def as_user(user):
        from members.services import token_create

        _, token = token_create(user=user, name="test")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    client.as_user = as_user
    return client


@pytest.fixture
def board_member(board_membership_factory):
    return board_membership_factory().user


@pytest.fixture
def run():
    """``run(proposal, name, actor, note="")``: a transition through the one entry point."""
    from workflow.services import transition_run

    def _run(proposal, name, actor, note=""):
        return transition_run(proposal=proposal, name=name, actor=actor, note=note)

    return _run


@pytest.fixture(autouse=True)
def _default_language():
    """A request in another language (a user's own, ``Accept-Language``) leaves that
    language active in the thread after the response: each test starts, and ends, in
    the site's default language, whatever ran before it in the same worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """django-allauth's sign-in limits count in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
