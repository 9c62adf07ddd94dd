"""Proposals API (API.md: "Reference data" procedures, "Proposals", versions)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.fields import TextField
from config.limits import HEADING_MAX, SECTION_BODY_MAX, SUMMARY_MAX, TITLE_MAX
from members.models import WorkingGroup
from proposals.filters import ProposalFilter
from proposals.models import (
    PROCEDURE_RULES,
    EuInitiative,
    Procedure,
    Proposal,
    Section,
    procedure_rules_check,
)
from proposals.planning import BRUSSELS, eu_closes_at
from proposals.selectors import (
    procedure_list,
    proposal_get,
    proposal_list,
    proposal_planning,
    version_get,
    version_list,
)
from proposals.services import (
    eu_initiative_set,
    proposal_create,
    proposal_update,
    section_as_dict,
    section_create,
    section_delete,
    section_update,
)
from proposals.text import diff_sections, render_section


class ProcedureOutput(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["id", "name", "description", *PROCEDURE_RULES, "languages"]

    def validate(self, attrs):
        """The rule between flags (``procedure_rules_check``), for any write through it."""
        current = self.instance

        def value(name):
            return attrs.get(name, getattr(current, name, False) if current else False)

        try:
            procedure_rules_check(
                split_ballots_allowed=value("split_ballots_allowed"),
                secret_ballot=value("secret_ballot"),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class ProcedureListApi(generics.ListAPIView):
    serializer_class = ProcedureOutput

    def get_queryset(self):
        return procedure_list()


class SectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    heading = serializers.CharField()
    body = serializers.CharField()
    html = serializers.CharField()
    revision = serializers.IntegerField()

    def to_representation(self, instance):
        return section_as_dict(instance) if isinstance(instance, Section) else instance


class EuClosesAtField(serializers.DateTimeField):
    """The EU closing time: a day (``2026-03-31``: 24:00 Brussels time that day) or a
    time, which stands for the end of its Brussels day (00:00 Brussels is kept)."""

    def to_internal_value(self, value):
        if isinstance(value, str) and len(value) == 10:
            day = serializers.DateField().to_internal_value(value)
            return eu_closes_at(day)
        moment = super().to_internal_value(value).astimezone(BRUSSELS)
        if moment.time() == moment.time().min:
            return moment
        return eu_closes_at(moment.date())


class EuInitiativeSerializer(serializers.ModelSerializer):
    url = serializers.URLField(max_length=500)
    closes_at = EuClosesAtField()
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True)

    class Meta:
        model = EuInitiative
        fields = ["title", "url", "kind", "closes_at", "reference"]

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError(_("Give an http or https link."))
        return value


class ProposalListOutput(serializers.ModelSerializer):
    current_version = serializers.IntegerField(source="current_version_number", allow_null=True)
    working_group_name = serializers.CharField(source="working_group.name")
    procedure_name = serializers.CharField(source="procedure.name")
    voting_closes_at = serializers.DateTimeField(
        source="voting_deadline",
        allow_null=True,
        help_text="The voting deadline: the open round's while voting, else the one set "
        "for the next vote, else the last round's.",
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "reference",
            "title",
            "summary",
            "state",
            "working_group",
            "working_group_name",
            "procedure",
            "procedure_name",
            "consultation_closes_at",
            "voting_closes_at",
            "current_version",
            "created_at",
            "updated_at",
        ]


class ProposalDetailFields(ProposalListOutput):
    eu_initiative = serializers.SerializerMethodField()

    def get_eu_initiative(self, proposal) -> dict | None:
        initiative = getattr(proposal, "eu_initiative", None)
        return EuInitiativeSerializer(initiative).data if initiative else None


class ProposalOutput(ProposalDetailFields):
    sections = SectionOutput(many=True)

    class Meta(ProposalListOutput.Meta):
        fields = [*ProposalListOutput.Meta.fields, "eu_initiative", "sections"]


class ProposalCreateInput(serializers.Serializer):
    title = TextField(max_length=TITLE_MAX)
    summary = TextField(allow_blank=True, required=False, default="", max_length=SUMMARY_MAX)
    working_group = serializers.PrimaryKeyRelatedField(queryset=WorkingGroup.objects.all())
    procedure = serializers.PrimaryKeyRelatedField(queryset=Procedure.objects.all())


class ProposalUpdateInput(serializers.Serializer):
    title = TextField(max_length=TITLE_MAX, required=False)
    summary = TextField(allow_blank=True, required=False, max_length=SUMMARY_MAX)
    consultation_closes_at = serializers.DateTimeField(required=False, allow_null=True)
    voting_closes_at = serializers.DateTimeField(required=False, allow_null=True)
    eu_initiative = EuInitiativeSerializer(
        required=False, allow_null=True, help_text="Replaced whole (every field but reference)."
    )

    def validate_eu_initiative(self, value):
        # The PATCH is partial, the initiative is not: a nested serializer takes
        # partial from its root, so it is validated again, whole.
        if value is None:
            return None
        whole = EuInitiativeSerializer(data=self.initial_data["eu_initiative"])
        whole.is_valid(raise_exception=True)
        return whole.validated_data


def get_visible_proposal(request, pk: int) -> Proposal:
    proposal = proposal_get(user=request.user, pk=pk)
    if proposal is None:
        raise Http404
    return proposal


def proposal_response(request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(ProposalOutput(get_visible_proposal(request, pk)).data, status=status_code)


class ProposalListApi(generics.ListCreateAPIView):
    """The list's query parameters are ``ProposalFilter``'s (a bad value is a 400)."""

    serializer_class = ProposalListOutput
    filterset_class = ProposalFilter

    def get_queryset(self):
        return proposal_list(user=self.request.user)

    @extend_schema(request=ProposalCreateInput, responses={201: ProposalOutput})
    def post(self, request):
        data = ProposalCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_create(actor=request.user, **data.validated_data)
        return proposal_response(request, proposal.pk, status.HTTP_201_CREATED)


class ProposalDetailApi(APIView):
    @extend_schema(responses=ProposalOutput)
    def get(self, request, pk: int):
        return proposal_response(request, pk)

    @extend_schema(request=ProposalUpdateInput, responses=ProposalOutput)
    def patch(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        data = ProposalUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        with transaction.atomic():
            if "eu_initiative" in fields:
                initiative = fields.pop("eu_initiative")
                eu_initiative_set(proposal=proposal, actor=request.user, data=initiative)
                proposal = get_visible_proposal(request, pk)
            if fields or "eu_initiative" not in data.validated_data:
                proposal_update(proposal=proposal, actor=request.user, **fields)
        return proposal_response(request, pk)


class PlanningOutput(serializers.Serializer):
    eu_closes_at = serializers.DateTimeField()
    fits = serializers.BooleanField()
    days_short = serializers.IntegerField()
    steps = inline_serializer(
        "PlanningStep",
        {
            "step": serializers.ChoiceField(
                choices=["consultation", "vote", "board_review", "translations"]
            ),
            "latest_end": serializers.DateTimeField(),
        },
        many=True,
    )


class PlanningApi(APIView):
    """The plan backwards from the EU deadline; 404 when the proposal answers none."""

    @extend_schema(responses=PlanningOutput)
    def get(self, request, pk: int):
        planned = proposal_planning(proposal=get_visible_proposal(request, pk))
        if planned is None:
            raise Http404
        return Response(PlanningOutput(planned.as_dict()).data)


class SectionCreateInput(serializers.Serializer):
    heading = TextField(max_length=HEADING_MAX)
    body = TextField(
        allow_blank=True,
        required=False,
        default="",
        trim_whitespace=False,
        max_length=SECTION_BODY_MAX,
    )
    position = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class SectionUpdateInput(serializers.Serializer):
    heading = TextField(max_length=HEADING_MAX, required=False)
    body = TextField(
        allow_blank=True, required=False, trim_whitespace=False, max_length=SECTION_BODY_MAX
    )
    revision = serializers.IntegerField(min_value=1)


class SectionCreateApi(APIView):
    @extend_schema(request=SectionCreateInput, responses={201: SectionOutput})
    def post(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        data = SectionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        section = section_create(proposal=proposal, actor=request.user, **data.validated_data)
        return Response(section_as_dict(section), status=status.HTTP_201_CREATED)


class SectionDetailApi(APIView):
    def _section(self, request, pk: int, sid: int) -> Section:
        proposal = get_visible_proposal(request, pk)
        return get_object_or_404(
            Section.objects.select_related("proposal"), pk=sid, proposal=proposal
        )

    @extend_schema(
        request=SectionUpdateInput,
        responses={
            200: SectionOutput,
            409: inline_serializer(
                "SectionConflict",
                {
                    "detail": serializers.CharField(),
                    "code": serializers.CharField(),
                    "failed_guards": serializers.ListField(child=serializers.CharField()),
                    "current": SectionOutput(),
                },
            ),
        },
    )
    def patch(self, request, pk: int, sid: int):
        section = self._section(request, pk, sid)
        data = SectionUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        section = section_update(section=section, actor=request.user, **data.validated_data)
        return Response(section_as_dict(section))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, sid: int):
        section_delete(section=self._section(request, pk, sid), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionListOutput(serializers.Serializer):
    number = serializers.IntegerField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class VersionSectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    heading = serializers.CharField()
    body = serializers.CharField()
    html = serializers.CharField()


class VersionOutput(VersionListOutput):
    title = serializers.CharField()
    summary = serializers.CharField()
    sections = serializers.SerializerMethodField()

    def get_sections(self, version) -> list[dict]:
        return VersionSectionOutput(
            [
                {**s, "html": render_section(s["body"], anchor=f"v{version.number}-{s['id']}")}
                for s in version.sections
            ],
            many=True,
        ).data


class VersionListApi(APIView):
    @extend_schema(responses=VersionListOutput(many=True))
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        return Response(VersionListOutput(version_list(proposal=proposal), many=True).data)


class VersionDetailApi(APIView):
    @extend_schema(responses=VersionOutput)
    def get(self, request, pk: int, number: int):
        version = version_get(proposal=get_visible_proposal(request, pk), number=number)
        if version is None:
            raise Http404
        return Response(VersionOutput(version).data)


class DiffOutput(serializers.Serializer):
    sections = inline_serializer(
        "DiffSection",
        {
            "heading": serializers.CharField(),
            "heading_html": serializers.CharField(),
            "change": serializers.ChoiceField(choices=["added", "removed", "changed", "same"]),
            "html": serializers.CharField(),
        },
        many=True,
    )


class VersionDiffApi(APIView):
    @extend_schema(responses=DiffOutput)
    def get(self, request, pk: int, a: int, b: int):
        proposal = get_visible_proposal(request, pk)
        old, new = (
            version_get(proposal=proposal, number=a),
            version_get(proposal=proposal, number=b),
        )
        if old is None or new is None:
            raise Http404
        return Response({"sections": diff_sections(old.sections, new.sections)})
