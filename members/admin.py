from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import BoardMembership, Network, Organisation, User, WorkingGroup
from members.services import KEEP, network_update


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
