"""Floor views: the least a server can do for the same request."""

import json
import secrets

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt


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
