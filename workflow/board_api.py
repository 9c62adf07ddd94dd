"""Board decisions API (API.md: "Board and papers")."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.permissions import allows
from proposals.api import get_visible_proposal
from proposals.models import BoardDecision, Proposal
from workflow.board import board_decision_record


class BoardDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=BoardDecision.Decision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class BoardDecisionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="Number of the version under review.")
    member = inline_serializer(
        "BoardDecisionMember", {"id": serializers.IntegerField(), "name": serializers.CharField()}
    )
    decision = serializers.ChoiceField(choices=BoardDecision.Decision.choices)
    note = serializers.CharField()
    decided_at = serializers.DateTimeField()
    state = serializers.CharField(help_text="The proposal's state once the decision was acted on.")

    def to_representation(self, instance):
        return super().to_representation(
            {
                "id": instance.pk,
                "version": instance.version.number,
                "member": {"id": instance.member.pk, "name": instance.member.display_name},
                "decision": instance.decision,
                "note": instance.note,
                "decided_at": instance.decided_at,
                "state": instance.proposal_state,
            }
        )


class BoardDecisionApi(APIView):
    permission_classes = [allows("workflow.record_board_decision")]  # the post

    @extend_schema(responses=BoardDecisionOutput(many=True))
    def get(self, request, pk: int):
        """Every board decision on the proposal, across its reviews."""
        proposal = get_visible_proposal(request, pk)
        decisions = (
            BoardDecision.objects.filter(proposal=proposal)
            .select_related("member", "version", "proposal")
            .order_by("decided_at", "id")
        )
        for decision in decisions:
            decision.proposal_state = proposal.state
        return Response(BoardDecisionOutput(decisions, many=True).data)

    @extend_schema(request=BoardDecisionInput, responses={201: BoardDecisionOutput})
    def post(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        self.check_object_permissions(request, proposal)
        data = BoardDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = board_decision_record(
            proposal=proposal,
            member=request.user,
            decision=data.validated_data["decision"],
            note=data.validated_data["note"],
        )
        record.proposal_state = Proposal.objects.values_list("state", flat=True).get(pk=pk)
        return Response(BoardDecisionOutput(record).data, status=status.HTTP_201_CREATED)
