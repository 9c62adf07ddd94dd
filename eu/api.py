"""EU submission pack API (API.md "EU consultations")."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.conflict import Conflict
from config.limits import SECTION_BODY_MAX
from config.schema import ErrorSerializer
from eu.rules import is_approved
from eu.selectors import submission_pack
from eu.services import submission_record, submission_update
from proposals.api import get_visible_proposal


class SubmissionOutput(serializers.Serializer):
    feedback_text = serializers.CharField()
    length = serializers.IntegerField()
    limit = serializers.IntegerField()
    attachment = inline_serializer(
        "SubmissionAttachment",
        {
            "paper": serializers.IntegerField(allow_null=True),
            "language": serializers.CharField(allow_null=True),
            "size": serializers.IntegerField(allow_null=True),
            "limit": serializers.IntegerField(),
            "languages": serializers.ListField(
                child=serializers.CharField(), help_text="The languages with a ready paper."
            ),
        },
    )
    organisation = inline_serializer(
        "SubmissionOrganisation",
        {
            "name": serializers.CharField(),
            "transparency_register_id": serializers.CharField(),
            "country": serializers.CharField(),
            "type": serializers.CharField(),
            "size": serializers.CharField(),
            "language": serializers.CharField(),
        },
    )
    submitted_at = serializers.DateField(allow_null=True)
    portal_reference = serializers.CharField()
    checklist = serializers.DictField(child=serializers.BooleanField())
    ready = serializers.BooleanField()


class SubmissionInput(serializers.Serializer):
    feedback_text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=SECTION_BODY_MAX, required=False
    )
    language = serializers.CharField(
        max_length=8,
        required=False,
        help_text="The pack's language: the attachment's, declared to the portal "
        "(one of attachment.languages).",
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send feedback_text, language or both."))
        return attrs


class SubmissionRecordInput(serializers.Serializer):
    submitted_at = serializers.DateField()
    portal_reference = serializers.CharField(max_length=100)


def _approved_proposal(request, pk: int):
    proposal = get_visible_proposal(request, pk)
    if not is_approved(request.user, proposal):
        raise Conflict(
            _("The submission pack is ready once the proposal is approved."), "not_approved"
        )
    return proposal


class SubmissionApi(APIView):
    @extend_schema(
        responses={
            200: SubmissionOutput,
            409: OpenApiResponse(
                ErrorSerializer, description="Not approved yet (code not_approved)."
            ),
        }
    )
    def get(self, request, pk: int):
        proposal = _approved_proposal(request, pk)
        return Response(SubmissionOutput(submission_pack(proposal=proposal)).data)

    @extend_schema(request=SubmissionInput, responses=SubmissionOutput)
    def patch(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        data = SubmissionInput(data=request.data)
        data.is_valid(raise_exception=True)
        submission_update(proposal=proposal, actor=request.user, **data.validated_data)
        return Response(SubmissionOutput(submission_pack(proposal=proposal)).data)


class SubmissionRecordApi(APIView):
    @extend_schema(request=SubmissionRecordInput, responses=SubmissionOutput)
    def post(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        data = SubmissionRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        submission_record(proposal=proposal, actor=request.user, **data.validated_data)
        return Response(SubmissionOutput(submission_pack(proposal=proposal)).data)
