"""Proposals in the admin: the state is shown, never edited; it changes only through
``transition_run`` (the admin actions below call it as the signed-in user)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdminMixin
from config.conflict import Conflict
from proposals.models import Proposal, Section
from workflow.models import TransitionLog
from workflow.services import transition_run
from workflow.sweep import close_due


class SectionInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Section
    extra = 0
    fields = ["position", "heading", "body", "revision"]
    readonly_fields = fields


class TransitionLogInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TransitionLog
    extra = 0
    fields = ["at", "transition", "source", "target", "actor", "note"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Proposals are drafted by working groups, in the app; the text is theirs: the
    admin only looks and runs actions."""

    list_display = ["reference", "title", "state", "working_group", "procedure", "updated_at"]
    list_filter = ["state", "working_group", "procedure"]
    list_select_related = ["working_group", "procedure"]
    search_fields = ["reference", "title"]
    #: Deadlines are the chair's (proposals.set_deadlines), moved on the proposal page.
    readonly_fields = [
        "reference",
        "state",
        "consultation_closes_at",
        "voting_closes_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [
        "reference",
        "title",
        "summary",
        "state",
        "working_group",
        "procedure",
        "consultation_closes_at",
        "voting_closes_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [SectionInline, TransitionLogInline]
    actions = ["publish", "run_deadline_sweep"]

    @admin.action(description=_("Publish the selected proposals (papers must be ready)"))
    def publish(self, request, queryset):
        for proposal in queryset:
            try:
                transition_run(proposal=proposal, name="publish", actor=request.user)
            except (Conflict, PermissionDenied, ValidationError) as exc:
                detail = getattr(exc, "detail", None) or exc
                message = gettext("%(reference)s: %(error)s") % {
                    "reference": proposal.reference,
                    "error": detail,
                }
                self.message_user(request, message, messages.ERROR)
            else:
                message = gettext("%(reference)s: published") % {"reference": proposal.reference}
                self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Close every consultation and vote whose deadline has passed"))
    def run_deadline_sweep(self, request, queryset):
        done = close_due()
        self.message_user(request, _("%(n)d deadline(s) closed.") % {"n": len(done)})
