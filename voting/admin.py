"""Voting in the admin: read-only. A secret round never shows an organisation's choice."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import ReadOnlyAdminMixin
from voting.models import Ballot, Eligibility, VotingRound


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
        return ["organisation", "weight", "choice", "receipt", "cast_by", "cast_at"]

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
        "yes",
        "no",
        "abstain",
        "turnout_percent",
        "quorum_met",
        "passed",
    ]
