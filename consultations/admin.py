"""Admin for comments and amendments: read-mostly.

Nothing is added, changed or deleted here: comments are never edited after
posting and amendments change only through their decision. The one write is
hiding comments, an action that goes through ``comment_hide`` with the reason
typed next to the action menu. The admin shows a hidden comment's text: it is
the audit trail.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin import ReadOnlyAdminMixin
from config.conflict import Conflict
from consultations.models import Amendment, AmendmentSupport, Comment
from consultations.services import comment_hide
from members.rules import is_secretariat


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_module_permission(self, request) -> bool:
        return is_secretariat(request.user)


class HideActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (for hiding)"), required=False, max_length=2000, strip=True
    )


class HiddenFilter(admin.SimpleListFilter):
    title = _("hidden")
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("yes", _("Hidden")), ("no", _("Shown"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["id", "proposal", "section", "paragraph", "author", "created_at", "is_hidden"]
    list_filter = [HiddenFilter, "created_at"]
    list_select_related = ["proposal", "section", "author"]
    search_fields = ["body", "proposal__reference", "author__username", "author__last_name"]
    date_hierarchy = "created_at"
    fields = [
        "proposal",
        "section",
        "paragraph",
        "parent",
        "author",
        "organisation",
        "body",
        "created_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    ]
    readonly_fields = fields
    action_form = HideActionForm
    actions = ["hide_comments"]

    @admin.display(boolean=True, description=_("hidden"))
    def is_hidden(self, comment: Comment) -> bool:
        return comment.is_hidden

    def has_hide_permission(self, request) -> bool:
        return is_secretariat(request.user)

    @admin.action(description=_("Hide the selected comments"), permissions=["hide"])
    def hide_comments(self, request, queryset) -> None:
        reason = (request.POST.get("reason") or "").strip()
        if not reason:
            self.message_user(
                request, _("Type the reason for hiding next to the action."), messages.ERROR
            )
            return
        hidden = skipped = 0
        for comment in queryset:
            try:
                comment_hide(comment=comment, actor=request.user, reason=reason)
                hidden += 1
            except (Conflict, ValidationError, PermissionDenied):
                skipped += 1
        if hidden:
            self.message_user(
                request,
                ngettext("%(n)d comment hidden.", "%(n)d comments hidden.", hidden) % {"n": hidden},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d comment was already hidden.",
                    "%(n)d comments were already hidden.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )


class SupportInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AmendmentSupport
    fields = ["organisation", "user", "created_at"]
    readonly_fields = fields
    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "proposal",
        "section_heading",
        "paragraph",
        "kind",
        "organisation",
        "status",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["proposal", "organisation"]
    search_fields = ["text", "justification", "proposal__reference", "organisation__name"]
    fields = [
        "proposal",
        "section",
        "section_heading",
        "kind",
        "paragraph",
        "base_text",
        "text",
        "justification",
        "version",
        "organisation",
        "author",
        "created_at",
        "status",
        "response",
        "merged_text",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    inlines = [SupportInline]
