"""Members in the admin. No page shows or sets another person's password or token
(SPEC §1): people set their own password (invitation, reset) and make their own
tokens (profile page, API)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from knox.models import AuthToken as KnoxAuthToken
from modeltranslation.admin import TranslationAdmin

from config.admin import ReadOnlyAdminMixin
from config.storage import StorageUnavailable
from members.forms import LOGO_NOT_STORED
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


class EligibleFilter(admin.SimpleListFilter):
    """Whether the organisation may vote when a vote opens (``Organisation.objects.eligible()``)."""

    title = _("eligible to vote")
    parameter_name = "eligible"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        # ``is_eligible``: the annotation ``OrganisationAdmin.get_queryset`` makes
        if self.value() in ("yes", "no"):
            return queryset.filter(is_eligible=self.value() == "yes")
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "weight", "active", "eligible", "representative_count"]
    # The countries of the network's organisations only, not the world's 249.
    list_filter = ["active", EligibleFilter, ("country", CountryFilter)]
    search_fields = [
        "name",
        "representatives__username",
        "representatives__last_name",
        "representatives__email",
    ]
    inlines = [RepresentativeInline]

    def get_queryset(self, request):
        eligible = Organisation.objects.eligible().filter(pk=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_eligible=Exists(eligible),
                active_representatives=Count(
                    "representatives", filter=Q(representatives__is_active=True)
                ),
            )
        )

    @admin.display(boolean=True, description=_("eligible to vote"), ordering="is_eligible")
    def eligible(self, obj):
        return obj.is_eligible

    @admin.display(description=_("active representatives"), ordering="active_representatives")
    def representative_count(self, obj):
        return obj.active_representatives


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
class WorkingGroupAdmin(TranslationAdmin):
    """The name in each paper language (``name_en`` required, the others fall back to it)."""

    list_display = ["name", "chair", "member_count"]
    search_fields = [
        "name",
        "chair__username",
        "chair__last_name",
        "members__username",
        "members__last_name",
    ]
    list_select_related = ["chair"]
    autocomplete_fields = ["chair"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members_total=Count("members", distinct=True))

    @admin.display(description=_("members"), ordering="members_total")
    def member_count(self, obj):
        return obj.members_total

    filter_horizontal = ["members"]


@admin.register(BoardMembership)
class BoardMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "since"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    """The one profile: the list opens it, nothing is added beside it or deleted.
    Saved through ``network_update`` (the same checks as the page and the API)."""

    fields = [
        "names",
        "address",
        "email",
        "website",
        "logo",
        "transparency_register_id",
        "country",
        "organisation_type",
        "organisation_size",
    ]

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # ``save_model`` raises it inside the admin's transaction, which takes the whole
        # change (and its log entry) back: the page says so instead of a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StorageUnavailable:
            self.message_user(request, LOGO_NOT_STORED, messages.ERROR)
            return redirect(request.get_full_path())

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
            country=obj.country,
            organisation_type=obj.organisation_type,
            organisation_size=obj.organisation_size,
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
