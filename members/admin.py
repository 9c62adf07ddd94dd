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
