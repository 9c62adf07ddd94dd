"""Reads of the proposals app."""

from django.db.models import QuerySet

from proposals.models import Procedure


def procedure_list() -> QuerySet[Procedure]:
    return Procedure.objects.order_by("name")
