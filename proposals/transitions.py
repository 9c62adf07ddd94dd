"""Every transition of the proposal lifecycle (SPEC §3), each declared once.

A ``Transition`` says everything about one transition: where it runs from
(each source with its guards), where it goes, who may run it (a permission in
``proposals.rules``; ``system`` when the deadline sweep or the board's count
runs it), whether it needs a note, its steps, the emails it sends, and the
words people see. Everything else is derived from it:

- ``Proposal``'s django-fsm-2 methods (``fsm_methods``, below), with the
  guards as ``conditions`` and the rule as ``permission``;
- ``workflow.services.transition_run``, which runs it (lock, check, steps, log,
  emails after commit);
- ``workflow.transitions``, the API's listing and the web buttons;
- the history wording and the success messages.

Steps are named by dotted path (``"workflow.steps.open_round"``) and resolved
when they run, so this module imports no app above ``proposals``. Each step
takes the ``TransitionRun`` (``workflow.services``):

- ``prepare``: under the lock, before the state changes; returns the keyword
  arguments of ``decide`` (the count of a vote runs here, once);
- ``effects``: in the transaction, after the state changed (version
  snapshots, rounds, papers);
- ``emails``: notification kinds queued after commit, with the ids of the
  log row and the round.

To add a transition: declare it below, add its permission in
``proposals/rules.py``, and test it (docs/ARCHITECTURE.md walks through it).
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from proposals import guards
from proposals.states import ProposalState

S = ProposalState


@dataclass(frozen=True)
class Route:
    """One source state of a transition, with the guards that apply from it."""

    source: str | tuple[str, ...]
    guards: tuple[Callable, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return self.source if isinstance(self.source, tuple) else (self.source,)


@dataclass(frozen=True)
class Transition:
    name: str
    routes: tuple[Route, ...]
    #: One state, or several when ``decide`` picks one (``close_vote``).
    target: str | tuple[str, ...]
    #: Button words, and what the history says happened.
    label: str
    past: str
    #: One sentence beside the button; the message once done; the question
    #: asked before (actions that email every organisation or cannot be undone).
    help: str = ""
    done: str = ""
    confirm: str = ""
    #: The permission (``proposals.rules``) a person needs; ``None``: no person.
    permission: str | None = None
    #: Whether the system (the deadline sweep, the board's count) may run it.
    system: bool = False
    requires_note: bool = False
    #: Run through a board decision (``workflow.board``), never from a button.
    by_board_decision: bool = False
    #: Shown as a dangerous button (red, folded).
    danger: bool = False
    prepare: str | None = None
    effects: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    #: ``(proposal, **prepared) -> target`` when ``target`` holds several states.
    decide: Callable[..., str] | None = None

    def route_from(self, state: str) -> Route | None:
        return next((r for r in self.routes if state in r.sources), None)

    @property
    def target_label(self) -> str:
        return "|".join(self.target) if isinstance(self.target, tuple) else str(self.target)

    def permitted(self, proposal, user) -> bool:
        """Whether ``user``'s role may run it (``None``: the system). Also django-fsm's
        ``permission``, so ``get_available_user_state_transitions`` agrees."""
        if user is None:
            return self.system
        if self.permission is None:
            return False
        return rules.has_perm(self.permission, user, proposal)


def _close_vote_target(proposal, *, result) -> str:
    return S.BOARD_REVIEW if result.passed else S.REJECTED


#: The lifecycle, in the order it usually runs.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="submit_for_consultation",
        routes=(
            Route(
                S.DRAFT,
                (
                    guards.procedure_requires_consultation,
                    guards.has_title,
                    guards.has_summary,
                    guards.has_text,
                    guards.consultation_deadline_far_enough,
                ),
            ),
        ),
        target=S.CONSULTATION,
        permission="proposals.submit_for_consultation",
        label=_("Submit for consultation"),
        past=_("Submitted for consultation"),
        help=_(
            "Freezes the text as a version and opens it to every member organisation "
            "for comments and amendments until the deadline."
        ),
        done=_("The consultation is open."),
        confirm=_("Every member organisation will be emailed. Open the consultation?"),
        effects=("workflow.steps.snapshot_for_consultation",),
        emails=("consultation_opened",),
    ),
    Transition(
        name="close_consultation",
        routes=(Route(S.CONSULTATION),),
        target=S.REVISION,
        permission="proposals.close_consultation",
        system=True,
        label=_("Close the consultation now"),
        past=_("Consultation closed"),
        help=_(
            "Ends the consultation before its deadline; the working group then decides "
            "each amendment."
        ),
        done=_("The consultation is closed; the text is in revision."),
        confirm=_("Members will no longer be able to comment or amend. Close it now?"),
        emails=("consultation_closed",),
    ),
    Transition(
        name="reopen_consultation",
        routes=(Route(S.REVISION, (guards.consultation_deadline_far_enough,)),),
        target=S.CONSULTATION,
        permission="proposals.reopen_consultation",
        label=_("Reopen the consultation"),
        past=_("Consultation reopened"),
        help=_("Opens a new round of consultation on the revised text."),
        done=_("The consultation is open again."),
        confirm=_("Every member organisation will be emailed. Reopen the consultation?"),
        effects=("workflow.steps.snapshot_for_consultation",),
        emails=("consultation_opened",),
    ),
    Transition(
        name="open_vote",
        routes=(
            Route(S.DRAFT, (guards.procedure_skips_consultation, guards.has_text)),
            Route(S.REVISION, (guards.every_amendment_decided, guards.has_text)),
        ),
        target=S.VOTING,
        permission="proposals.open_vote",
        label=_("Open the vote"),
        past=_("Vote opened"),
        help=_(
            "Freezes the text as the version voted on and lets every eligible organisation vote."
        ),
        done=_("The vote is open."),
        confirm=_("The text is frozen and every eligible organisation emailed. Open the vote?"),
        effects=("workflow.steps.open_round",),
        emails=("vote_opened",),
    ),
    Transition(
        name="close_vote",
        routes=(Route(S.VOTING, (guards.vote_closable,)),),
        target=(S.BOARD_REVIEW, S.REJECTED),
        permission="proposals.close_vote",
        system=True,
        label=_("Close the vote and count"),
        past=_("Vote closed and counted"),
        help=_(
            "Counts the ballots now: every eligible organisation has voted or the deadline passed."
        ),
        done=_("The vote is closed and counted."),
        confirm=_("The result is final once counted. Close the vote now?"),
        prepare="workflow.steps.count_vote",
        decide=_close_vote_target,
        effects=("workflow.steps.record_vote",),
        emails=("vote_result", "board_review"),
    ),
    Transition(
        name="approve",
        routes=(Route(S.BOARD_REVIEW, (guards.board_approvals_reached,)),),
        target=S.APPROVED,
        system=True,
        label=_("Approve"),
        past=_("Approved by the board"),
        effects=("workflow.steps.adopt",),
        # to the translators, when the procedure has languages besides the source
        emails=("translation_needed",),
    ),
    Transition(
        name="return_for_revision",
        routes=(Route(S.BOARD_REVIEW),),
        target=S.REVISION,
        permission="proposals.return_for_revision",
        requires_note=True,
        by_board_decision=True,
        label=_("Return for revision"),
        past=_("Returned for revision by the board"),
        done=_("The proposal was returned for revision."),
    ),
    Transition(
        name="reject",
        routes=(Route(S.BOARD_REVIEW),),
        target=S.REJECTED,
        permission="proposals.reject",
        requires_note=True,
        by_board_decision=True,
        danger=True,
        label=_("Reject"),
        past=_("Rejected by the board"),
        done=_("The proposal was rejected."),
    ),
    Transition(
        name="revise",
        routes=(Route(S.REJECTED),),
        target=S.REVISION,
        permission="proposals.revise",
        requires_note=True,
        label=_("Revise the text again"),
        past=_("Taken back into revision"),
        help=_("Takes the rejected text back into revision."),
        done=_("The proposal is back in revision."),
    ),
    Transition(
        name="publish",
        routes=(Route(S.APPROVED, (guards.translations_complete, guards.every_paper_ready)),),
        target=S.PUBLISHED,
        permission="proposals.publish",
        label=_("Publish the position paper"),
        past=_("Published"),
        help=_("Makes the position paper public with a permanent link."),
        done=_("The position paper is published."),
        confirm=_("The paper becomes public for good and every organisation is emailed. Publish?"),
        emails=("paper_published",),
    ),
    Transition(
        name="withdraw",
        routes=(Route((S.DRAFT, S.CONSULTATION, S.REVISION)),),
        target=S.WITHDRAWN,
        permission="proposals.withdraw",
        requires_note=True,
        danger=True,
        label=_("Withdraw the proposal"),
        past=_("Withdrawn"),
        help=_("Stops the proposal for good. Say why in the note."),
        done=_("The proposal was withdrawn."),
        confirm=_("This cannot be undone. Continue?"),
    ),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}
#: Every transition name, in the order the lifecycle runs them.
TRANSITION_NAMES: list[str] = list(BY_NAME)


def transition_get(name: str) -> Transition | None:
    return BY_NAME.get(name)


def _method(spec: Transition) -> Callable:
    """The django-fsm-2 method of ``spec``: one ``@transition`` per route."""
    if spec.decide is not None:

        def body(self, **prepared):
            return spec.decide(self, **prepared)

        target = RETURN_VALUE(*spec.target)
    else:

        def body(self, **prepared):
            return None

        target = spec.target
    body.__name__ = body.__qualname__ = spec.name
    body.__doc__ = f"{spec.label} (SPEC §3). Run it through workflow.services.transition_run."
    method = body
    for route in spec.routes:
        method = transition(
            "state",
            source=list(route.sources),
            target=target,
            conditions=list(route.guards),
            permission=spec.permitted,
            custom={"spec": spec},
        )(method)
    return method


def fsm_methods() -> type:
    """A mixin holding one django-fsm-2 transition method per declaration."""
    return type("ProposalTransitions", (), {spec.name: _method(spec) for spec in TRANSITIONS})
