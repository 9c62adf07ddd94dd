"""Demo comments and amendments on the demo proposals in consultation and revision.

``seed`` looks for proposals in ``consultation`` or ``revision`` that have no
comments and no amendments yet and gives each a realistic consultation:
comments on sections and paragraphs with replies from the working group,
amendments from several organisations with supports, and, in revision, some
of them decided (the text changes as the decisions say). Idempotent: a
proposal that already has comments or amendments is left alone.

Since ``seed_demo`` runs the apps in import order and the workflow demo
creates the proposals later, the workflow demo may call ``seed_proposal``
(or ``seed``) again once its proposals are in place.
"""

from django.db import transaction

from consultations.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    Comment,
)
from consultations.services import (
    amendment_create,
    amendment_decide,
    amendment_support,
    comment_create,
)
from members.models import User
from proposals.models import Proposal, ProposalState
from proposals.text import split_paragraphs

COMMENTS = [
    "We welcome the reference to reserved contracts under Article 20 of Directive 2014/24/EU, "
    "but the text should ask member states to report how often they actually use them. In our "
    "country the provision exists on paper and is almost never applied.",
    "Could the working group clarify whether “social enterprise” here follows the definition of "
    "the Social Business Initiative or the narrower definition of work-integration social "
    "enterprises? Our members will read it differently.",
    "The 25% of ESF+ resources earmarked for social inclusion is a floor, not a target. We "
    "suggest saying so explicitly, as several managing authorities treat it as a ceiling.",
    "Many of our members are too small to bid for lots above €200,000. Dividing contracts into "
    "lots should be named as a lever alongside reserved contracts.",
    "Please avoid “vulnerable people”: the network agreed to speak of people furthest from the "
    "labour market, which is also the wording of the Council Recommendation of 2023.",
    "The Social Economy Action Plan commits the Commission to guidance on socially responsible "
    "public procurement; a reference here would strengthen the argument.",
    "Nothing is said about state aid. Article 33 of the General Block Exemption Regulation, on "
    "aid for the employment of workers with disabilities, is central for our members.",
    "We support the text as it stands and will circulate it to our regional networks.",
]

REPLIES = [
    "Thank you. The working group will look at a reporting obligation when it revises the text.",
    "We used the definition in the network's statutes; a footnote will make that explicit.",
    "Noted. The GBER review is the subject of a separate statement the board asked for this year.",
]

PROPOSAL_COMMENT = (
    "Our board discussed the draft last week and broadly supports it. The timing matters: the "
    "text should be adopted before the Commission publishes its evaluation of the procurement "
    "directives, so that the network's position is on the table."
)

INSERTS = [
    (
        "Member states should publish every two years how many contracts they reserved under "
        "Article 20 of Directive 2014/24/EU and Article 38 of Directive 2014/25/EU, and the "
        "total value of those contracts.",
        "Without figures the reserved-contracts provision cannot be evaluated; several member "
        "states have never reported on its use.",
    ),
    (
        "Contracting authorities should divide contracts into lots that work-integration social "
        "enterprises can realistically bid for, and say in the contract notice why when they do "
        "not.",
        "Lot size is the first barrier our members meet; reserved contracts alone do not "
        "remove it.",
    ),
]

REPLACE_CLAUSES = [
    (
        "This applies in particular to work-integration social enterprises, whose added value "
        "lies in employing people furthest from the labour market.",
        "Makes the target group explicit, in line with the Council Recommendation on developing "
        "social economy framework conditions.",
    ),
    (
        "Monitoring should rely on data the member states already report under the European "
        "Semester, so as not to add an administrative burden for small enterprises.",
        "Avoids a new reporting duty that would fall hardest on the smallest enterprises.",
    ),
]

DELETE_JUSTIFICATION = (
    "The paragraph repeats the introduction and weakens the message; the paper is stronger "
    "without it."
)

RESPONSES = {
    AmendmentStatus.ACCEPTED: "Accepted: it strengthens the text and matches the Council "
    "Recommendation the paper relies on.",
    AmendmentStatus.ACCEPTED_WITH_CHANGES: "Accepted with changes: we kept the substance and "
    "shortened the wording to fit the style of the paper.",
    AmendmentStatus.REJECTED: "Not retained: several members asked for this point during the "
    "drafting, and the working group prefers to keep it.",
}


def _representatives(proposal: Proposal) -> list[User]:
    """One representative per organisation, outside the proposal's working group."""
    group = proposal.working_group
    skip = {group.chair_id, *group.members.values_list("pk", flat=True)}
    seen, people = set(), []
    users = User.objects.filter(
        is_active=True, organisation__isnull=False, organisation__active=True
    ).order_by("username")
    for user in users:
        if user.pk in skip or user.organisation_id in seen:
            continue
        seen.add(user.organisation_id)
        people.append(user)
    return people


def _amend(proposal, author, section, kind, paragraph, text, justification) -> Amendment:
    """Through the service in consultation; as recorded history once in revision."""
    if proposal.state == ProposalState.CONSULTATION:
        return amendment_create(
            proposal=proposal,
            author=author,
            section=section,
            kind=kind,
            paragraph=paragraph,
            text=text,
            justification=justification,
        )
    paragraphs = split_paragraphs(section.body)
    return Amendment.objects.create(
        proposal=proposal,
        section=section,
        section_heading=section.heading,
        kind=kind,
        paragraph=paragraph,
        text=text,
        justification=justification,
        base_text=paragraphs[paragraph - 1] if paragraph else "",
        version=proposal.versions.order_by("-number").first(),
        organisation=author.organisation,
        author=author,
    )


def _support(proposal, amendment, user) -> None:
    if proposal.state == ProposalState.CONSULTATION:
        amendment_support(amendment=amendment, user=user)
    else:
        AmendmentSupport.objects.create(
            amendment=amendment, organisation=user.organisation, user=user
        )


def _comment(proposal, author, body, section=None, paragraph=None, parent=None) -> Comment:
    if proposal.state == ProposalState.CONSULTATION or parent is not None:
        return comment_create(
            proposal=proposal,
            author=author,
            body=body,
            section=section,
            paragraph=paragraph,
            parent=parent,
        )
    return Comment.objects.create(
        proposal=proposal,
        author=author,
        organisation=author.organisation,
        body=body,
        section=section,
        paragraph=paragraph,
    )


@transaction.atomic
def seed_proposal(proposal: Proposal) -> dict:
    """Give one proposal (in consultation or revision) its comments and amendments."""
    sections = [s for s in proposal.sections.order_by("position", "id") if s.body.strip()]
    people = _representatives(proposal)
    if not sections or len(people) < 6:
        return {"comments": 0, "amendments": 0}
    group = proposal.working_group
    answerer = group.members.order_by("username").first() or group.chair

    threads = []
    for n, body in enumerate(COMMENTS):
        section = sections[n % len(sections)]
        count = len(split_paragraphs(section.body))
        paragraph = (n % count) + 1 if n % 3 != 2 else None
        threads.append(_comment(proposal, people[n % len(people)], body, section, paragraph))
    _comment(proposal, people[-1], PROPOSAL_COMMENT)
    for parent, body in zip(threads[:3], REPLIES, strict=False):
        _comment(proposal, answerer, body, parent=parent)

    amendments = []
    proposers = iter(people)
    for n, section in enumerate(sections[:2]):
        paragraphs = split_paragraphs(section.body)
        text, why = INSERTS[n]
        amendments.append(
            _amend(
                proposal,
                next(proposers),
                section,
                AmendmentKind.INSERT_AFTER,
                len(paragraphs),
                text,
                why,
            )  # fmt: skip
        )
        clause, why = REPLACE_CLAUSES[n]
        amendments.append(
            _amend(
                proposal,
                next(proposers),
                section,
                AmendmentKind.REPLACE,
                1,
                f"{paragraphs[0].rstrip()} {clause}",
                why,
            )  # fmt: skip
        )
        if len(paragraphs) >= 3:
            amendments.append(
                _amend(
                    proposal,
                    next(proposers),
                    section,
                    AmendmentKind.DELETE,
                    len(paragraphs) - 1,
                    "",
                    DELETE_JUSTIFICATION,
                )  # fmt: skip
            )
    for n, amendment in enumerate(amendments):
        supporters = [p for p in people if p.organisation_id != amendment.organisation_id]
        for user in supporters[n % 3 : n % 3 + 1 + (n * 2) % 5]:
            _support(proposal, amendment, user)

    if proposal.state == ProposalState.REVISION:
        decisions = [
            AmendmentStatus.ACCEPTED,
            AmendmentStatus.ACCEPTED_WITH_CHANGES,
            AmendmentStatus.REJECTED,
        ]
        # The last amendment stays open, so the chair has something to decide.
        for amendment, decision in zip(amendments[:-1], decisions, strict=False):
            merged = ""
            if decision == AmendmentStatus.ACCEPTED_WITH_CHANGES:
                merged = amendment.text if amendment.kind != "delete" else amendment.base_text
                merged = merged.replace("in particular ", "").replace("realistically ", "")
            amendment_decide(
                amendment=amendment,
                actor=group.chair,
                decision=decision,
                response=RESPONSES[decision],
                text=merged,
            )
    return {"comments": proposal.comments.count(), "amendments": len(amendments)}


def seed(context: dict) -> dict:
    seeded = {}
    for proposal in Proposal.objects.filter(
        state__in=[ProposalState.CONSULTATION, ProposalState.REVISION]
    ).order_by("pk"):
        if proposal.comments.exists() or proposal.amendments.exists():
            continue
        seeded[proposal.reference] = seed_proposal(proposal)
    return {"consultations": seeded}
