"""What the state machine says about a transition, for one proposal and one actor.

Derived from the declarations in ``proposals.transitions``: the route from
the current state and its guards, and the permission (the same callable
django-fsm-2 holds as the transition's ``permission``). Pure reads;
``services.transition_run`` does the writing.
"""

from dataclasses import dataclass, field

from proposals.guards import STATE_GUARD
from proposals.models import Proposal
from proposals.transitions import TRANSITIONS, Transition


@dataclass(frozen=True)
class Availability:
    """Whether ``actor`` may run ``spec`` on the proposal now, and if not, why.

    ``permitted``: the role allows it; ``failed_guards``: the guards that
    refuse it (``[STATE_GUARD]`` when the state has no such exit).
    """

    spec: Transition
    permitted: bool
    failed_guards: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def target(self) -> str:
        return self.spec.target_label

    @property
    def requires_note(self) -> bool:
        return self.spec.requires_note

    @property
    def in_state(self) -> bool:
        return STATE_GUARD not in self.failed_guards

    @property
    def allowed(self) -> bool:
        return self.permitted and not self.failed_guards


def check(spec: Transition, proposal: Proposal, actor) -> Availability:
    permitted = spec.permitted(proposal, actor)
    route = spec.route_from(proposal.state)
    if route is None:
        return Availability(spec=spec, permitted=permitted, failed_guards=[STATE_GUARD])
    failed = [guard.__name__ for guard in route.guards if not guard(proposal)]
    return Availability(spec=spec, permitted=permitted, failed_guards=failed)


def check_all(proposal: Proposal, actor) -> list[Availability]:
    return [check(spec, proposal, actor) for spec in TRANSITIONS]
