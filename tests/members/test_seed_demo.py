import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from members.models import BoardMembership, Organisation, User, WorkingGroup
from proposals.models import Procedure

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, User, WorkingGroup, BoardMembership, Procedure)
    }


@override_settings(DEBUG=True)
def test_seed_demo_builds_the_network_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)

    assert _counts() == first
    assert 25 <= first["Organisation"] <= 35
    assert Organisation.objects.values("country").distinct().count() >= 18
    assert Organisation.objects.filter(active=False).count() == 1
    assert set(Organisation.objects.values_list("weight", flat=True)) == {1, 2, 3}
    assert first["WorkingGroup"] == 3 and first["BoardMembership"] == 5
    assert set(Procedure.objects.values_list("name", flat=True)) == {
        "Position paper",
        "Urgent statement",
        "Response to an EU consultation",
    }
    # Every organisation has someone to speak for it, and demo logins work.
    assert not Organisation.objects.filter(representatives=None).exists()
    assert User.objects.get(username="secretariat").check_password("plenum-demo")


@override_settings(DEBUG=False)
def test_seed_demo_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert Organisation.objects.count() == 0
