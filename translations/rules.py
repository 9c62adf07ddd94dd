"""Who may translate, and when (SPEC §11).

The object is a ``TranslationTarget``: a proposal and a language. Translators are
the proposal's working group, the secretariat, and the users the secretariat
names for that language (``Translator`` rows, in the admin).
"""

from dataclasses import dataclass

import rules
from django.utils.translation import gettext_lazy as _

from config.conflict import Conflict
from members.rules import action_add, is_secretariat, is_wg_member
from proposals.models import Proposal, ProposalState

S = ProposalState
#: A published paper is final; a withdrawn proposal has nothing to translate, nor a
#: rejected one until its text is taken back into revision (which opens them again).
CLOSED_STATES = (S.PUBLISHED, S.WITHDRAWN, S.REJECTED)


@dataclass(frozen=True)
class TranslationTarget:
    proposal: Proposal
    language: str

    @property
    def working_group(self):
        return self.proposal.working_group


@rules.predicate
def is_named_translator(user, target) -> bool:
    """Named by the secretariat for the target's language."""
    if not (user.is_authenticated and user.is_active and target is not None):
        return False
    return user.translator_languages.filter(language=target.language).exists()


@rules.predicate
def is_translation_open(_user, target) -> bool:
    return target is not None and target.proposal.state not in CLOSED_STATES


#: Save a translation (object: a ``TranslationTarget``).
action_add(
    "translations.translate",
    who=is_wg_member | is_secretariat | is_named_translator,
    who_says=_(
        "Only the working group, the secretariat and the translators named for this "
        "language may translate."
    ),
    when=is_translation_open,
    when_says=lambda _user, target: Conflict(
        _("This proposal is %(state)s: its translations can no longer change.")
        % {"state": target.proposal.get_state_display()},
        "translation_closed",
    ),
)
