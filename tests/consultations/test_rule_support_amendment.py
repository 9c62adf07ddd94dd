"""consultations.support_amendment: another active organisation, once, while it is open."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from consultations.selectors import amendment_get
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db

PERM = "consultations.support_amendment"


@pytest.fixture
def open_amendment(consulting, amendment_factory):
    return amendment_get(pk=amendment_factory(proposal=consulting, section=consulting.section).pk)


def refusal(user, amendment) -> str:
    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, user, amendment)
    return refused.value.detail.code


def test_another_organisation_supports(open_amendment, representative):
    assert rules.has_perm(PERM, representative, open_amendment)


def test_only_representatives_of_active_organisations_support(
    open_amendment, secretariat, chair, representative_factory, organisation_factory
):
    inactive = representative_factory(organisation=organisation_factory(active=False))

    for user in (secretariat, chair, inactive):
        with pytest.raises(PermissionDenied, match="support amendments"):
            rules_enforce(PERM, user, open_amendment)


def test_the_proposing_organisation_does_not_support_its_own(
    open_amendment, representative_factory
):
    colleague = representative_factory(organisation=open_amendment.organisation)

    assert refusal(colleague, open_amendment) == "own_amendment"


def test_an_organisation_supports_once(open_amendment, representative, amendment_support_factory):
    amendment_support_factory(amendment=open_amendment, user=representative)
    supported = amendment_get(pk=open_amendment.pk)

    assert refusal(representative, supported) == "already_supported"


def test_no_support_once_the_consultation_closed(open_amendment, representative, run, chair):
    run(open_amendment.proposal, "close_consultation", chair)

    assert refusal(representative, amendment_get(pk=open_amendment.pk)) == "consultation_closed"


def test_no_support_for_a_decided_amendment(open_amendment, representative):
    open_amendment.status = "rejected"

    assert refusal(representative, open_amendment) == "already_decided"
