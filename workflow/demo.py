"""Demo proposals in every state, moved there through ``transition_run``.

Their history, versions, voting rounds and papers are real: each one is made
by the same services the UI and the API call. Idempotent: a proposal whose
title exists is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from members.models import BoardMembership, User, WorkingGroup
from proposals.models import Procedure, Proposal
from proposals.services import proposal_create, proposal_update, section_create
from translations import demo as translations_demo
from voting.models import Eligibility
from voting.services import ballot_cast
from workflow.services import transition_run

#: Each demo proposal's own text: key -> (summary, [(heading, body), ...]).
#: Paragraphs are separated by a blank line; amendments and comments in
#: ``consultations.demo`` point at paragraphs of the texts in consultation
#: (``pathways``) and revision (``esf``), so keep their paragraph counts.
TEXTS = {
    "reserved": (
        "Asks the Commission and the member states to make reserved contracts under Article 20 "
        "of Directive 2014/24/EU an ordinary tool of public purchasing.",
        [
            (
                "Article 20, ten years on",
                "According to the Commission, public authorities in the EU spend around 14 % of "
                "GDP on works, goods and services. Article 20 of Directive 2014/24/EU lets member "
                "states reserve contracts for sheltered workshops and economic operators whose "
                "main aim is the social and professional integration of disabled or "
                "disadvantaged persons, provided that at least 30 % of their employees belong to "
                "those groups.\n\n"
                "Ten years after the transposition deadline of April 2016, our members report that "
                "reserved contracts remain the exception. Many contracting authorities do not know "
                "the provision; others fear that reserving a lot will be challenged by the bidders "
                "it excludes.",
            ),
            (
                "What the network asks for",
                "The network asks the Commission to publish guidance that treats reserved "
                "contracts and social clauses as ordinary tools of public purchasing, with model "
                "contract notices for lots below the EU thresholds.\n\n"
                "Where a contracting authority decides not to reserve a lot that work-integration "
                "social enterprises could deliver, it should say why in the procurement "
                "documents.\n\n"
                "In the coming revision of the public procurement directives, Article 20 should be "
                "kept, and the share of disabled or disadvantaged workers it requires should not "
                "be raised above 30 %.",
            ),
            (
                "Three steps for the Commission",
                "1. Publish guidance on reserved contracts, with model contract notices and cases "
                "that have withstood review.\n"
                "2. Fund training for procurement officers on Article 20 through the Technical "
                "Support Instrument.\n"
                "3. Bring together contracting authorities that use Article 20 and those that do "
                "not, so that they can learn from each other.",
            ),
        ],
    ),
    "pathways": (
        "Asks the EU to fund the whole pathway into work (a job, training and support) and to "
        "make work-integration social enterprises partners of public employment services.",
        [
            (
                "What a pathway is",
                "Work-integration social enterprises hire people whom other employers do not: "
                "long-term unemployed people, people with disabilities, people leaving prison, "
                "recent migrants. What they offer is not a placement but a pathway: a paid job "
                "with an employment contract, training on the job and personal support, towards a "
                "job on the open labour market.\n\n"
                "Pathways work because they combine these three elements. Public programmes tend "
                "to fund one of them at a time, and to end support on the day a person signs a "
                "contract elsewhere.",
            ),
            (
                "What the EU can do",
                "The Council Recommendation of 15 February 2016 on the integration of the "
                "long-term unemployed into the labour market asks for job-integration agreements "
                "and a single point of contact. Its implementation should name work-integration "
                "social enterprises as partners of public employment services.\n\n"
                "ESF+ programmes should fund the whole pathway, including personal support and "
                "follow-up, rather than pay a fixed sum for each person placed in a job.",
            ),
        ],
    ),
    "esf": (
        "Proposes simpler calls, proportionate controls and pre-financing so that small social "
        "enterprises can apply for ESF+ grants.",
        [
            (
                "Why small enterprises stay away",
                "ESF+ is the main EU fund for the people our members employ, yet small "
                "work-integration social enterprises rarely apply for it directly. For a grant of "
                "a few tens of thousands of euros, the application, the reporting and the audit "
                "can cost more than the enterprise can afford.\n\n"
                "Payments come late. Many managing authorities reimburse costs months after they "
                "are incurred, and a small enterprise has to borrow to bridge the gap.",
            ),
            (
                "What we propose",
                "Managing authorities should use the simplified cost options of the Common "
                "Provisions Regulation for every small grant, and accept results rather than "
                "invoices as proof of costs.\n\n"
                "Managing authorities should entrust small grants to intermediate bodies with "
                "social-economy expertise, which know the enterprises and can advise them.\n\n"
                "Small grants should come with pre-financing of at least 30 %, so that enterprises "
                "do not have to borrow against money already awarded to them.",
            ),
        ],
    ),
    "investeu": (
        "Calls for InvestEU guarantee agreements under the social investment and skills window "
        "to reach, and report on, social enterprises.",
        [
            (
                "Why we speak now",
                "The social investment and skills window of InvestEU is the EU's main guarantee "
                "for lending to social enterprises. The conditions attached to the guarantee "
                "decide which enterprises the financial intermediaries will reach.\n\n"
                "Work-integration social enterprises need small loans, patient capital and lenders "
                "who accept that part of their return is social. A guarantee without social "
                "conditions tends to favour larger borrowers with lower risk.",
            ),
            (
                "Our statement",
                "Guarantee agreements under the window should require financial intermediaries to "
                "report how much of the guaranteed lending reaches social enterprises, and how "
                "much of it reaches work-integration social enterprises.\n\n"
                "Intermediaries that lend to social enterprises should be able to assess social "
                "outcomes alongside financial risk, with indicators agreed with the sector.\n\n"
                "The EU guarantee that follows InvestEU in the next multiannual financial "
                "framework should keep a window dedicated to social investment.",
            ),
        ],
    ),
    "semester": (
        "Asks that the European Semester look at how each member state supports social "
        "enterprises and work integration.",
        [
            (
                "The Semester as a lever",
                "The European Semester is where the Commission and the member states discuss "
                "employment and social policy each year, through the country reports, the "
                "country-specific recommendations and the Joint Employment Report.\n\n"
                "The social economy is rarely mentioned in these documents, although the Council "
                "Recommendation of 2023 on developing social economy framework conditions asks "
                "member states to support it through their employment and social policies.",
            ),
            (
                "What we ask",
                "Country reports should describe each member state's framework for social "
                "enterprises, including reserved contracts and support for work integration, as "
                "part of their analysis of active labour market policies.\n\n"
                "Where many people are far from the labour market, the country-specific "
                "recommendations should be able to name work-integration social enterprises as "
                "part of the answer, and national reform programmes should report on them.",
            ),
        ],
    ),
    "consultation": (
        "The network's answer to the Commission's consultation on the review of the Social "
        "Economy Action Plan.",
        [
            (
                "Our answer in brief",
                "The network welcomes the review of the Social Economy Action Plan adopted in "
                "December 2021. The plan gave the social economy a place in EU policy; its review "
                "should turn commitments into instruments that work-integration social "
                "enterprises can use.\n\n"
                "This answer draws on the experience of the network's member federations. It "
                "concentrates on three areas where they have most to say: public procurement, "
                "access to finance and the framework conditions set by the Council "
                "Recommendation of 2023.",
            ),
            (
                "What has worked, and what has not",
                "The Council Recommendation of 2023 on developing social economy framework "
                "conditions is the plan's main achievement: it invites member states to adopt or "
                "update social economy strategies and covers public procurement among the "
                "policies concerned.\n\n"
                "The Social Economy Gateway and the transition pathway for the proximity and "
                "social economy ecosystem have made EU support easier to find, but our members "
                "tell us they rarely use them.\n\n"
                "Socially responsible public procurement has hardly moved: reserved contracts "
                "under Article 20 of Directive 2014/24/EU remain the exception in most member "
                "states.",
            ),
            (
                "Priorities for the review",
                "1. Report on the national social economy strategies and on what they do for "
                "work integration.\n"
                "2. Make socially responsible public procurement a priority of the coming "
                "revision of the procurement directives.\n"
                "3. Keep an EU guarantee dedicated to social investment in the next multiannual "
                "financial framework.",
            ),
        ],
    ),
    "pillar": (
        "How work-integration social enterprises put the European Pillar of Social Rights into "
        "practice, and what the next action plan on the Pillar should say about them.",
        [
            (
                "Principles our members deliver",
                "The European Pillar of Social Rights, proclaimed in Gothenburg in November 2017, "
                "sets out twenty principles. Work-integration social enterprises put several of "
                "them into practice every day: education, training and life-long learning "
                "(principle 1), active support to employment (principle 4) and the inclusion of "
                "people with disabilities (principle 17).\n\n"
                "They do so as businesses: they sell goods and services, pay wages under "
                "employment contracts and reinvest their profits in their social mission.",
            ),
            (
                "The 2030 targets and the next action plan",
                "The Action Plan on the Pillar of March 2021 set three EU targets for 2030, "
                "among them an employment rate of at least 78 % for people aged 20 to 64. "
                "Meeting it means reaching the people furthest from the labour market, which is "
                "what our members do.\n\n"
                "The network asks the Commission to name the social economy in the next action "
                "plan on the Pillar and in the monitoring of the 2030 targets, and to involve its "
                "representatives in both.",
            ),
        ],
    ),
    "label": (
        "Proposes a voluntary European label for social enterprises, awarded by national bodies "
        "on common criteria.",
        [
            (
                "Why a label",
                "Member states recognise social enterprises in very different ways: some have a "
                "legal status, others a register, many nothing at all. A contracting authority or "
                "an investor in another country has no simple way to know whether an enterprise "
                "meets the conditions of Article 20 of Directive 2014/24/EU or of a social "
                "investment fund.\n\n"
                "A voluntary European label, awarded by national bodies on common criteria, would "
                "make work-integration social enterprises visible across borders without "
                "replacing national statuses.",
            ),
            (
                "How it would work",
                "The criteria would follow the description of social enterprises in the Social "
                "Economy Action Plan: a social or environmental objective as the reason for the "
                "commercial activity, profits mainly reinvested in that objective, and democratic "
                "or participatory governance.\n\n"
                "For work integration, the label would add one criterion: a minimum share of "
                "employees who were disabled or disadvantaged when they were hired, in line with "
                "the 30 % of Article 20.\n\n"
                "National bodies would award the label and review it every three years; the "
                "Commission would keep a public list of labelled enterprises.",
            ),
            (
                "Steps towards a label",
                "1. Ask the Commission to study a voluntary label as part of the follow-up to the "
                "Council Recommendation of 2023.\n"
                "2. Build on national labels and registers rather than create a new "
                "administration.\n"
                "3. Keep the label free of charge for enterprises with fewer than 50 employees.",
            ),
        ],
    ),
    "minimum_wage": (
        "Opposes minimum-wage exemptions for integration jobs and proposes wage subsidies instead.",
        [
            (
                "The question",
                "Some member states allow pay below the statutory minimum wage in forms of "
                "supported or sheltered employment, and proposals to extend such exemptions to "
                "integration jobs return whenever public budgets are tight.\n\n"
                "Directive (EU) 2022/2041 on adequate minimum wages requires any variation or "
                "deduction below the statutory minimum wage to be non-discriminatory and "
                "proportionate, and to pursue a legitimate objective.",
            ),
            (
                "Our position",
                "The network opposes exemptions from the minimum wage for people employed by "
                "work-integration social enterprises. A pathway into work starts with a proper "
                "employment contract and a wage that counts as one.\n\n"
                "Where a worker's productivity is lower at the start, the gap should be bridged "
                "by wage subsidies, which Article 32 of the General Block Exemption Regulation "
                "allows for disadvantaged workers, not by paying the worker less.",
            ),
        ],
    ),
}

# title, group, procedure, text (a key of TEXTS), where it ends, ballot pattern
DEMO = [
    (
        "Reserved contracts for work-integration social enterprises",
        "Social procurement", "Position paper", "reserved", "draft", None,
    ),
    (
        "Pathways into work for people furthest from the labour market",
        "Inclusive labour markets", "Position paper", "pathways", "consultation", None,
    ),
    (
        "Simplifying ESF+ access for small social enterprises",
        "EU funding", "Position paper", "esf", "revision", None,
    ),
    (
        "Social clauses in InvestEU guarantees",
        "EU funding", "Urgent statement", "investeu", "voting", "partial",
    ),
    (
        "Recognising social enterprises in the European Semester",
        "Inclusive labour markets", "Position paper", "semester", "board_review", "yes",
    ),
    (
        "Response to the consultation on the Social Economy Action Plan review",
        "Social procurement", "Response to an EU consultation", "consultation", "approved", "yes",
    ),
    (
        "Social economy and the European Pillar of Social Rights",
        "Inclusive labour markets", "Position paper", "pillar", "published", "yes",
    ),
    (
        "A European label for social enterprises",
        "Social procurement", "Position paper", "label", "rejected", "no",
    ),
    (
        "Minimum wage exemptions for integration jobs",
        "Inclusive labour markets", "Position paper", "minimum_wage", "withdrawn", None,
    ),
]  # fmt: skip


def _draft(title, group, procedure, key) -> Proposal:
    chair = group.chair
    summary, sections = TEXTS[key]
    proposal = proposal_create(
        actor=chair,
        title=title,
        summary=summary,
        working_group=group,
        procedure=procedure,
    )
    for heading, body in sections:
        section_create(proposal=proposal, actor=chair, heading=heading, body=body)
    if procedure.consultation_required:
        proposal_update(
            proposal=proposal,
            actor=chair,
            consultation_closes_at=timezone.now()
            + timedelta(days=procedure.min_consultation_days + 7),
        )
    return proposal


def _vote(proposal: Proposal, pattern: str) -> None:
    voting_round = proposal.voting_rounds.unclosed().get()
    eligible = list(
        Eligibility.objects.filter(round=voting_round)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if pattern == "partial":
        eligible = eligible[: len(eligible) // 2]
    for n, eligibility in enumerate(eligible):
        rep = (
            User.objects.filter(organisation=eligibility.organisation, is_active=True)
            .order_by("username")
            .first()
        )
        if pattern == "no":
            choice = "no" if n % 3 else "yes"
        else:
            choice = ["yes", "yes", "yes", "no", "abstain"][n % 5]
        ballot_cast(
            voting_round=voting_round,
            organisation=eligibility.organisation,
            user=rep,
            choice=choice,
        )


def _move(proposal: Proposal, target: str, pattern: str | None) -> Proposal:
    chair = proposal.working_group.chair

    def run(name, actor=chair, note=""):
        return transition_run(proposal=proposal, name=name, actor=actor, note=note)

    if target == "draft":
        return proposal
    if target == "withdrawn":
        run("submit_for_consultation")
        return run(
            "withdraw",
            note="The national proposals this paper answered have been dropped; the working "
            "group will come back to the question if they return.",
        )
    if proposal.procedure.consultation_required:
        proposal = run("submit_for_consultation")
        if target == "consultation":
            return proposal
        translations_demo.translate(proposal)
        amendment = translations_demo.amend(proposal)
        proposal = run("close_consultation", note="")
        if target == "revision":
            return proposal
        translations_demo.accept(proposal, amendment)
    proposal = run("open_vote")
    _vote(proposal, pattern)
    if target == "voting":
        return proposal
    proposal = run("close_vote")  # everyone eligible has voted
    if target in ("board_review", "rejected"):
        return proposal
    from workflow.board import board_decision_record

    board = [
        m.user for m in BoardMembership.objects.select_related("user").order_by("user__username")
    ]
    for member in board[: proposal.procedure.board_approvals_required]:
        board_decision_record(proposal=proposal, member=member, decision="approve")
    proposal.refresh_from_db()
    if target == "published":
        from papers.demo import render_missing

        render_missing([proposal])  # already done if the render task ran after the commit
        proposal = run("publish", actor=User.objects.get(username="secretariat"))
    return proposal


def seed(context: dict) -> dict:
    groups = {g.name: g for g in WorkingGroup.objects.select_related("chair")}
    procedures = {p.name: p for p in Procedure.objects.all()}
    made = {}
    for title, group, procedure, key, target, pattern in DEMO:
        existing = Proposal.objects.filter(title=title).first()
        if existing is not None:
            made[target] = existing
            continue
        proposal = _draft(title, groups[group], procedures[procedure], key)
        made[target] = _move(proposal, target, pattern)
    return {"proposals": made}
