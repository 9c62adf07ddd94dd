"""Reads of the members app."""

from django.db.models import QuerySet

from members.models import Organisation, User, WorkingGroup


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def working_group_list() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.select_related("chair").prefetch_related("members")


def user_roles(*, user: User) -> dict:
    """What ``/me/`` shows: the organisation, working-group roles, board, secretariat."""
    from members.rules import is_board_member, is_secretariat

    groups = {}
    for group in WorkingGroup.objects.filter(chair=user):
        groups[group.pk] = {"id": group.pk, "name": group.name, "role": "chair"}
    for group in user.working_groups.all():
        groups.setdefault(group.pk, {"id": group.pk, "name": group.name, "role": "member"})
    org = user.organisation
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.display_name,
        "email": user.email,
        "language": user.language,
        "timezone": user.timezone,
        "organisation": (
            {"id": org.pk, "name": org.name, "country": org.country.code} if org else None
        ),
        "working_groups": sorted(groups.values(), key=lambda g: g["name"]),
        "is_board": is_board_member(user),
        "is_secretariat": is_secretariat(user),
    }


def token_list(*, user: User) -> QuerySet:
    """The user's API tokens that still work, newest first (knox deletes the others on use)."""
    from django.utils import timezone

    from members.models import ApiToken

    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def network_logo_url(network) -> str | None:
    """Where a page or the API shows the network's logo: from an object store its signed
    URL; on disk ``/network/logo/`` (``members.views.network_logo`` streams it: no web
    server or DEBUG needed), its version in the query so a new logo is not cached."""
    from django.core.files.storage import FileSystemStorage
    from django.urls import reverse

    if not network.logo:
        return None
    if not isinstance(network.logo.storage, FileSystemStorage):
        return network.logo.url
    return f"{reverse('network-logo')}?v={int(network.updated_at.timestamp())}"
