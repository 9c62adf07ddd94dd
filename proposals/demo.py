"""Demo procedures (SPEC §2's three examples)."""

from proposals.models import Procedure

PROCEDURES = [
    {
        "name": "Position paper",
        "description": "The network's full procedure: consultation, weighted vote, board approval.",
        "languages": ["en", "fr"],
    },
    {
        "name": "Urgent statement",
        "description": "A short statement when the EU agenda moves fast: no consultation, "
        "a short vote, a two-thirds majority.",
        "consultation_required": False,
        "min_consultation_days": 7,
        "voting_days": 3,
        "majority": Procedure.Majority.TWO_THIRDS,
        "languages": ["en"],
    },
    {
        "name": "Response to an EU consultation",
        "description": "The network's answer to a European Commission public consultation.",
        "min_consultation_days": 10,
        "voting_days": 5,
        "quorum_percent": 40,
        "majority": Procedure.Majority.ABSOLUTE,
        "secret_ballot": True,
        "board_approvals_required": 2,
        "board_review_days": 3,
        "translation_days": 4,
        "languages": ["en", "fr", "de"],
    },
]


#: The procedures' names in French and German (the others fall back to English).
PROCEDURE_NAMES = {
    "Position paper": ("Prise de position", "Positionspapier"),
    "Urgent statement": ("Déclaration urgente", "Dringende Erklärung"),
    "Response to an EU consultation": (
        "Réponse à une consultation de l’UE",
        "Antwort auf eine EU-Konsultation",
    ),
}


def seed(context: dict) -> dict:
    procedures = {}
    for fields in PROCEDURES:
        fields = dict(fields)
        name = fields.pop("name")
        procedures[name], _ = Procedure.objects.get_or_create(name=name, defaults=fields)
        procedures[name].name_fr, procedures[name].name_de = PROCEDURE_NAMES[name]
        procedures[name].save(update_fields=["name_fr", "name_de"])
    return {"procedures": procedures}
