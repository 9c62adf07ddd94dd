"""Members in the admin. No page shows or sets another person's password or token
(SPEC §1): people set their own password (invitation, reset) and make their own
tokens (profile page, API)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken as KnoxAuthToken

from members.models import BoardMembership, Organisation, User, WorkingGroup

# knox registers its token model with a page that lists digests and makes a token
# for anyone; DRF's authtoken (no longer installed) did the same with raw tokens.
if admin.site.is_registered(KnoxAuthToken):
    admin.site.unregister(KnoxAuthToken)


class UserChangeForm(auth_forms.UserChangeForm):
    password = None  # no hash summary, no link to set it


class UserAddForm(forms.ModelForm):
    """A new account without a password: its owner sets one (invitation or reset)."""

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name"]
        field_classes = {"username": auth_forms.UsernameField}

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class RepresentativeInline(admin.TabularInline):
    model = User
    fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["email"]  # set on the user's own page (see UserAdmin)
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
    form = UserChangeForm
    add_form = UserAddForm
    add_form_template = None  # Django's asks for a password
    fieldsets = [
        (None, {"fields": ["username"]}),
        *BaseUserAdmin.fieldsets[1:],
        (_("Plenum"), {"fields": ["organisation", "language", "timezone"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "email", "first_name", "last_name"]})]

    def get_urls(self):
        # No "change password" page: superusers set nobody's password.
        return [url for url in super().get_urls() if url.name != "auth_user_password_change"]

    def user_change_password(self, request, id, form_url=""):
        raise Http404

    def get_readonly_fields(self, request, obj=None):
        # Once someone has set a password, their address is theirs: otherwise the
        # admin could point it elsewhere and ask for a reset link.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.has_usable_password():
            fields.append("email")
        return fields


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
