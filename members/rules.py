"""Permission predicates. Every app combines these; nothing re-checks roles by hand.

Predicates that take an object accept a ``WorkingGroup`` or anything with a
``working_group`` attribute (a proposal), so ``is_wg_chair(user, proposal)``
reads as it should.
"""

import rules

from members.models import WorkingGroup


def _group_of(obj) -> WorkingGroup | None:
    if obj is None:
        return None
    if isinstance(obj, WorkingGroup):
        return obj
    return getattr(obj, "working_group", None)


@rules.predicate
def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_representative(user) -> bool:
    """Linked to a member organisation (active or not)."""
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


@rules.predicate
def is_active_representative(user) -> bool:
    """Linked to an active member organisation."""
    return bool(is_representative(user) and user.organisation.active)


@rules.predicate
def is_board_member(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_plenum_is_board", None)
    if cached is None:
        from members.models import BoardMembership

        cached = BoardMembership.objects.filter(user_id=user.pk).exists()
        user._plenum_is_board = cached
    return cached


@rules.predicate
def is_wg_chair(user, obj) -> bool:
    group = _group_of(obj)
    return bool(user.is_authenticated and user.is_active and group and group.chair_id == user.pk)


@rules.predicate
def is_wg_member(user, obj) -> bool:
    """A member of the object's working group; the chair counts as a member."""
    group = _group_of(obj)
    if not (user.is_authenticated and user.is_active and group):
        return False
    if group.chair_id == user.pk:
        return True
    return group.members.filter(pk=user.pk).exists()


is_participant = is_representative | is_secretariat | is_board_member
