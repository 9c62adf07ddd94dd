"""Translations API (API.md "Translations", SPEC §11)."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiTypes, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.limits import HEADING_MAX, SECTION_BODY_MAX, SUMMARY_MAX, TITLE_MAX
from proposals.api import get_visible_proposal
from translations.selectors import (
    translation_detail,
    translation_language_check,
    translation_summaries,
)
from translations.services import translation_import, translation_update
from translations.status import LANGUAGE_STATUSES as STATUSES
from translations.status import UNIT_STATUSES
from translations.xliff import MEDIA_TYPE, XliffError, xliff_read, xliff_write


class OutdatedOutput(serializers.Serializer):
    unit = serializers.CharField()
    section = serializers.IntegerField(allow_null=True)
    paragraph = serializers.IntegerField(allow_null=True)


class TranslationSummaryOutput(serializers.Serializer):
    language = serializers.CharField()
    status = serializers.ChoiceField(STATUSES)
    version = serializers.IntegerField(allow_null=True)
    done_paragraphs = serializers.IntegerField()
    total_paragraphs = serializers.IntegerField()
    outdated = OutdatedOutput(many=True)


class TranslationParagraphOutput(serializers.Serializer):
    paragraph = serializers.IntegerField()
    source = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(UNIT_STATUSES)
    old_source = serializers.CharField(allow_blank=True)


class TranslationSectionOutput(serializers.Serializer):
    section = serializers.IntegerField()
    source_heading = serializers.CharField(allow_blank=True)
    heading = serializers.CharField(allow_blank=True)
    heading_status = serializers.ChoiceField(UNIT_STATUSES)
    paragraphs = TranslationParagraphOutput(many=True)


class TranslationOutput(serializers.Serializer):
    language = serializers.CharField()
    status = serializers.ChoiceField(STATUSES)
    version = serializers.IntegerField(allow_null=True)
    revision = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    sections = TranslationSectionOutput(many=True)


def detail_output(detail: dict) -> dict:
    return TranslationOutput(detail).data


class TranslationParagraphInput(serializers.Serializer):
    paragraph = serializers.IntegerField(min_value=1)
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=SECTION_BODY_MAX
    )


class TranslationSectionInput(serializers.Serializer):
    section = serializers.IntegerField(min_value=1)
    heading = serializers.CharField(allow_blank=True, required=False, max_length=HEADING_MAX)
    paragraphs = TranslationParagraphInput(many=True, required=False)


class TranslationUpdateInput(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=0, help_text="The `revision` the edit started from (0: none saved yet)."
    )
    title = serializers.CharField(allow_blank=True, required=False, max_length=TITLE_MAX)
    summary = serializers.CharField(
        allow_blank=True, required=False, trim_whitespace=False, max_length=SUMMARY_MAX
    )
    sections = TranslationSectionInput(many=True, required=False)


class TranslationListApi(APIView):
    @extend_schema(responses=TranslationSummaryOutput(many=True))
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        return Response(
            TranslationSummaryOutput(translation_summaries(proposal=proposal), many=True).data
        )


class TranslationDetailApi(APIView):
    @extend_schema(responses=TranslationOutput)
    def get(self, request, pk: int, lang: str):
        proposal = get_visible_proposal(request, pk)
        return Response(detail_output(translation_detail(proposal=proposal, language=lang)))

    @extend_schema(
        request=TranslationUpdateInput,
        responses={
            200: TranslationOutput,
            409: inline_serializer(
                "TranslationConflict",
                {
                    "detail": serializers.CharField(),
                    "code": serializers.CharField(),
                    "current": TranslationOutput(),
                },
            ),
        },
    )
    def patch(self, request, pk: int, lang: str):
        proposal = get_visible_proposal(request, pk)
        translation_language_check(proposal, lang)
        data = TranslationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        translation_update(
            proposal=proposal, language=lang, actor=request.user, **data.validated_data
        )
        return Response(detail_output(translation_detail(proposal=proposal, language=lang)))


class XliffParser(BaseParser):
    """The raw XLIFF file (``application/xliff+xml``; ``application/xml`` too)."""

    media_type = MEDIA_TYPE

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


class XmlParser(XliffParser):
    media_type = "application/xml"


def xliff_export(*, proposal, language: str) -> bytes:
    detail = translation_detail(proposal=proposal, language=language)
    return xliff_write(
        original=f"{proposal.reference}-{language}",
        source_language=proposal.source_language,
        language=language,
        units=detail["units"],
    )


def xliff_response(proposal, language: str) -> HttpResponse:
    """The XLIFF file of ``language`` as a download (the API and the page)."""
    translation_language_check(proposal, language)
    response = HttpResponse(
        xliff_export(proposal=proposal, language=language), content_type=MEDIA_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{proposal.reference}-{language}.xlf"'
    return response


class TranslationXliffApi(APIView):
    parser_classes = [XliffParser, XmlParser]

    @extend_schema(responses={(200, MEDIA_TYPE): OpenApiTypes.BINARY})
    def get(self, request, pk: int, lang: str):
        return xliff_response(get_visible_proposal(request, pk), lang)

    @extend_schema(
        request={MEDIA_TYPE: OpenApiTypes.BINARY},
        responses=TranslationOutput,
    )
    def put(self, request, pk: int, lang: str):
        proposal = get_visible_proposal(request, pk)
        translation_language_check(proposal, lang)
        data = request.data if isinstance(request.data, bytes) else b""
        try:
            units = xliff_read(data)
        except XliffError as exc:
            raise ValidationError({"file": [str(exc)]}) from exc
        translation_import(proposal=proposal, language=lang, actor=request.user, units=units)
        return Response(detail_output(translation_detail(proposal=proposal, language=lang)))
