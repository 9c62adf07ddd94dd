"""Writes of the consultations app: comments, hiding, amendments, supports, decisions.

Posting (comments, amendments, supports) takes a *shared* lock on the
proposal row (PostgreSQL ``FOR SHARE``): posts run side by side, while a
transition, which locks the row exclusively, waits for them, and a post that
starts after ``close_consultation`` sees the new state and is refused. A
decision changes the text, so it takes the exclusive lock, like every edit.

Each write first asks its permission in ``consultations.rules``
(``rules_enforce``) against the state read under the lock: the role refused
is a 403, the state a 409; then the input is checked (400, naming the field).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.conflict import Conflict
from consultations import merge
from consultations.models import (
    Amendment,
    AmendmentDecision,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    Comment,
)
from consultations.rules import already_supported
from members.models import User
from members.rules import rules_enforce
from proposals.models import Proposal, Section
from proposals.services import proposal_lock, proposal_lock_shared, section_replace_body
from proposals.text import join_paragraphs, split_paragraphs


def _paragraphs_of(section: Section, field: str, number: int | None, *, allow_zero=False) -> list:
    """The section's paragraphs; 400 on ``field`` if paragraph ``number`` does not exist."""
    paragraphs = split_paragraphs(section.body)
    if number is None:
        return paragraphs
    lowest = 0 if allow_zero else 1
    if not lowest <= number <= len(paragraphs):
        if not paragraphs:
            message = _("Section “%(heading)s” has no paragraphs yet.") % {
                "heading": section.heading
            }
        else:
            message = _(
                "Section “%(heading)s” has paragraphs %(first)s to %(last)s; "
                "there is no paragraph %(number)s."
            ) % {
                "heading": section.heading,
                "first": lowest,
                "last": len(paragraphs),
                "number": number,
            }
        raise ValidationError({field: [message]})
    return paragraphs


def _required_text(field: str, value: str | None, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


# --- comments -------------------------------------------------------------------


def comment_create(
    *,
    proposal: Proposal,
    author: User,
    body: str,
    section: Section | None = None,
    paragraph: int | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Post a comment on the proposal, a section, or a paragraph; or a reply.

    ``consultations.post_comment`` (``add_reply`` with a ``parent``) says who
    and when: representatives of active organisations, the working group, the
    board and the secretariat comment while the proposal is in consultation;
    the working group may also reply while it revises. Replies go one level
    deep and take their parent's section and paragraph.
    """
    with transaction.atomic():
        proposal_lock_shared(proposal)
        rules_enforce(
            "consultations.post_comment" if parent is None else "consultations.post_reply",
            author,
            proposal,
        )
        body = _required_text("body", body, _("Write the comment."))
        if parent is not None:
            if parent.proposal_id != proposal.pk:
                raise ValidationError({"parent": [_("That comment is on another proposal.")]})
            if parent.parent_id is not None:
                raise ValidationError(
                    {"parent": [_("Reply to the first comment of the thread, not to a reply.")]}
                )
            if parent.is_hidden:
                raise ValidationError({"parent": [_("That comment has been hidden.")]})
            if section is not None and section.pk != parent.section_id:
                raise ValidationError({"section": [_("A reply stays on its comment's section.")]})
            if paragraph is not None and paragraph != parent.paragraph:
                raise ValidationError(
                    {"paragraph": [_("A reply stays on its comment's paragraph.")]}
                )
            section_id, paragraph = parent.section_id, parent.paragraph
        else:
            if paragraph is not None and section is None:
                raise ValidationError({"paragraph": [_("Say which section the paragraph is in.")]})
            if section is not None:
                if section.proposal_id != proposal.pk:
                    raise ValidationError({"section": [_("That section is in another proposal.")]})
                _paragraphs_of(Section.objects.get(pk=section.pk), "paragraph", paragraph)
            section_id = section.pk if section is not None else None
        return Comment.objects.create(
            proposal=proposal,
            section_id=section_id,
            paragraph=paragraph,
            parent=parent,
            author=author,
            organisation_id=author.organisation_id,
            body=body,
        )


def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Hide a comment (secretariat). Its text stays in the database for the audit trail."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        rules_enforce("consultations.hide_comment", actor, locked)
        reason = _required_text("reason", reason, _("Say why the comment is hidden."))
        locked.hidden_at = timezone.now()
        locked.hidden_by = actor
        locked.hidden_reason = reason
        locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return locked


# --- amendments -------------------------------------------------------------------


def amendment_create(
    *,
    proposal: Proposal,
    author: User,
    section: Section,
    kind: str,
    paragraph: int,
    text: str = "",
    justification: str,
) -> Amendment:
    """Propose a change to one paragraph, for the author's organisation
    (``consultations.propose_amendment``: an active organisation, in consultation).

    ``replace`` and ``insert_after`` need the new text (it may hold several
    paragraphs); ``delete`` takes none. ``insert_after`` 0 inserts before the
    first paragraph. The paragraph's current text and the proposal's latest
    version are recorded, so the decision can tell if the text moved on.
    """
    with transaction.atomic():
        proposal_lock_shared(proposal)
        rules_enforce("consultations.propose_amendment", author, proposal)
        if kind not in AmendmentKind.values:
            raise ValidationError({"kind": [_("Choose replace, insert_after or delete.")]})
        justification = _required_text(
            "justification", justification, _("Say why the text should change.")
        )
        text = (text or "").strip()
        if kind == AmendmentKind.DELETE and text:
            raise ValidationError({"text": [_("A deletion takes no text.")]})
        if kind != AmendmentKind.DELETE and not text:
            raise ValidationError({"text": [_("Write the text you propose.")]})
        if section.proposal_id != proposal.pk:
            raise ValidationError({"section": [_("That section is in another proposal.")]})
        section = Section.objects.get(pk=section.pk)
        paragraphs = _paragraphs_of(
            section, "paragraph", paragraph, allow_zero=kind == AmendmentKind.INSERT_AFTER
        )
        base_text = paragraphs[paragraph - 1] if paragraph >= 1 else ""
        if kind == AmendmentKind.REPLACE and text == base_text.strip():
            raise ValidationError({"text": [_("The text is the same as the paragraph.")]})
        version = proposal.versions.newest()
        if version is None:
            raise Conflict(_("This proposal has no version to amend yet."), "no_version")
        return amendment_record(
            proposal=proposal,
            author=author,
            section=section,
            kind=kind,
            paragraph=paragraph,
            text=text,
            justification=justification,
            base_text=base_text,
            version=version,
        )


def amendment_record(
    *, proposal: Proposal, author: User, section: Section, base_text: str, version, **change
) -> Amendment:
    """Write the amendment row (``change``: kind, paragraph, text, justification) on
    behalf of the author's organisation, against ``version`` and the paragraph's text
    then (``base_text``). No checks: for ``amendment_create`` and for recording
    history (the demo)."""
    return Amendment.objects.create(
        proposal=proposal,
        section=section,
        section_heading=section.heading,
        base_text=base_text,
        version=version,
        organisation_id=author.organisation_id,
        author=author,
        **change,
    )


def amendment_support(*, amendment: Amendment, user: User) -> AmendmentSupport:
    """Support another organisation's amendment, for the user's organisation, once
    (``consultations.support_amendment``)."""
    with transaction.atomic():
        proposal = proposal_lock_shared(amendment.proposal)
        # Its status and supports as they are under the lock (a decision holds
        # the proposal exclusively, so the status cannot change until we commit).
        current = Amendment.objects.prefetch_related("supports").get(pk=amendment.pk)
        current.proposal = proposal
        rules_enforce("consultations.support_amendment", user, current)
        try:
            with transaction.atomic():
                return AmendmentSupport.objects.create(
                    amendment_id=amendment.pk, organisation_id=user.organisation_id, user=user
                )
        except IntegrityError:  # a colleague of the same organisation was a moment faster
            raise already_supported(user, current) from None


def _amendment_conflict(
    amendment: Amendment, section: Section | None, current: str | None
) -> Conflict:
    number = amendment.paragraph
    if section is None:
        detail = _("The section this amendment changes has been deleted.")
    elif current is None:
        detail = _("Paragraph %(number)s no longer exists in section “%(heading)s”.") % {
            "number": number,
            "heading": section.heading,
        }
    else:
        detail = _(
            "Paragraph %(number)s of “%(heading)s” has changed since the amendment was made. "
            "Accept it with changes (merged into the current text) or reject it."
        ) % {"number": number, "heading": section.heading}
    return Conflict(
        detail,
        "amendment_conflict",
        failed_guards=["paragraph_unchanged"],
        extra={
            "current": {
                "section": section.pk if section else None,
                "section_revision": section.revision if section else None,
                "paragraph": number,
                "text": current,
            },
            "base_text": amendment.base_text,
        },
    )


def _apply(amendment: Amendment, decision: str, merged_text: str) -> None:
    """Change the section's working text as the decision says. Caller holds the lock."""
    section = Section.objects.filter(pk=amendment.section_id).first()
    if section is None:
        raise _amendment_conflict(amendment, None, None)
    as_proposed = decision == AmendmentStatus.ACCEPTED
    try:
        paragraphs = merge.apply(
            merge.Change.of(amendment),
            split_paragraphs(section.body),
            text=amendment.text if as_proposed else merged_text,
            as_proposed=as_proposed,
        )
    except merge.MergeConflict as conflict:
        raise _amendment_conflict(amendment, section, conflict.current) from None
    section_replace_body(section=section, body=join_paragraphs(paragraphs))
    Proposal.objects.filter(pk=amendment.proposal_id).update(updated_at=timezone.now())


def amendment_decide(
    *, amendment: Amendment, actor: User, decision: str, response: str, text: str = ""
) -> Amendment:
    """Decide an amendment (``consultations.decide_amendment``: the chair, in
    revision, once), always with a response.

    ``accepted`` applies the amendment's own text; ``accepted_with_changes``
    applies ``text`` (the merged text) instead; ``rejected`` changes nothing.
    The text changes as a normal edit (new section revision). If the paragraph
    changed since the amendment was made, accepting as proposed answers 409
    ``amendment_conflict`` with the paragraph's current text; nothing is saved.
    """
    with transaction.atomic():
        proposal = proposal_lock(pk=amendment.proposal_id)
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        amendment.proposal = proposal
        rules_enforce("consultations.decide_amendment", actor, amendment)
        if decision not in AmendmentDecision.values:
            raise ValidationError(
                {"decision": [_("Choose accepted, accepted_with_changes or rejected.")]}
            )
        response = _required_text("response", response, _("Answer the organisation."))
        text = (text or "").strip()
        if decision == AmendmentStatus.ACCEPTED_WITH_CHANGES:
            if not text:
                raise ValidationError({"text": [_("Give the text as merged.")]})
        elif text:
            raise ValidationError(
                {"text": [_("A merged text goes only with accepted_with_changes.")]}
            )
        if decision != AmendmentStatus.REJECTED:
            _apply(amendment, decision, text)
        amendment.status = decision
        amendment.response = response
        amendment.merged_text = text
        amendment.decided_by = actor
        amendment.decided_at = timezone.now()
        amendment.save(
            update_fields=["status", "response", "merged_text", "decided_by", "decided_at"]
        )
    return amendment
