from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import BoardMembership, Organisation, User, WorkingGroup


class RepresentativeInline(admin.TabularInline):
    model = User
    fields = ["username", "first_name", "last_name", "email"]
    extra = 0
    show_change_link = True
    verbose_name = _("representative")
    verbose_name_plural = _("representatives")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "weight", "active"]
    list_filter = ["active", "country"]
    search_fields = ["name"]
    inlines = [RepresentativeInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "organisation", "is_staff"]
    list_filter = [*BaseUserAdmin.list_filter, "organisation"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Plenum"), {"fields": ["organisation", "language", "timezone"]}),
    ]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "chair"]
    search_fields = ["name"]
    autocomplete_fields = ["chair"]
    filter_horizontal = ["members"]


@admin.register(BoardMembership)
class BoardMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "since"]
    autocomplete_fields = ["user"]


# --- accounts: invitations and the account log (SPEC §13) ----------------------------

from django.contrib import messages  # noqa: E402

from config.admin import ReadOnlyAdminMixin  # noqa: E402
from members.models import AccountEvent, Invitation  # noqa: E402
from members.services import InvitationUnusable, invitation_resend  # noqa: E402


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Invitations are made on the secretariat's page (``/invitations/``), which
    emails the link; here they are listed and can be sent again."""

    list_display = [
        "email",
        "organisation",
        "board_seat",
        "status_shown",
        "expires_at",
        "invited_by",
    ]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email"]
    exclude = ["key_hash"]
    actions = ["send_again"]

    @admin.display(description=_("status"))
    def status_shown(self, invitation: Invitation) -> str:
        return invitation.get_status_display()

    @admin.action(description=_("Send invitation again"))
    def send_again(self, request, queryset):
        sent = 0
        for invitation in queryset:
            try:
                invitation_resend(invitation=invitation, by=request.user, request=request)
            except InvitationUnusable:
                continue
            sent += 1
        messages.success(
            request, _("%(count)d invitation(s) sent again with a new link.") % {"count": sent}
        )


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "user", "ip", "detail"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__username", "detail", "ip"]
    date_hierarchy = "at"
