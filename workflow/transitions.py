"""What the state machine says about a transition, for one proposal and one actor.

Reads the django-fsm-2 declarations on ``Proposal``: the source states, the
named guards (``conditions``) and ``custom`` (who may run it, whether it
needs a note). Pure reads; ``services.transition_run`` does the writing.
"""

from dataclasses import dataclass, field

from members.rules import is_board_member, is_secretariat, is_wg_chair
from proposals.models import TRANSITION_NAMES, Proposal

#: Pseudo-guards reported when the state itself refuses.
STATE_GUARD = "state_allows"

ROLE_PREDICATES = {
    "chair": lambda user, proposal: is_wg_chair(user, proposal),
    "board": lambda user, proposal: is_board_member(user),
    "secretariat": lambda user, proposal: is_secretariat(user),
}


@dataclass
class TransitionCheck:
    name: str
    target: str
    allowed: bool
    failed_guards: list[str] = field(default_factory=list)
    requires_note: bool = False
    permitted: bool = True
    available: bool = True


def _meta(name: str):
    return getattr(Proposal, name)._django_fsm


def is_known(name: str) -> bool:
    return name in TRANSITION_NAMES


def _target_label(transition) -> str:
    target = transition.target
    allowed = getattr(target, "allowed_states", None)
    return "|".join(str(s) for s in allowed) if allowed else str(target)


def may_run(name: str, proposal: Proposal, actor) -> bool:
    """Whether the actor's role lets them run ``name`` (``actor=None`` is the system)."""
    meta = _meta(name)
    who = next(iter(meta.transitions.values())).custom.get("who", ())
    if actor is None:
        return "system" in who
    return any(ROLE_PREDICATES[role](actor, proposal) for role in who if role != "system")


def check(name: str, proposal: Proposal, actor) -> TransitionCheck:
    meta = _meta(name)
    transition = meta.get_transition(proposal.state)
    any_transition = next(iter(meta.transitions.values()))
    requires_note = bool(any_transition.custom.get("requires_note"))
    permitted = may_run(name, proposal, actor)
    if transition is None:
        return TransitionCheck(
            name=name,
            target=_target_label(any_transition),
            allowed=False,
            failed_guards=[STATE_GUARD],
            requires_note=requires_note,
            permitted=permitted,
            available=False,
        )
    failed = [guard.__name__ for guard in transition.conditions if not guard(proposal)]
    return TransitionCheck(
        name=name,
        target=_target_label(transition),
        allowed=permitted and not failed,
        failed_guards=failed,
        requires_note=requires_note,
        permitted=permitted,
    )


def check_all(proposal: Proposal, actor) -> list[TransitionCheck]:
    return [check(name, proposal, actor) for name in TRANSITION_NAMES]
