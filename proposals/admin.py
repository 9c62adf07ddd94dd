from django.contrib import admin

from proposals.models import Procedure


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "consultation_required",
        "min_consultation_days",
        "voting_days",
        "quorum_percent",
        "majority",
        "secret_ballot",
        "board_approvals_required",
    ]
    search_fields = ["name"]
