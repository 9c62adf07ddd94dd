from django.contrib import admin

from translations.models import Translation, Translator


@admin.register(Translator)
class TranslatorAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["proposal", "language", "revision", "updated_by", "updated_at"]
    list_filter = ["language"]
    list_select_related = ["proposal", "updated_by"]
    search_fields = ["proposal__reference", "proposal__title"]
    readonly_fields = ["proposal", "language", "units", "revision", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False
