"""Voting API (API.md: "Voting"): the organisation's ballot and the results."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.views import APIView

from proposals.api import get_visible_proposal
from voting.models import Choice
from voting.rules import no_vote
from voting.selectors import ballot_of, results_public, round_latest
from voting.services import ballot_cast


class BallotInput(serializers.Serializer):
    choice = serializers.ChoiceField(choices=Choice.choices)

    @classmethod
    def choice_of(cls, data) -> str:
        """Validate with the declared field itself, without building a serializer: a
        ballot is the hot path of a vote, and a serializer instance deep-copies its
        fields on every request. Errors have the same shape as ``is_valid``'s."""
        field = cls._declared_fields["choice"]
        try:
            return field.run_validation(
                data.get("choice", empty) if hasattr(data, "get") else empty
            )
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"choice": exc.detail}) from exc


class BallotOutput(serializers.Serializer):
    choice = serializers.CharField()
    weight = serializers.IntegerField()
    cast_at = serializers.DateTimeField()
    receipt = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")


ResultsOutput = inline_serializer(
    "Results",
    {
        "status": serializers.ChoiceField(choices=["open", "closed"]),
        "closes_at": serializers.DateTimeField(required=False),
        "eligible_count": serializers.IntegerField(required=False),
        "voted_count": serializers.IntegerField(required=False),
        "version": serializers.IntegerField(required=False),
        "closed_at": serializers.DateTimeField(required=False),
        "yes": serializers.IntegerField(required=False),
        "no": serializers.IntegerField(required=False),
        "abstain": serializers.IntegerField(required=False),
        "eligible_weight": serializers.IntegerField(required=False),
        "turnout_percent": serializers.DecimalField(max_digits=6, decimal_places=2, required=False),
        "quorum_percent": serializers.IntegerField(required=False),
        "quorum_met": serializers.BooleanField(required=False),
        "majority": serializers.CharField(required=False),
        "passed": serializers.BooleanField(required=False),
        "secret": serializers.BooleanField(required=False),
        "receipts": serializers.ListField(child=serializers.DictField(), required=False),
        "ballots": serializers.ListField(child=serializers.DictField(), required=False),
    },
)


def _round(request, pk: int):
    """The proposal's latest round. A proposal with a round has left draft, so every
    signed-in user may see it; without one, fall back to the full visibility check
    (404 for what the user may not see)."""
    voting_round = round_latest(proposal_id=pk)
    if voting_round is None:
        get_visible_proposal(request, pk)
    return voting_round


class BallotApi(APIView):
    @extend_schema(responses=BallotOutput)
    def get(self, request, pk: int):
        voting_round = _round(request, pk)
        ballot = voting_round and ballot_of(
            voting_round=voting_round, organisation=request.user.organisation
        )
        if not ballot:
            raise Http404
        return Response(BallotOutput(ballot).data)

    @extend_schema(request=BallotInput, responses=BallotOutput)
    def put(self, request, pk: int):
        ballot = ballot_cast(
            proposal_id=pk,
            organisation=request.user.organisation,
            user=request.user,
            choice=BallotInput.choice_of(request.data),
        )
        if ballot is None:  # no round: 404 if the user may not see it, else 409
            get_visible_proposal(request, pk)
            raise no_vote()
        return Response(BallotOutput(ballot).data)


class ResultsApi(APIView):
    @extend_schema(responses=ResultsOutput)
    def get(self, request, pk: int):
        voting_round = _round(request, pk)
        if voting_round is None:
            raise Http404
        return Response(ResultsOutput.to_representation(results_public(voting_round=voting_round)))
