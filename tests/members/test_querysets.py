"""Who counts as a member: ``Organisation.objects.eligible()`` and
``User.objects.active_representatives()``."""

import pytest

from members.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(organisation_factory, representative_factory, user_factory):
    """Two eligible organisations and every way of not being one."""
    people = {
        "voter": representative_factory(),
        "colleague": None,
        "sleeping": representative_factory(organisation=organisation_factory(active=False)),
        "gone": representative_factory(is_active=False),
        "staff": user_factory(),
    }
    people["colleague"] = representative_factory(organisation=people["voter"].organisation)
    organisation_factory(name="Nobody here yet")
    return people


def test_eligible_organisations_are_active_with_an_active_representative(members):
    eligible = Organisation.objects.eligible()

    assert list(eligible) == [members["voter"].organisation]  # once, with two representatives


def test_eligible_organisations_can_be_narrowed_and_counted(members, organisation_factory):
    heavy = organisation_factory(weight=3)
    heavy.representatives.create(username="heavy-rep")

    eligible = Organisation.objects.eligible().order_by("pk")

    assert list(eligible.values_list("weight", flat=True)) == [1, 3]
    assert eligible.exclude(pk=heavy.pk).count() == 1


def test_active_representatives_are_the_people_of_eligible_organisations(members):
    people = User.objects.active_representatives()

    assert set(people) == {members["voter"], members["colleague"]}
    assert set(people.values_list("organisation", flat=True)) == set(
        Organisation.objects.eligible().values_list("pk", flat=True)
    )


def test_the_user_manager_still_creates_users():
    user = User.objects.create_user("newcomer", "newcomer@example.org", "secret-pass-123")

    assert user.check_password("secret-pass-123")
    assert not User.objects.active_representatives().filter(pk=user.pk).exists()
