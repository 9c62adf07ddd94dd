from django.contrib import admin

from proposals.models import PROCEDURE_RULES, Procedure


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", *PROCEDURE_RULES]
    search_fields = ["name"]
