"""Writes of the members app."""

from django.db import transaction

from members.models import Network, User, logo_kind
from members.rules import rules_enforce


def user_update_preferences(
    *, user: User, language: str | None = None, timezone: str | None = None
) -> User:
    fields = []
    if language is not None:
        user.language = language
        fields.append("language")
    if timezone is not None:
        user.timezone = timezone
        fields.append("timezone")
    if fields:
        user.save(update_fields=fields)
    return user


# --- the network's profile (SPEC §12) -------------------------------------------------

#: ``network_update(logo=KEEP)``: leave the logo as it is.
KEEP = object()


def network_update(
    *,
    actor: User,
    names: dict[str, str] | None = None,
    address: str | None = None,
    email: str | None = None,
    website: str | None = None,
    transparency_register_id: str | None = None,
    logo=KEEP,
) -> Network:
    """Change the given fields of the network's profile (the secretariat only).

    ``logo`` is an uploaded file, ``None`` to remove it, or ``KEEP``. Every field
    is validated before anything is written, so a refused change saves nothing
    (``ValidationError`` naming the fields). A replaced logo file is deleted
    once the change has committed.
    """
    rules_enforce("members.edit_network", actor)
    with transaction.atomic():
        network = Network.objects.get_solo()
        network = Network.objects.select_for_update().get(pk=network.pk)
        old_logo = network.logo.name
        changes = {
            "names": names,
            "address": address,
            "email": email,
            "website": website,
            "transparency_register_id": transparency_register_id,
        }
        for field, value in changes.items():
            if value is not None:
                setattr(network, field, value)
        if logo is not KEEP:
            network.logo = logo or ""
        network.full_clean()
        uploaded = logo is not KEEP and bool(logo)
        if uploaded:
            # Named by what it is, whatever the upload's name said; written now, so
            # a row that cannot be saved takes its file away with it.
            network.logo.save(f"logo.{logo_kind(logo)}", logo, save=False)
        try:
            network.save()
        except Exception:
            if uploaded:
                network.logo.delete(save=False)
            raise
        if old_logo and old_logo != network.logo.name:
            storage = network.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return network
