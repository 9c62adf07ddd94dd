"""Fields of members' models translated per paper language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from members.models import WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    """The working group's name as a paper in each language prints it (English required)."""

    fields = ("name",)
    required_languages = ("en",)
