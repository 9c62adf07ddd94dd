from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdminMixin
from members.models import (
    AccountEvent,
    BoardMembership,
    Invitation,
    Network,
    Organisation,
    User,
    WorkingGroup,
)
from members.services import KEEP, InvitationUnusable, invitation_resend, network_update


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


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    """The one profile: the list opens it, nothing is added beside it or deleted.
    Saved through ``network_update`` (the same checks as the page and the API)."""

    fields = ["names", "address", "email", "website", "logo", "transparency_register_id"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request) -> bool:
        return not Network.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        network = Network.objects.get_solo()
        return redirect(reverse("admin:members_network_change", args=[network.pk]))

    def save_model(self, request, obj, form, change):
        logo = KEEP
        if "logo" in form.changed_data:
            logo = form.cleaned_data["logo"] or None
        saved = network_update(
            actor=request.user,
            names=obj.names,
            address=obj.address,
            email=obj.email,
            website=obj.website,
            transparency_register_id=obj.transparency_register_id,
            logo=logo,
        )
        obj.pk, obj.logo = saved.pk, saved.logo


# --- accounts: invitations and the account log (SPEC §13) ----------------------------


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
