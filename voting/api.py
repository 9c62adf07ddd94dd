"""Voting API (API.md: "Voting"): the ballot (own, or as proxy), mandates, the results."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.views import APIView

from members.models import Organisation
from proposals.api import get_visible_proposal
from voting.models import Choice, Mandate
from voting.rules import NOT_A_REPRESENTATIVE, no_vote
from voting.selectors import (
    ballot_for,
    is_secret,
    mandate_visible,
    mandates_visible,
    results_public,
    round_latest,
)
from voting.services import ballot_cast, mandate_give, mandate_revoke


class SplitInput(serializers.Serializer):
    yes = serializers.IntegerField(min_value=0)
    no = serializers.IntegerField(min_value=0)
    abstain = serializers.IntegerField(min_value=0)


class BallotInput(serializers.Serializer):
    """``choice`` or, where the round allows it, ``split``; ``organisation`` (an id) to
    cast as that organisation's proxy."""

    choice = serializers.ChoiceField(choices=Choice.choices, required=False)
    split = SplitInput(required=False)
    organisation = serializers.IntegerField(required=False)

    @classmethod
    def parse(cls, data) -> tuple[str | None, dict | None, int | None]:
        """``(choice, split, organisation)``. Validated with the declared fields
        themselves, without building a serializer: a ballot is the hot path of a
        vote, and a serializer instance deep-copies its fields on every request.
        Errors have the same shape as ``is_valid``'s."""
        if not hasattr(data, "get"):
            data = {}
        fields = cls._declared_fields
        values = {}
        for name in ("split", "organisation") if "split" in data else ("choice", "organisation"):
            if name == "organisation" and data.get(name) in (None, ""):
                values[name] = None
                continue
            if data.get(name, empty) is empty:
                raise serializers.ValidationError({name: [_("This field is required.")]})
            try:
                values[name] = fields[name].run_validation(data.get(name, empty))
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({name: exc.detail}) from exc
        if "split" in values and data.get("choice") not in (None, ""):
            raise serializers.ValidationError({"split": [_("Send a choice or a split, not both.")]})
        split = values.get("split")
        return (
            values.get("choice"),
            dict(split) if split is not None else None,
            values["organisation"],
        )


class BallotOutput(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    choice = serializers.CharField(help_text='yes, no, abstain, or "split"')
    split = serializers.DictField(
        child=serializers.IntegerField(), allow_null=True, help_text="{yes, no, abstain}"
    )
    weight = serializers.IntegerField()
    cast_at = serializers.DateTimeField()
    receipt = serializers.CharField()
    by_proxy = serializers.CharField(
        source="by_proxy.name", allow_null=True, default=None, help_text="the proxy, if any"
    )


class MandateInput(serializers.Serializer):
    proxy = serializers.IntegerField(help_text="the proxy organisation's id")


class MandateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    mandator = serializers.IntegerField(source="mandator_id")
    mandator_name = serializers.CharField(source="mandator.name")
    proxy = serializers.IntegerField(source="proxy_id")
    proxy_name = serializers.CharField(source="proxy.name")
    created_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    used = serializers.BooleanField(
        allow_null=True,
        help_text="null for the secretariat in a secret ballot: no one else learns "
        "whether the proxy cast",
    )


def _mandate_data(mandate: Mandate, user, *, secret: bool) -> dict:
    data = MandateOutput(mandate).data
    if secret and user.organisation_id not in (mandate.mandator_id, mandate.proxy_id):
        data["used"] = None
    return data


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
    @extend_schema(
        responses=BallotOutput,
        parameters=[
            OpenApiParameter(
                "organisation", int, description="a mandating organisation's id (as its proxy)"
            )
        ],
    )
    def get(self, request, pk: int):
        voting_round = _round(request, pk)
        own = request.user.organisation if request.user.organisation_id else None
        wanted = request.query_params.get("organisation")
        organisation = own
        if wanted not in (None, "") and (own is None or wanted != str(own.pk)):
            organisation = (
                Organisation.objects.filter(pk=wanted).first() if wanted.isdigit() else None
            )
        ballot = voting_round and ballot_for(
            voting_round=voting_round, organisation=organisation, viewer_organisation=own
        )
        if not ballot:
            raise Http404
        return Response(BallotOutput(ballot).data)

    @extend_schema(request=BallotInput, responses=BallotOutput)
    def put(self, request, pk: int):
        choice, split, organisation_id = BallotInput.parse(request.data)
        user = request.user
        own = user.organisation if user.organisation_id else None
        organisation, proxy = own, None
        if organisation_id is not None and (own is None or organisation_id != own.pk):
            if own is None:
                raise PermissionDenied(str(NOT_A_REPRESENTATIVE))
            # By id: the cast statement finds its name (one query less on the hot path).
            organisation, proxy = Organisation(pk=organisation_id), own
        ballot = ballot_cast(
            proposal_id=pk,
            organisation=organisation,
            proxy=proxy,
            user=user,
            choice=choice,
            split=split,
        )
        if ballot is None:  # no round: 404 if the user may not see it, else 409
            get_visible_proposal(request, pk)
            raise no_vote()
        return Response(BallotOutput(ballot).data)


class MandateListApi(APIView):
    @extend_schema(responses=MandateOutput(many=True))
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        secret = is_secret(proposal)
        mandates = mandates_visible(proposal_id=proposal.pk, user=request.user)
        return Response([_mandate_data(m, request.user, secret=secret) for m in mandates])

    @extend_schema(request=MandateInput, responses={201: MandateOutput})
    def post(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        data = MandateInput(data=request.data)
        data.is_valid(raise_exception=True)
        mandate = mandate_give(
            proposal_id=proposal.pk, user=request.user, proxy_id=data.validated_data["proxy"]
        )
        return Response(
            _mandate_data(mandate, request.user, secret=False), status=status.HTTP_201_CREATED
        )


class MandateApi(APIView):
    @extend_schema(responses=MandateOutput)
    def delete(self, request, mid: int):
        """Revoke the mandate (the mandating organisation, until the proxy has cast)."""
        mandate = mandate_visible(mandate_id=mid, user=request.user)
        if mandate is None:
            raise Http404
        mandate = mandate_revoke(mandate=mandate, user=request.user)
        return Response(_mandate_data(mandate, request.user, secret=False))


class ResultsApi(APIView):
    @extend_schema(responses=ResultsOutput)
    def get(self, request, pk: int):
        voting_round = _round(request, pk)
        if voting_round is None:
            raise Http404
        return Response(ResultsOutput.to_representation(results_public(voting_round=voting_round)))
