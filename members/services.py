"""Writes of the members app."""

from members.models import User


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
