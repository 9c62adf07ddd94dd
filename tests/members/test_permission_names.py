"""Plenum's permissions never share a name with one of Django's model permissions:
``User.has_perm`` answers Plenum's by their rule alone, so a shared name would
silently override what the admin grants (and the admin's own add/change checks)."""

import pytest
import rules
from django.contrib.auth.models import Permission

from members.rules import ACTIONS
from proposals.transitions import TRANSITIONS

pytestmark = pytest.mark.django_db


def test_no_plenum_permission_is_named_like_a_django_model_permission():
    django = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.all()}
    plenum = {name for name in ACTIONS if not name.startswith("tests.")}

    assert plenum and not plenum & django, sorted(plenum & django)


@pytest.mark.parametrize("spec", [t for t in TRANSITIONS if t.permission], ids=lambda t: t.name)
def test_every_transition_names_a_declared_permission(spec):
    assert rules.perm_exists(spec.permission), spec.permission
