"""Floor views: the least a server can do for the same request."""

import json
import secrets

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView


@csrf_exempt
def ballot_upsert_floor(request):
    """A bare Django view doing one upsert of a ballot: no auth, no lock, no history."""
    data = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO voting_ballot "
            "(round_id, organisation_id, choice, weight, receipt, cast_by_id, cast_at) "
            "VALUES (%s, %s, %s, 1, %s, %s, %s) "
            "ON CONFLICT (round_id, organisation_id) DO UPDATE SET choice = EXCLUDED.choice, "
            "split_yes = NULL, split_no = NULL, split_abstain = NULL, by_proxy_id = NULL, "
            "receipt = EXCLUDED.receipt, cast_at = EXCLUDED.cast_at RETURNING receipt",
            [
                data["round"],
                data["organisation"],
                data["choice"],
                secrets.token_hex(6),
                data["user"],
                timezone.now(),
            ],
        )
        (receipt,) = cursor.fetchone()
    return JsonResponse({"receipt": receipt})


class ProposalFloor(APIView):
    """A bare DRF view doing one indexed SELECT (the proposal by its primary key):
    no authentication, no permission, no serializer."""

    authentication_classes = ()
    permission_classes = ()

    @extend_schema(exclude=True)
    def get(self, request, pk: int):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, reference, title, state FROM proposals_proposal WHERE id = %s", [pk]
            )
            row = cursor.fetchone()
        return Response(dict(zip(("id", "reference", "title", "state"), row, strict=True)))


class ProposalFloorAuthenticated(ProposalFloor):
    """The same SELECT behind the API's own authentication and permission (a knox
    token, signed in): the ceiling of any token-authenticated endpoint, so the
    table shows how much of the gap is authentication and DRF, not the proposal."""

    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    permission_classes = api_settings.DEFAULT_PERMISSION_CLASSES
