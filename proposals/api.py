"""Proposals API (API.md: "Reference data" procedures, "Proposals")."""

from rest_framework import generics, serializers

from proposals.models import Procedure
from proposals.selectors import procedure_list


class ProcedureOutput(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = [
            "id",
            "name",
            "description",
            "consultation_required",
            "min_consultation_days",
            "voting_days",
            "quorum_percent",
            "majority",
            "secret_ballot",
            "board_approvals_required",
            "languages",
        ]


class ProcedureListApi(generics.ListAPIView):
    serializer_class = ProcedureOutput

    def get_queryset(self):
        return procedure_list()
