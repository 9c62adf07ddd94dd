"""Writes of the proposals app: drafting, sections, versions, references.

Every write locks the proposal row first, so it serialises with transitions:
an edit never lands on a text that has just left ``draft``/``revision``.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config.conflict import Conflict
from config.limits import SECTIONS_MAX
from members.models import User, WorkingGroup
from members.rules import rules_enforce
from proposals.models import (
    EDITABLE_STATES,
    EuInitiative,
    Procedure,
    Proposal,
    ProposalState,
    Section,
    Version,
)
from proposals.planning import BRUSSELS
from proposals.selectors import proposal_planning


def reference_next(*, year: int) -> str:
    """``PP-<year>-<nnn>``: one atomic upsert, so concurrent creations never collide."""
    table = connection.ops.quote_name("proposals_referencecounter")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        number = cursor.fetchone()[0]
    return f"PP-{year}-{number:03d}"


def proposal_lock(*, pk: int, skip_locked: bool = False) -> Proposal | None:
    """The proposal, its row locked (``FOR UPDATE``) until the transaction ends.

    Every write that depends on the state takes this lock first, so it
    serialises with transitions. ``skip_locked``: ``None`` if another
    transaction holds the row (the deadline sweep). Call inside
    ``transaction.atomic``.
    """
    return (
        Proposal.objects.select_for_update(skip_locked=skip_locked, of=("self",))
        .select_related("procedure", "working_group")
        .filter(pk=pk)
        .first()
    )


def proposal_lock_shared(proposal: Proposal) -> Proposal:
    """Take a shared row lock on the proposal (PostgreSQL ``FOR SHARE``) and read its
    state under it into ``proposal``, so the rules judge the state as it is now.

    For posts that may run side by side (comments, amendments, supports): a
    transition (``proposal_lock``, exclusive) waits for them, and a post that
    starts after it sees the new state.

    Django has no ``select_for_share``; SQLite needs none (its IMMEDIATE
    transactions already serialise writers).
    """
    if connection.vendor != "postgresql":
        state = Proposal.objects.values_list("state", flat=True).get(pk=proposal.pk)
    else:
        table = connection.ops.quote_name(Proposal._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT state FROM {table} WHERE id = %s FOR SHARE", [proposal.pk])
            state = cursor.fetchone()[0]
    # The state field is protected against assignment (transitions change it);
    # this only brings the instance up to date with its row.
    Proposal._meta.get_field("state").set_state(proposal, state)
    return proposal


@transaction.atomic
def proposal_create(
    *, actor: User, title: str, summary: str, working_group: WorkingGroup, procedure: Procedure
) -> Proposal:
    rules_enforce("proposals.draft_proposal", actor, working_group)
    proposal = Proposal(
        title=title,
        summary=summary,
        working_group=working_group,
        procedure=procedure,
        created_by=actor,
        reference=reference_next(year=timezone.now().year),
    )
    proposal.full_clean(exclude=["reference", "state"])
    proposal.save()
    return proposal


def _validate_deadline(field: str, value: datetime | None, minimum: datetime, message: str) -> None:
    if value is not None and value < minimum:
        raise ValidationError({field: [message]})


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor: User, **fields) -> Proposal:
    """Change title, summary or deadlines.

    Title and summary only in draft and revision, by working-group members.
    Deadlines are the chair's. The consultation deadline
    may be set in draft or revision (at least the procedure's minimum away)
    and moved later during consultation (by the chair); the voting deadline
    may be moved later during a vote.
    """
    proposal = proposal_lock(pk=proposal.pk)
    if {"title", "summary"} & set(fields) or not fields:
        rules_enforce("proposals.edit_text", actor, proposal)
    if {"consultation_closes_at", "voting_closes_at"} & set(fields):
        rules_enforce("proposals.set_deadlines", actor, proposal)
    now = timezone.now()
    if "consultation_closes_at" in fields:
        value = fields["consultation_closes_at"]
        days = proposal.procedure.min_consultation_days
        if proposal.state == ProposalState.CONSULTATION:
            if value is None or value < (proposal.consultation_closes_at or now):
                raise ValidationError(
                    {
                        "consultation_closes_at": [
                            _("During consultation the deadline can only move later.")
                        ]
                    }
                )
        elif proposal.state in EDITABLE_STATES:
            _validate_deadline(
                "consultation_closes_at",
                value,
                now + timedelta(days=days),
                _("The consultation must last at least %(days)s days: choose a later date.")
                % {"days": days},
            )
        else:
            raise Conflict(_("The consultation deadline cannot change now."), "not_editable")
    open_round = None
    if "voting_closes_at" in fields:
        value = fields["voting_closes_at"]
        if proposal.state == ProposalState.VOTING:
            # The open round holds the deadline (the sweep, the ballots and the reminders
            # follow it); a reverse relation, as proposals imports no voting code.
            open_round = proposal.voting_rounds.unclosed().first()
            if value is None or value < open_round.closes_at:
                raise ValidationError(
                    {"voting_closes_at": [_("During a vote the deadline can only move later.")]}
                )
            fields.pop("voting_closes_at")
            open_round.closes_at = value
            open_round.save(update_fields=["closes_at"])
        elif proposal.state in EDITABLE_STATES:
            _validate_deadline(
                "voting_closes_at", value, now, _("The voting deadline must be in the future.")
            )
        else:
            raise Conflict(_("The voting deadline cannot change now."), "not_editable")
    _check_eu_deadline(proposal, fields, open_round)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.full_clean(exclude=["reference", "state"])
    proposal.save(update_fields=[*fields, "updated_at"])
    return proposal


def _check_eu_deadline(proposal: Proposal, fields: dict, open_round) -> None:
    """A consultation or vote deadline that leaves no time to answer the EU
    initiative by its closing time is refused (400), naming the latest date that fits."""
    planned = proposal_planning(proposal=proposal)
    if planned is None:
        return
    asked = {"consultation": fields.get("consultation_closes_at")}
    asked["vote"] = open_round.closes_at if open_round else fields.get("voting_closes_at")
    for step, field in (("consultation", "consultation_closes_at"), ("vote", "voting_closes_at")):
        value, latest = asked[step], planned.latest_end(step)
        if value is not None and value > latest:
            message = (
                _("The consultation must end by %(latest)s to answer the EU initiative in time.")
                if step == "consultation"
                else _("The vote must end by %(latest)s to answer the EU initiative in time.")
            )
            latest_text = latest.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M")
            raise ValidationError({field: [message % {"latest": f"{latest_text} (Brussels)"}]})


@transaction.atomic
def eu_initiative_set(*, proposal: Proposal, actor: User, data: dict | None) -> Proposal:
    """Link the proposal to an EU initiative (``data``: title, url, kind, closes_at,
    reference), or unlink it (``None``). The WG chair's (``proposals.link_eu_initiative``);
    a closing time already past is refused (400)."""
    proposal = proposal_lock(pk=proposal.pk)
    rules_enforce("proposals.link_eu_initiative", actor, proposal)
    if data is None:
        EuInitiative.objects.filter(proposal=proposal).delete()
        return proposal
    if data["closes_at"] <= timezone.now():
        raise ValidationError(
            {"eu_initiative": [_("The EU initiative's closing day is already past.")]}
        )
    initiative = EuInitiative.objects.filter(proposal=proposal).first() or EuInitiative(
        proposal=proposal
    )
    for name in ("title", "url", "kind", "closes_at"):
        setattr(initiative, name, data[name])
    initiative.reference = data.get("reference") or ""
    initiative.full_clean(exclude=["proposal"])
    initiative.save()
    return proposal


@transaction.atomic
def section_create(
    *, proposal: Proposal, actor: User, heading: str, body: str = "", position: int | None = None
) -> Section:
    """Add a section at ``position`` (1..n+1; the end if ``None`` or past it).

    At most ``SECTIONS_MAX`` sections, counted under the proposal lock. The
    sections from ``position`` on move down one in a single ``UPDATE``, so the
    positions stay 1..n+1 whatever the number of sections.
    """
    proposal = proposal_lock(pk=proposal.pk)
    rules_enforce("proposals.edit_text", actor, proposal)
    count = proposal.sections.count()
    if count >= SECTIONS_MAX:
        raise ValidationError(
            _("A proposal has at most %(limit)s sections.") % {"limit": SECTIONS_MAX},
            code="too_many_sections",
        )
    if position is None or position > count + 1:
        position = count + 1
    position = max(position, 1)
    section = Section(proposal=proposal, position=position, heading=heading, body=body)
    section.full_clean()
    proposal.sections.filter(position__gte=position).update(position=F("position") + 1)
    section.save()
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
    return section


@transaction.atomic
def section_update(
    *,
    section: Section,
    actor: User,
    revision: int,
    heading: str | None = None,
    body: str | None = None,
) -> Section:
    """Save a section edited from ``revision``.

    A stale revision is a 409 carrying the current text.
    """
    proposal = proposal_lock(pk=section.proposal_id)
    rules_enforce("proposals.edit_text", actor, proposal)
    current = Section.objects.get(pk=section.pk)
    if current.revision != revision:
        raise Conflict(
            _("Someone else saved this section since you opened it. Their text is below."),
            "edit_conflict",
            extra={"current": section_as_dict(current)},
        )
    if heading is not None:
        current.heading = heading
    if body is not None:
        current.body = body
    current.revision += 1
    current.full_clean()
    current.save()
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
    return current


def section_replace_body(*, section: Section, body: str) -> Section:
    """Write a new body as a normal edit (new revision). For services that hold the lock.

    The body keeps its limit (SPEC §14): an accepted amendment that would push the
    section past it is a 400 on ``body``, and the caller's transaction saves nothing."""
    section.body = body
    section.clean_fields(exclude=[f.name for f in Section._meta.fields if f.name != "body"])
    section.revision += 1
    section.save(update_fields=["body", "revision", "updated_at"])
    return section


@transaction.atomic
def section_delete(*, section: Section, actor: User) -> None:
    """Delete a section; the ones after it move up one in a single ``UPDATE``."""
    proposal = proposal_lock(pk=section.proposal_id)
    rules_enforce("proposals.edit_text", actor, proposal)
    position = Section.objects.values_list("position", flat=True).get(pk=section.pk)
    section.delete()
    proposal.sections.filter(position__gt=position).update(position=F("position") - 1)


def section_as_dict(section: Section) -> dict:
    from proposals.text import render_section

    return {
        "id": section.pk,
        "position": section.position,
        "heading": section.heading,
        "body": section.body,
        "html": render_section(section.body, anchor=f"p-{section.pk}"),
        "revision": section.revision,
    }


def version_snapshot(*, proposal: Proposal, reason: str) -> Version:
    """Freeze the current text as the next numbered version. Call with the row locked."""
    last = proposal.versions.newest_first().values_list("number", flat=True).first() or 0
    return Version.objects.create(
        proposal=proposal,
        number=last + 1,
        reason=reason,
        title=proposal.title,
        summary=proposal.summary,
        sections=[
            {"id": s.pk, "heading": s.heading, "body": s.body}
            for s in proposal.sections.order_by("position", "id")
        ],
    )
