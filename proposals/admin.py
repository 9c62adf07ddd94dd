from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from proposals.models import PROCEDURE_RULES, Procedure


@admin.register(Procedure)
class ProcedureAdmin(TranslationAdmin):
    """The name in each paper language (``name_en`` required, the others fall back to it)."""

    list_display = ["name", *PROCEDURE_RULES]
    search_fields = ["name"]
