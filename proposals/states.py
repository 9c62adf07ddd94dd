"""The states of a proposal (SPEC §3), apart from the models so the
transitions' declaration (``proposals.transitions``) can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    REVISION = "revision", _("In revision")
    VOTING = "voting", _("Voting")
    BOARD_REVIEW = "board_review", _("Board review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", pgettext_lazy("proposal state", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ProposalState
#: States in which the working group may edit the text.
EDITABLE_STATES = (S.DRAFT, S.REVISION)
