"""Emails in the admin: every one shown, read-only; failed ones can be sent again."""

from django.conf import settings
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdminMixin
from notifications.models import Notification, Reminder
from notifications.services import notifications_retry


class LanguageFilter(admin.SimpleListFilter):
    """The languages the emails were written in, by their names ("Français", not "fr")."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        used = set(model_admin.get_queryset(request).values_list("language", flat=True))
        return [(code, name) for code, name in settings.LANGUAGES if code in used]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every email: who, why, whether it went. Read-only; failed ones can be sent again."""

    list_display = [
        "created_at",
        "kind",
        "proposal",
        "recipient",
        "address",
        "status",
        "attempts",
        "error_short",
    ]
    list_filter = ["status", "kind", LanguageFilter]
    list_select_related = ["proposal", "recipient"]
    search_fields = ["proposal__reference", "recipient__username", "address", "subject"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "proposal",
        "transition",
        "reminder",
        "voting_round",
        "recipient",
        "address",
        "language",
        "subject",
        "status",
        "attempts",
        "error",
        "created_at",
        "updated_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("why it failed"), ordering="error")
    def error_short(self, obj):
        """The error's last line (the exception), so a failed list says why at a glance."""
        lines = [line for line in (obj.error or "").strip().splitlines() if line.strip()]
        return Truncator(lines[-1]).chars(90) if lines else ""

    @admin.action(description=_("Send the selected failed emails again"))
    def send_again(self, request, queryset):
        ids = notifications_retry(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(n)d email(s) queued again.") % {"n": len(ids)})


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "proposal", "organisation", "deadline"]
    list_filter = ["kind"]
    list_select_related = ["proposal", "organisation"]
    search_fields = ["proposal__reference", "organisation__name"]
    readonly_fields = ["kind", "proposal", "organisation", "deadline", "created_at"]
    fields = readonly_fields
