"""Workflow API (API.md: "Workflow"): the transitions a user may run, running one, history."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.fields import TextField
from proposals.api import ProposalOutput, get_visible_proposal, proposal_response
from proposals.transitions import transition_get
from workflow.selectors import history_list
from workflow.services import transition_run
from workflow.transitions import check_all


class TransitionOutput(serializers.Serializer):
    name = serializers.CharField()
    target = serializers.CharField()
    allowed = serializers.BooleanField()
    failed_guards = serializers.ListField(child=serializers.CharField())
    requires_note = serializers.BooleanField()


class TransitionInput(serializers.Serializer):
    note = TextField(required=False, allow_blank=True, default="", max_length=5000)


class HistoryOutput(serializers.Serializer):
    transition = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    actor = inline_serializer(
        "HistoryActor",
        {"id": serializers.IntegerField(), "name": serializers.CharField()},
        allow_null=True,
    )
    note = serializers.CharField()
    at = serializers.DateTimeField()

    def to_representation(self, entry):
        data = super().to_representation(
            {
                "transition": entry.transition,
                "source": entry.source,
                "target": entry.target,
                "actor": (
                    {"id": entry.actor.pk, "name": entry.actor.display_name}
                    if entry.actor
                    else None
                ),
                "note": entry.note,
                "at": entry.at,
            }
        )
        return data


class TransitionListApi(APIView):
    @extend_schema(responses=TransitionOutput(many=True))
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        return Response(TransitionOutput(check_all(proposal, request.user), many=True).data)


class TransitionRunApi(APIView):
    @extend_schema(request=TransitionInput, responses=ProposalOutput)
    def post(self, request, pk: int, name: str):
        proposal = get_visible_proposal(request, pk)
        if transition_get(name) is None:
            raise Http404
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        transition_run(
            proposal=proposal, name=name, actor=request.user, note=data.validated_data["note"]
        )
        return proposal_response(request, pk)


class HistoryApi(APIView):
    @extend_schema(responses=HistoryOutput(many=True))
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        return Response(HistoryOutput(history_list(proposal=proposal), many=True).data)
