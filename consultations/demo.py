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

#: Per theme, written for the demo text it is used on (``workflow.demo.TEXTS``:
#: procurement for "reserved", labour for "pathways", funding for "esf"):
#: comments, in the order ``seed_proposal`` spreads them over the sections (the
#: first lands on section 1 paragraph 1, the second on section 2 paragraph 2,
#: the third on section 1 as a whole); the working group's replies to those
#: three; inserted paragraphs (text, justification) after the last paragraph of
#: sections 1 and 2; clauses added to paragraph 1 of sections 1 and 2 (clause,
#: justification, the shorter clause the working group merges when it accepts
#: with changes); the justification for deleting the next-to-last paragraph of
#: a section that has three; and the working group's reason for not retaining
#: the third amendment.
THEMES = {
    "procurement": {
        "comments": [
            "We welcome the reference to reserved contracts under Article 20 of Directive "
            "2014/24/EU, but the text should ask member states to report how often they use "
            "them. In our country the provision exists on paper and is almost never applied.",
            "Many of our members are too small to bid for the lots that contracting authorities "
            "publish. Dividing contracts into lots should be named as a lever alongside reserved "
            "contracts.",
            "The Social Economy Action Plan promised work on socially responsible public "
            "procurement, and the Commission's Buying Social guide of 2021 already gives "
            "examples of reserved contracts; citing both would strengthen the argument.",
        ],
        "replies": [
            "Agreed. An amendment on reporting has been tabled on this section; the working "
            "group will consider it with the others.",
            "Thank you. An amendment on lots has been tabled on this section; we will look at "
            "both together.",
            "Good point: we will cite the Action Plan and the Buying Social guide in the revised "
            "text.",
        ],
        "inserts": [
            (
                "Member states should publish every two years how many contracts they reserved "
                "under Article 20 of Directive 2014/24/EU and Article 38 of Directive "
                "2014/25/EU, and the total value of those contracts.",
                "Without figures the reserved-contracts provision cannot be evaluated.",
            ),
            (
                "Contracting authorities should use Article 46 of Directive 2014/24/EU to divide "
                "contracts into lots that work-integration social enterprises can bid for, and "
                "reserve some of those lots under Article 20.",
                "Lot size is the first barrier our members meet; reserved contracts alone do not "
                "remove it.",
            ),
        ],
        "clauses": [
            (
                "Work-integration social enterprises are the operators this provision was "
                "written for.",
                "Makes the link between Article 20 and our members explicit from the first "
                "paragraph.",
                "Work-integration social enterprises are among the operators it was written for.",
            ),
            (
                "Social clauses should be assessed on the quality of the integration pathway, not "
                "only on the number of hours worked by disadvantaged persons.",
                "Counting hours rewards short placements over lasting integration.",
                "Social clauses should also assess the quality of the integration pathway.",
            ),
        ],
        "delete": "A duty to explain every lot that is not reserved would add paperwork for the "
        "small authorities we want to win over; guidance and training will do more.",
        "rejected": "Not retained: the working group agrees on lots but keeps this paper on "
        "reserved contracts; lots belong in the network's paper on the revision of the "
        "directives.",
    },
    "labour": {
        "comments": [
            "The pathway should include the period after placement: our members see people lose "
            "their first job on the open labour market within months once follow-up support "
            "stops.",
            "In our region the ESF+ programme pays a flat amount for each person placed in a job. "
            "It pushes enterprises to select the people closest to employment; the paper should "
            "say so plainly.",
            "The paper could refer to principle 4 of the European Pillar of Social Rights, "
            "active support to employment: it gives the demand for whole pathways a basis the "
            "Commission already accepts.",
        ],
        "replies": [
            "Agreed. An amendment on follow-up support has been tabled on this section; the "
            "working group will consider it with the others.",
            "Thank you. Could you send the reference of that call to the secretariat? A real "
            "example would help the paper.",
            "Good point: we will cite principle 4 in the revised text.",
        ],
        "inserts": [
            (
                "Follow-up support for at least six months after a person moves to the open "
                "labour market should be eligible for public funding: it is what makes the "
                "transition last.",
                "In our members' experience, the first months in a new job are when most people "
                "drop out.",
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
                "A pathway takes time: in our members' experience, twelve to twenty-four months.",
                "Funders should know from the start that a pathway is not a three-month placement.",
                "A pathway takes time, often more than a year.",
            ),
            (
                "Partnership agreements with public employment services should run long enough "
                "to complete a pathway.",
                "Short contracts cut pathways in the middle.",
                "Partnership agreements should cover a full pathway.",
            ),
        ],
        "delete": "The paragraph repeats the point of the one before it; the section is "
        "stronger without it.",
        "rejected": "Not retained: the working group agrees, but the validation of skills "
        "deserves a paper of its own and would lengthen this one.",
    },
    "funding": {
        "comments": [
            "The problem is not only the Commission's rules. Managing authorities add their own "
            "requirements on top of the Common Provisions Regulation; the text should address "
            "them directly.",
            "Intermediate bodies work well in our region: they answer the phone and they know "
            "our members. We would keep this paragraph.",
            "The 25 % of ESF+ resources that member states must programme for social inclusion "
            "is a floor, not a target. Several managing authorities treat it as a ceiling; the "
            "paper could say so.",
        ],
        "replies": [
            "Agreed: the revised text will address managing authorities as well as the Commission.",
            "Thank you. An amendment proposes to delete this paragraph, so your experience is "
            "useful to the working group.",
            "Noted. It goes beyond this paper, but the working group will raise it with the board.",
        ],
        "inserts": [
            (
                "Calls are also unpredictable: a small enterprise cannot plan staff for a project "
                "when it does not know whether a call will open this year.",
                "Irregular calls are a complaint we often hear from our smallest members.",
            ),
            (
                "The Commission should name work-integration social enterprises among the final "
                "recipients of the EaSI strand of ESF+.",
                "Our members are rarely reached by the strand today.",
            ),
        ],
        "clauses": [
            (
                "Audit requirements should be proportionate to the grant, so that a €50,000 "
                "grant is not audited like a €5 million one.",
                "For a small grant, the audit can cost as much as the application.",
                "Audit requirements should be proportionate to the grant.",
            ),
            (
                "A flat rate should also cover the personal support given to each worker, which "
                "invoices capture poorly.",
                "Support by job coaches is the core of our members' work and the hardest cost to "
                "document.",
                "A flat rate should also cover personal support.",
            ),
        ],
        "delete": "In our country the intermediate body added a second layer of checks and "
        "slowed payments; we would rather ask for simpler calls from the managing authority "
        "itself.",
        "rejected": "Not retained: this paper addresses the part of ESF+ that member states "
        "manage; the EaSI strand, which the Commission manages directly, will be taken up in "
        "the network's paper on the next multiannual financial framework.",
    },
}

#: Comments that fit any proposition of the network.
GENERAL_COMMENTS = [
    "Could the working group clarify whether “social enterprise” here follows the description "
    "in the Social Economy Action Plan or the narrower notion of work-integration social "
    "enterprises? Our members will read it differently.",
    "Could the paper give one concrete example from a member? Officials remember a case "
    "better than a principle.",
    "Nothing is said about state aid. Articles 32 to 35 of the General Block Exemption "
    "Regulation, on aid for disadvantaged workers and workers with disabilities, are central "
    "for our members.",
    "We support the text as it stands and will circulate it to our regional networks.",
]

PROPOSAL_COMMENT = (
    "Our board discussed the draft last week and broadly supports it. The timing matters: the "
    "network's position should be on the table before the Commission's next initiative in "
    "this area."
)


def _theme(proposal: Proposal) -> dict:
    words = f"{proposal.title} {proposal.working_group.name}".lower()
    if "procurement" in words or "contract" in words:
        return THEMES["procurement"]
    if "fund" in words or "esf" in words or "investeu" in words:
        return THEMES["funding"]
    return THEMES["labour"]


RESPONSES = {
    AmendmentStatus.ACCEPTED: "Accepted: the working group agrees and has added it to the text.",
    AmendmentStatus.ACCEPTED_WITH_CHANGES: "Accepted with changes: we kept the substance and "
    "shortened the wording to fit the style of the paper.",
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
    for parent, body in zip(threads[:3], theme["replies"], strict=False):
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
                       len(paragraphs) - 1, "", theme["delete"])
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
                response=RESPONSES.get(decision, theme["rejected"]),
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
