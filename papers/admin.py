"""Admin of the papers: read-only rows (renders write them), a retry action for failures."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin import ReadOnlyAdminMixin
from papers.models import PositionPaper
from papers.services import paper_retry


@admin.register(PositionPaper)
class PositionPaperAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "proposal",
        "version",
        "language",
        "preview",
        "status",
        "pages",
        "size",
        "attempts",
        "rendered_at",
    ]
    list_filter = ["status", "preview", "language"]
    search_fields = ["proposal__reference", "proposal__title", "sha256"]
    list_select_related = ["proposal", "version"]
    readonly_fields = [f.name for f in PositionPaper._meta.fields]
    actions = ["retry_failed"]
    #: A paper row may still be deleted here, as before; nothing else is written.
    allow_delete = True

    @admin.action(description=_("Render failed papers again"))
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=PositionPaper.Status.FAILED))
        for paper in failed:
            paper_retry(paper=paper)
        self.message_user(
            request,
            ngettext("%d paper queued again.", "%d papers queued again.", len(failed))
            % len(failed),
            messages.SUCCESS,
        )
