"""Voting in the admin: read-only. A secret round never shows an organisation's choice,
nor whether a proxy cast (the mandates themselves are shown: SPEC §6)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdminMixin
from voting.models import Ballot, Eligibility, Mandate, VotingRound
from voting.selectors import is_secret


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class EligibilityInline(ReadOnlyInline):
    model = Eligibility
    fields = ["organisation", "weight"]
    readonly_fields = fields


class BallotInline(ReadOnlyInline):
    """Who voted. The choice only for open ballots."""

    model = Ballot
    verbose_name_plural = _("ballots")

    def get_fields(self, request, obj=None):
        if obj is not None and obj.secret:
            return ["organisation", "weight", "cast_at"]
        return [
            "organisation",
            "weight",
            "choice",
            "split_yes",
            "split_no",
            "split_abstain",
            "by_proxy",
            "receipt",
            "cast_by",
            "cast_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


@admin.register(VotingRound)
class VotingRoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["proposal", "version", "opened_at", "closes_at", "closed_at", "passed"]
    list_select_related = ["proposal", "version"]
    inlines = [EligibilityInline, BallotInline]
    readonly_fields = [
        "proposal",
        "version",
        "opened_at",
        "closes_at",
        "closed_at",
        "quorum_percent",
        "majority",
        "secret",
        "eligible_weight",
        "proxies_allowed",
        "max_mandates_per_proxy",
        "split_allowed",
        "yes",
        "no",
        "abstain",
        "turnout_percent",
        "quorum_met",
        "passed",
    ]


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who mandated whom. Whether the proxy has cast only for open ballots."""

    list_select_related = ["proposal__procedure", "mandator", "proxy"]
    list_filter = ["revoked_at"]
    search_fields = ["proposal__reference", "mandator__name", "proxy__name"]

    def _secret(self, obj) -> bool:
        return obj is None or is_secret(obj.proposal)

    def get_list_display(self, request):
        return ["proposal", "mandator", "proxy", "created_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        fields = ["proposal", "mandator", "proxy", "given_by", "created_at", "revoked_at"]
        if not self._secret(obj):
            fields += ["revoked_by", "used_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)
