"""Fields of proposals' models translated per paper language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from proposals.models import Procedure


@register(Procedure)
class ProcedureTranslation(TranslationOptions):
    """The procedure's name as a paper in each language prints it (English required)."""

    fields = ("name",)
    required_languages = ("en",)
