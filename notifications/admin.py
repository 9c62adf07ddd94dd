"""Emails in the admin: every one shown, read-only; failed ones can be sent again."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdminMixin
from notifications.models import Notification, Reminder
from notifications.services import notifications_retry


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every email: who, why, whether it went. Read-only; failed ones can be sent again."""

    list_display = ["created_at", "kind", "proposal", "recipient", "address", "status", "attempts"]
    list_filter = ["status", "kind", "language"]
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
