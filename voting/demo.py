"""Demo of proxies and split ballots (SPEC §6): a "Federation vote" procedure (open
ballot, proxies and splits allowed) and a proposal in voting under it, with one
mandate (not used yet, so the proxy's page shows "you also vote for …" and the
mandator may still revoke it) and one split ballot. Made through the services
and ``transition_run``, like the rest of the demo. Idempotent.
"""

from members.models import Organisation, User, WorkingGroup
from proposals.models import Procedure, Proposal
from proposals.services import proposal_create, section_create
from voting.services import ballot_cast, mandate_give
from workflow.services import transition_run

PROCEDURE = {
    "name": "Federation vote",
    "description": "An open vote in which an organisation that cannot take part may mandate "
    "another to vote for it, and a federation whose members disagree may split its weight.",
    "consultation_required": False,
    "voting_days": 10,
    "quorum_percent": 40,
    "proxies_allowed": True,
    "max_mandates_per_proxy": 2,
    "split_ballots_allowed": True,
    "languages": ["en", "fr"],
}
TITLE = "Work-integration social enterprises in the next Cohesion Policy"
SUMMARY = (
    "Asks that the post-2027 Cohesion Policy keep a dedicated share of the ESF+ for the "
    "social inclusion of people furthest from the labour market, open to social enterprises."
)
SECTIONS = [
    (
        "A share that must not disappear",
        "The proposals for the next multiannual financial framework merge several funds into "
        "national and regional partnership plans. Without a ring-fenced share, social inclusion "
        "competes with infrastructure for the same envelope.\n\n"
        "We ask the co-legislators to keep at least 25 % of the ESF+ resources of each plan for "
        "social inclusion, as in the current period.",
    ),
    (
        "Open to those who do the work",
        "Managing authorities should be able to fund work-integration social enterprises "
        "directly, with simplified cost options and advances that small organisations can bear.",
    ),
]
#: Who mandates whom (organisation names), and the split ballot (organisation, parts).
MANDATE = (
    "Réseau luxembourgeois de l'économie solidaire",
    "Réseau wallon des entreprises d'insertion",
)
SPLIT = ("Fédération des entreprises d'insertion", {"yes": 2, "no": 1, "abstain": 0})


def _rep(org: Organisation) -> User:
    return User.objects.filter(organisation=org, is_active=True).order_by("username").first()


def seed(context: dict) -> dict:
    procedure, _ = Procedure.objects.get_or_create(
        name=PROCEDURE["name"], defaults={k: v for k, v in PROCEDURE.items() if k != "name"}
    )
    proposal = Proposal.objects.filter(title=TITLE).first()
    if proposal is not None:
        return {"federation_vote": proposal}
    group = WorkingGroup.objects.select_related("chair").get(name="EU funding")
    chair = group.chair
    proposal = proposal_create(
        actor=chair, title=TITLE, summary=SUMMARY, working_group=group, procedure=procedure
    )
    for heading, body in SECTIONS:
        section_create(proposal=proposal, actor=chair, heading=heading, body=body)
    proposal = transition_run(proposal=proposal, name="open_vote", actor=chair)
    mandator, proxy = (Organisation.objects.get(name=name) for name in MANDATE)
    mandate_give(proposal_id=proposal.pk, user=_rep(mandator), proxy_id=proxy.pk)
    split_org = Organisation.objects.get(name=SPLIT[0])
    ballot_cast(
        proposal_id=proposal.pk, organisation=split_org, user=_rep(split_org), split=SPLIT[1]
    )
    return {"federation_vote": proposal}
