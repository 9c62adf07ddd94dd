"""Consultation API (API.md: "Consultation"): comments, amendments, the report."""

import rules
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.fields import TextField
from config.limits import (
    AMENDMENT_TEXT_MAX,
    COMMENT_MAX,
    HIDE_REASON_MAX,
    JUSTIFICATION_MAX,
    RESPONSE_MAX,
)
from config.permissions import allows
from consultations.filters import AmendmentFilter, CommentFilter
from consultations.models import (
    Amendment,
    AmendmentDecision,
    AmendmentKind,
    AmendmentStatus,
    Comment,
)
from consultations.selectors import (
    amendment_get,
    amendment_list,
    comment_get,
    comment_list,
    consultation_report,
)
from consultations.services import (
    amendment_create,
    amendment_decide,
    amendment_support,
    comment_create,
    comment_hide,
)
from proposals.api import get_visible_proposal
from proposals.models import Section
from proposals.text import render_markdown

# --- shared pieces ------------------------------------------------------------


class PersonRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()


class ConsultationError(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(required=False)
    failed_guards = serializers.ListField(child=serializers.CharField(), required=False)


def _errors(*codes: int) -> dict:
    descriptions = {
        400: "Invalid input (field errors).",
        403: "Your role does not allow this.",
        404: "No such proposal, or you may not see it.",
        409: "The proposal's state refuses this.",
    }
    return {
        code: OpenApiResponse(ConsultationError, description=descriptions[code]) for code in codes
    }


# --- comments -------------------------------------------------------------------


class CommentOutput(serializers.Serializer):
    """A comment. Hidden: ``body`` and ``html`` are null for everyone (the text
    stays in the audit trail); the reason is shown to the secretariat only."""

    id = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id")
    section = serializers.IntegerField(source="section_id", allow_null=True)
    paragraph = serializers.IntegerField(allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    author = PersonRef()
    organisation = OrganisationRef(allow_null=True)
    body = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    hidden = serializers.BooleanField(source="is_hidden")
    hidden_at = serializers.DateTimeField(allow_null=True)
    hidden_reason = serializers.SerializerMethodField()

    def get_body(self, comment: Comment) -> str | None:
        return None if comment.is_hidden else comment.body

    def get_html(self, comment: Comment) -> str | None:
        return None if comment.is_hidden else render_markdown(comment.body)

    def get_hidden_reason(self, comment: Comment) -> str | None:
        if comment.is_hidden and self.context.get("secretariat"):
            return comment.hidden_reason
        return None


class CommentInput(serializers.Serializer):
    body = TextField(max_length=COMMENT_MAX)
    section = serializers.PrimaryKeyRelatedField(
        queryset=Section.objects.none(), required=False, allow_null=True
    )
    paragraph = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None:
            self.fields["section"].queryset = proposal.sections.all()
            self.fields["parent"].queryset = proposal.comments.all()


class HideInput(serializers.Serializer):
    reason = TextField(max_length=HIDE_REASON_MAX)


def _comment_context(request) -> dict:
    return {"secretariat": rules.has_perm("consultations.view_hidden_reason", request.user)}


@extend_schema(tags=["consultation"])
class CommentListApi(generics.GenericAPIView):
    """The list's query parameters are ``CommentFilter``'s (a bad value is a 400)."""

    serializer_class = CommentOutput
    filterset_class = CommentFilter
    queryset = Comment.objects.none()  # the model, for the schema; get() lists comment_list

    @extend_schema(responses={200: CommentOutput(many=True), **_errors(400, 404)})
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        page = self.paginate_queryset(self.filter_queryset(comment_list(proposal=proposal)))
        data = CommentOutput(page, many=True, context=_comment_context(request)).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=CommentInput, responses={201: CommentOutput, **_errors(400, 403, 404, 409)}
    )
    def post(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        data = CommentInput(data=request.data, proposal=proposal)
        data.is_valid(raise_exception=True)
        comment = comment_create(proposal=proposal, author=request.user, **data.validated_data)
        comment = comment_get(pk=comment.pk)
        return Response(
            CommentOutput(comment, context=_comment_context(request)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["consultation"])
class CommentHideApi(APIView):
    permission_classes = [allows("consultations.hide_comment")]

    @extend_schema(request=HideInput, responses={200: CommentOutput, **_errors(400, 403, 404, 409)})
    def post(self, request, cid: int):
        comment = comment_get(pk=cid)
        if comment is None:
            raise Http404
        get_visible_proposal(request, comment.proposal_id)
        self.check_object_permissions(request, comment)
        data = HideInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment_hide(comment=comment, actor=request.user, reason=data.validated_data["reason"])
        return Response(CommentOutput(comment_get(pk=cid), context=_comment_context(request)).data)


# --- amendments -----------------------------------------------------------------


class AmendmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id")
    section = serializers.IntegerField(source="section_id", allow_null=True)
    section_heading = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=AmendmentKind.choices)
    paragraph = serializers.IntegerField()
    text = serializers.CharField()
    html = serializers.SerializerMethodField()
    justification = serializers.CharField()
    base_text = serializers.CharField(help_text="The paragraph as it was when proposed.")
    version = serializers.IntegerField(source="version.number")
    organisation = OrganisationRef()
    author = PersonRef()
    supporters = serializers.SerializerMethodField()
    supporter_count = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=AmendmentStatus.choices)
    response = serializers.CharField()
    merged_text = serializers.CharField()
    decided_by = PersonRef(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_section_heading(self, amendment) -> str:
        return amendment.section.heading if amendment.section else amendment.section_heading

    def get_html(self, amendment) -> str:
        return render_markdown(amendment.text)

    @extend_schema_field(OrganisationRef(many=True))
    def get_supporters(self, amendment) -> list[dict]:
        return OrganisationRef(
            [support.organisation for support in amendment.supports.all()], many=True
        ).data

    def get_supporter_count(self, amendment) -> int:
        return len(amendment.supports.all())


class AmendmentInput(serializers.Serializer):
    section = serializers.PrimaryKeyRelatedField(queryset=Section.objects.none())
    kind = serializers.ChoiceField(choices=AmendmentKind.choices)
    paragraph = serializers.IntegerField(
        min_value=0, help_text="From 1; insert_after also takes 0 (before the first paragraph)."
    )
    text = TextField(
        max_length=AMENDMENT_TEXT_MAX, required=False, allow_blank=True, default="",
        help_text="The new text; empty for delete.",
    )  # fmt: skip
    justification = TextField(max_length=JUSTIFICATION_MAX)

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None:
            self.fields["section"].queryset = proposal.sections.all()


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=AmendmentDecision.choices)
    response = TextField(max_length=RESPONSE_MAX)
    text = TextField(
        max_length=AMENDMENT_TEXT_MAX, required=False, allow_blank=True, default="",
        help_text="The merged text: required with accepted_with_changes, else empty.",
    )  # fmt: skip


class AmendmentConflictOutput(ConsultationError):
    """A 409 of the decision: ``current`` and ``base_text`` come with the code
    ``amendment_conflict`` only (the other conflicts are the state's)."""

    current = serializers.DictField(
        required=False,
        help_text="{section, section_revision, paragraph, text}: the paragraph as it is now "
        "(text null if it no longer exists). With amendment_conflict only.",
    )
    base_text = serializers.CharField(
        required=False,
        help_text="The paragraph as it was when proposed. With amendment_conflict only.",
    )


def _get_amendment(request, aid: int):
    amendment = amendment_get(pk=aid)
    if amendment is None:
        raise Http404
    get_visible_proposal(request, amendment.proposal_id)
    return amendment


@extend_schema(tags=["consultation"])
class AmendmentListApi(generics.GenericAPIView):
    """The list's query parameters are ``AmendmentFilter``'s (a bad value is a 400)."""

    serializer_class = AmendmentOutput
    filterset_class = AmendmentFilter
    queryset = Amendment.objects.none()  # the model, for the schema; get() lists amendment_list
    permission_classes = [allows("consultations.propose_amendment")]  # the post

    @extend_schema(responses={200: AmendmentOutput(many=True), **_errors(400, 404)})
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        page = self.paginate_queryset(self.filter_queryset(amendment_list(proposal=proposal)))
        return self.get_paginated_response(AmendmentOutput(page, many=True).data)

    @extend_schema(
        request=AmendmentInput, responses={201: AmendmentOutput, **_errors(400, 403, 404, 409)}
    )
    def post(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        self.check_object_permissions(request, proposal)
        data = AmendmentInput(data=request.data, proposal=proposal)
        data.is_valid(raise_exception=True)
        amendment = amendment_create(proposal=proposal, author=request.user, **data.validated_data)
        return Response(
            AmendmentOutput(amendment_get(pk=amendment.pk)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["consultation"])
class AmendmentSupportApi(APIView):
    permission_classes = [allows("consultations.support_amendment")]

    @extend_schema(
        request=None,
        responses={201: AmendmentOutput, **_errors(403, 404, 409)},
        description="Support the amendment for your organisation (once; not your own).",
    )
    def post(self, request, aid: int):
        amendment = _get_amendment(request, aid)
        self.check_object_permissions(request, amendment)
        amendment_support(amendment=amendment, user=request.user)
        return Response(AmendmentOutput(amendment_get(pk=aid)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["consultation"])
class AmendmentDecisionApi(APIView):
    permission_classes = [allows("consultations.decide_amendment")]

    @extend_schema(
        request=DecisionInput,
        responses={
            200: AmendmentOutput,
            **_errors(400, 403, 404),
            409: OpenApiResponse(
                AmendmentConflictOutput,
                description="Not in revision, already decided, or the paragraph changed "
                "(code amendment_conflict, with the current paragraph).",
            ),
        },
    )
    def post(self, request, aid: int):
        amendment = _get_amendment(request, aid)
        self.check_object_permissions(request, amendment)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        amendment_decide(amendment=amendment, actor=request.user, **data.validated_data)
        return Response(AmendmentOutput(amendment_get(pk=aid)).data)


# --- report ---------------------------------------------------------------------


class ReportAmendmentOutput(serializers.Serializer):
    number = serializers.IntegerField()
    id = serializers.IntegerField()
    section = serializers.IntegerField(allow_null=True)
    section_heading = serializers.CharField()
    paragraph = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AmendmentKind.choices)
    kind_label = serializers.CharField()
    text = serializers.CharField()
    base_text = serializers.CharField()
    justification = serializers.CharField()
    version = serializers.IntegerField()
    organisation = OrganisationRef()
    supporters = OrganisationRef(many=True)
    supporter_count = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AmendmentStatus.choices)
    status_label = serializers.CharField()
    response = serializers.CharField()
    merged_text = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class ReportSectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    heading = serializers.CharField()
    comments = serializers.IntegerField()
    amendments = serializers.IntegerField()


class ReportTotalsOutput(serializers.Serializer):
    comments = serializers.IntegerField()
    hidden_comments = serializers.IntegerField()
    amendments = serializers.IntegerField()
    proposed = serializers.IntegerField()
    accepted = serializers.IntegerField()
    accepted_with_changes = serializers.IntegerField()
    rejected = serializers.IntegerField()
    supports = serializers.IntegerField()
    organisations = serializers.IntegerField()


class ReportProposalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()


class ConsultationReportOutput(serializers.Serializer):
    proposal = ReportProposalOutput()
    amendments = ReportAmendmentOutput(many=True)
    sections = ReportSectionOutput(many=True)
    comments_on_proposal = serializers.IntegerField()
    totals = ReportTotalsOutput()


@extend_schema(tags=["consultation"])
class ConsultationReportApi(APIView):
    @extend_schema(responses={200: ConsultationReportOutput, **_errors(404)})
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        return Response(ConsultationReportOutput(consultation_report(proposal=proposal)).data)
