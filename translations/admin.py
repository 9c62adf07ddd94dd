from django.contrib import admin

from translations.models import Translation, Translator


@admin.register(Translator)
class TranslatorAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    autocomplete_fields = ["user"]


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["proposal", "language", "revision", "updated_at"]
    list_filter = ["language"]
    readonly_fields = ["proposal", "language", "units", "revision", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False
