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
    amendment_record,
    amendment_support,
    comment_create,
)
from members.models import User
from proposals.models import Proposal, ProposalState
from proposals.text import split_paragraphs

#: Per theme: comments, inserted paragraphs (text, justification) and clauses
#: added to a paragraph (clause, justification, the shorter clause the working
#: group merges when it accepts with changes).
THEMES = {
    "procurement": {
        "comments": [
            "We welcome the reference to reserved contracts under Article 20 of Directive "
            "2014/24/EU, but the text should ask member states to report how often they use "
            "them. In our country the provision exists on paper and is almost never applied.",
            "Many of our members are too small to bid for lots above €200,000. Dividing "
            "contracts into lots should be named as a lever alongside reserved contracts.",
            "The Social Economy Action Plan commits the Commission to guidance on socially "
            "responsible public procurement; a reference here would strengthen the argument.",
        ],
        "inserts": [
            (
                "Member states should publish every two years how many contracts they reserved "
                "under Article 20 of Directive 2014/24/EU and Article 38 of Directive "
                "2014/25/EU, and the total value of those contracts.",
                "Without figures the reserved-contracts provision cannot be evaluated; several "
                "member states have never reported on its use.",
            ),
            (
                "Contracting authorities should divide contracts into lots that work-integration "
                "social enterprises can bid for, and say in the contract notice why when they "
                "do not.",
                "Lot size is the first barrier our members meet; reserved contracts alone do not "
                "remove it.",
            ),
        ],
        "clauses": [
            (
                "This applies in particular to work-integration social enterprises, whose added "
                "value lies in employing people furthest from the labour market.",
                "Makes the target group explicit, in line with the Council Recommendation on "
                "developing social economy framework conditions.",
                "This applies to work-integration social enterprises in particular.",
            ),
            (
                "Social clauses should be assessed on the quality of the integration pathway, not "
                "only on the number of hours worked by disadvantaged persons.",
                "Counting hours rewards short placements over lasting integration.",
                "Social clauses should also assess the quality of the integration pathway.",
            ),
        ],
    },
    "labour": {
        "comments": [
            "The pathway should include the period after placement: our members see many people "
            "lose their first job on the open labour market within six months once follow-up "
            "support stops.",
            "Public employment services in our country already contract social enterprises, but "
            "for three-month placements. The text should ask for contracts long enough to "
            "complete a pathway.",
            "Could the working group cite its sources? The Commission will ask where the "
            "employment figures come from.",
        ],
        "inserts": [
            (
                "Follow-up support for at least six months after a person moves to the open "
                "labour market should be eligible for public funding: it is what makes the "
                "transition last.",
                "Our members' data show that most drop-outs happen in the first six months.",
            ),
            (
                "Member states should recognise the skills acquired in work-integration social "
                "enterprises through the arrangements of the 2012 Council Recommendation on the "
                "validation of non-formal and informal learning.",
                "Recognised skills are what employers on the open labour market look for.",
            ),
        ],
        "clauses": [
            (
                "Partnership agreements should run long enough to complete a pathway, which in "
                "our members' experience takes twelve to twenty-four months.",
                "Short contracts cut pathways in the middle.",
                "Partnership agreements should cover a full pathway.",
            ),
            (
                "This includes people with disabilities, whose access to the open labour market "
                "the UN Convention on the Rights of Persons with Disabilities requires.",
                "Keeps the paper consistent with the network's disability strategy.",
                "This includes people with disabilities.",
            ),
        ],
    },
    "funding": {
        "comments": [
            "The ESF+ Regulation already allows simplified cost options; the problem is that "
            "managing authorities do not use them. The text should address managing "
            "authorities, not only the Commission.",
            "The 25% of ESF+ resources earmarked for social inclusion is a floor, not a target. "
            "We suggest saying so explicitly, as several managing authorities treat it as a "
            "ceiling.",
            "Pre-financing of 30% would help, but several of our members cannot provide the "
            "co-financing either. Could the paper mention co-financing rates?",
        ],
        "inserts": [
            (
                "Managing authorities should open calls for small grants at least once a year, "
                "with a single application form and a decision within three months.",
                "Predictable calls let small enterprises plan instead of improvising.",
            ),
            (
                "The Commission should name work-integration social enterprises among the final "
                "recipients of the ESF+ social innovation strand.",
                "Our members are rarely reached by the strand today.",
            ),
        ],
        "clauses": [
            (
                "Audit requirements should be proportionate to the grant, so that a €50,000 "
                "grant is not audited like a €5 million one.",
                "Audit costs are the second burden our members report after the application.",
                "Audit requirements should be proportionate to the grant.",
            ),
            (
                "This applies in particular to work-integration social enterprises, whose added "
                "value lies in employing people furthest from the labour market.",
                "Makes the target group explicit.",
                "This applies to work-integration social enterprises in particular.",
            ),
        ],
    },
}

#: Comments that fit any proposition of the network.
GENERAL_COMMENTS = [
    "Could the working group clarify whether “social enterprise” here follows the definition of "
    "the Social Business Initiative or the narrower definition of work-integration social "
    "enterprises? Our members will read it differently.",
    "Please avoid “vulnerable people”: the network agreed to speak of people furthest from the "
    "labour market, which is also the wording of the Council Recommendation of 2023.",
    "Nothing is said about state aid. Article 33 of the General Block Exemption Regulation, on "
    "aid for the employment of workers with disabilities, is central for our members.",
    "We support the text as it stands and will circulate it to our regional networks.",
]

REPLIES = [
    "Thank you. The working group will take this into account when it revises the text.",
    "Good point: we will check the figures and give the source in a footnote.",
    "Noted. It goes beyond this paper, but the working group will raise it with the board.",
]

PROPOSAL_COMMENT = (
    "Our board discussed the draft last week and broadly supports it. The timing matters: the "
    "network's position should be on the table before the Commission publishes its next "
    "initiative on the social economy."
)


def _theme(proposal: Proposal) -> dict:
    words = f"{proposal.title} {proposal.working_group.name}".lower()
    if "procurement" in words or "contract" in words:
        return THEMES["procurement"]
    if "fund" in words or "esf" in words or "investeu" in words:
        return THEMES["funding"]
    return THEMES["labour"]


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
    users = User.objects.active_representatives().order_by("username")
    for user in users:
        if user.pk in skip or user.organisation_id in seen:
            continue
        seen.add(user.organisation_id)
        people.append(user)
    return people


def _amend(proposal, author, section, kind, paragraph, text, justification) -> Amendment:
    """Through the service in consultation; as recorded history once in revision."""
    change = {"kind": kind, "paragraph": paragraph, "text": text, "justification": justification}
    if proposal.state == ProposalState.CONSULTATION:
        return amendment_create(proposal=proposal, author=author, section=section, **change)
    paragraphs = split_paragraphs(section.body)
    return amendment_record(
        proposal=proposal,
        author=author,
        section=section,
        base_text=paragraphs[paragraph - 1] if paragraph else "",
        version=proposal.versions.newest(),
        **change,
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

    theme = _theme(proposal)
    comments = [*theme["comments"], *GENERAL_COMMENTS]
    threads = []
    for n, body in enumerate(comments):
        section = sections[n % len(sections)]
        count = len(split_paragraphs(section.body))
        paragraph = (n % count) + 1 if n % 3 != 2 else None
        threads.append(_comment(proposal, people[n % len(people)], body, section, paragraph))
    _comment(proposal, people[-1], PROPOSAL_COMMENT)
    for parent, body in zip(threads[:3], REPLIES, strict=False):
        _comment(proposal, answerer, body, parent=parent)

    amendments = []
    merged: dict[int, str] = {}  # amendment index -> text merged if accepted with changes
    proposers = iter(people)
    for n, section in enumerate(sections[:2]):
        paragraphs = split_paragraphs(section.body)
        text, why = theme["inserts"][n]
        amendments.append(
            _amend(proposal, next(proposers), section, AmendmentKind.INSERT_AFTER,
                   len(paragraphs), text, why)
        )  # fmt: skip
        clause, why, shorter = theme["clauses"][n]
        merged[len(amendments)] = f"{paragraphs[0].rstrip()} {shorter}"
        amendments.append(
            _amend(proposal, next(proposers), section, AmendmentKind.REPLACE,
                   1, f"{paragraphs[0].rstrip()} {clause}", why)
        )  # fmt: skip
        if len(paragraphs) >= 3:
            amendments.append(
                _amend(proposal, next(proposers), section, AmendmentKind.DELETE,
                       len(paragraphs) - 1, "", DELETE_JUSTIFICATION)
            )  # fmt: skip
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
        # The first three are decided; the rest stay open for the chair to decide.
        for n, (amendment, decision) in enumerate(zip(amendments[:-1], decisions, strict=False)):
            text = ""
            if decision == AmendmentStatus.ACCEPTED_WITH_CHANGES:
                first_sentence = (amendment.text or amendment.base_text).split(". ")[0]
                text = merged.get(n) or first_sentence.rstrip(".") + "."
            amendment_decide(
                amendment=amendment,
                actor=group.chair,
                decision=decision,
                response=RESPONSES[decision],
                text=text,
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
