"""Proxies (mandates) and split ballots through the API (SPEC §6, API.md "Voting")."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from proposals.models import Procedure
from voting.models import Ballot, BallotCast, Mandate, VotingRound

pytestmark = pytest.mark.django_db

FLAGS = {"proxies_allowed": True, "split_ballots_allowed": True, "max_mandates_per_proxy": 1}


def _mandate(api, user, proposal, proxy):
    return api.as_user(user).post(
        f"/api/v1/proposals/{proposal.pk}/mandates/", {"proxy": proxy.pk}, format="json"
    )


def _put(api, user, proposal, **body):
    return api.as_user(user).put(f"/api/v1/proposals/{proposal.pk}/ballot/", body, format="json")


@pytest.fixture
def orgs(representative_factory, organisation_factory):
    """Four representatives of four organisations: a (weight 3), b, c, d."""
    return [
        representative_factory(organisation=organisation_factory(name=name, weight=weight))
        for name, weight in (("Alpha", 3), ("Beta", 1), ("Gamma", 2), ("Delta", 1))
    ]


# --- the procedure's flags ---------------------------------------------------------


def test_split_ballots_with_a_secret_ballot_are_refused(procedure_factory):
    procedure = procedure_factory.build(split_ballots_allowed=True, secret_ballot=True)
    with pytest.raises(ValidationError) as refused:
        procedure.full_clean()
    assert "split_ballots_allowed" in refused.value.message_dict


def test_the_admin_form_refuses_split_with_secret(client, secretariat_factory):
    client.force_login(secretariat_factory(is_superuser=True))
    response = client.post(
        "/admin/proposals/procedure/add/",
        {
            "name": "Split and secret",
            "min_consultation_days": 14,
            "voting_days": 7,
            "quorum_percent": 50,
            "majority": "simple",
            "secret_ballot": "on",
            "split_ballots_allowed": "on",
            "max_mandates_per_proxy": 1,
            "board_approvals_required": 1,
            "languages": '["en"]',
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "cannot be combined with a secret ballot" in response.content.decode()
    assert not Procedure.objects.filter(name="Split and secret").exists()


def test_the_procedure_serializer_refuses_split_with_secret():
    from proposals.api import ProcedureOutput

    data = ProcedureOutput(data={"name": "X", "secret_ballot": True, "split_ballots_allowed": True})
    assert not data.is_valid()
    assert "split_ballots_allowed" in data.errors


def test_the_flags_are_frozen_when_the_vote_opens(voting_proposal):
    proposal = voting_proposal(**{**FLAGS, "max_mandates_per_proxy": 3})
    Procedure.objects.filter(pk=proposal.procedure_id).update(
        proxies_allowed=False, split_ballots_allowed=False, max_mandates_per_proxy=1
    )
    voting_round = VotingRound.objects.get(proposal=proposal)
    assert (voting_round.proxies_allowed, voting_round.split_allowed) == (True, True)
    assert voting_round.max_mandates_per_proxy == 3


# --- mandates ----------------------------------------------------------------------


def test_a_mandate_is_given_seen_by_both_and_the_secretariat_only(
    api, voting_proposal, orgs, secretariat
):
    alpha, beta, gamma, _delta = orgs
    proposal = voting_proposal(**FLAGS)

    response = _mandate(api, alpha, proposal, beta.organisation)

    assert response.status_code == 201
    body = response.json()
    assert (body["mandator"], body["proxy"]) == (alpha.organisation_id, beta.organisation_id)
    assert body["revoked_at"] is None and body["used"] is False
    url = f"/api/v1/proposals/{proposal.pk}/mandates/"
    for viewer in (alpha, beta, secretariat):
        assert [m["id"] for m in api.as_user(viewer).get(url).json()] == [body["id"]]
    assert api.as_user(gamma).get(url).json() == []


@pytest.mark.parametrize(
    "case, rule",
    [
        ("oneself", "cannot mandate itself"),
        ("ineligible", "must be an eligible organisation"),
        ("chain_proxy_mandated", "do not chain"),
        ("chain_mandator_holds", "do not chain"),
        ("over_the_maximum", "the most this procedure allows"),
        ("second_mandate", "already mandated"),
    ],
)
def test_bad_mandates_are_400_naming_the_rule(
    api, voting_proposal, orgs, organisation_factory, case, rule
):
    alpha, beta, gamma, delta = orgs
    proposal = voting_proposal(**FLAGS)
    giver, target = alpha, beta.organisation
    if case == "oneself":
        target = alpha.organisation
    elif case == "ineligible":
        target = organisation_factory(name="No representative")
    elif case == "chain_proxy_mandated":  # Beta has mandated Gamma: Beta cannot be a proxy
        assert _mandate(api, beta, proposal, gamma.organisation).status_code == 201
    elif case == "chain_mandator_holds":  # Alpha holds Delta's mandate: it cannot give one
        assert _mandate(api, delta, proposal, alpha.organisation).status_code == 201
    elif case == "over_the_maximum":  # Beta already votes for Gamma (maximum 1)
        assert _mandate(api, gamma, proposal, beta.organisation).status_code == 201
    elif case == "second_mandate":
        assert _mandate(api, alpha, proposal, delta.organisation).status_code == 201
    before = Mandate.objects.count()

    response = _mandate(api, giver, proposal, target)

    assert response.status_code == 400, response.json()
    assert rule in " ".join(response.json()["errors"]["proxy"])
    assert Mandate.objects.count() == before


def test_mandates_need_the_flag_and_revision_or_voting(
    api, voting_proposal, proposal_factory, orgs
):
    alpha, beta, *_ = orgs
    without = voting_proposal()
    response = _mandate(api, alpha, without, beta.organisation)
    assert response.status_code == 409 and response.json()["code"] == "proxies_not_allowed"
    draft = proposal_factory(procedure=without.procedure)
    Procedure.objects.filter(pk=without.procedure_id).update(proxies_allowed=True)
    response = _mandate(api, alpha, draft, beta.organisation)
    assert response.status_code in (404, 409)  # a draft is not even visible to members


def test_a_mandate_given_in_revision_is_used_in_the_vote(
    api, run, proposal_factory, section_factory, procedure_factory, orgs
):
    alpha, beta, *_ = orgs
    proposal = proposal_factory(procedure=procedure_factory(**FLAGS))
    section_factory(proposal=proposal)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    assert _mandate(api, alpha, proposal, beta.organisation).status_code == 201
    run(proposal, "open_vote", chair)

    response = _put(api, beta, proposal, choice="no", organisation=alpha.organisation_id)

    assert response.status_code == 200
    assert response.json()["weight"] == 3 and response.json()["by_proxy"] == "Beta"


def test_the_proxy_casts_a_separate_ballot_with_its_own_receipt(api, voting_proposal, orgs):
    alpha, beta, *_ = orgs
    proposal = voting_proposal(**FLAGS)
    _mandate(api, alpha, proposal, beta.organisation)

    own = _put(api, beta, proposal, choice="yes").json()
    for_alpha = _put(api, beta, proposal, choice="no", organisation=alpha.organisation_id)

    assert for_alpha.status_code == 200
    body = for_alpha.json()
    assert body["organisation"] == "Alpha" and body["weight"] == 3
    assert body["by_proxy"] == "Beta" and body["receipt"] != own["receipt"]
    assert own["organisation"] == "Beta" and own["by_proxy"] is None
    seen = api.as_user(beta).get(
        f"/api/v1/proposals/{proposal.pk}/ballot/?organisation={alpha.organisation_id}"
    )
    assert seen.status_code == 200 and seen.json() == body
    # The mandator sees the ballot cast for it; the mandate is used: no revoking now.
    assert api.as_user(alpha).get(f"/api/v1/proposals/{proposal.pk}/ballot/").json() == body
    mandate = Mandate.objects.get()
    revoke = api.as_user(alpha).delete(f"/api/v1/mandates/{mandate.pk}/")
    assert revoke.status_code == 409 and revoke.json()["code"] == "mandate_used"
    assert Mandate.objects.get().revoked_at is None


def test_casting_for_an_organisation_without_a_mandate_is_403(api, voting_proposal, orgs):
    alpha, beta, gamma, _ = orgs
    proposal = voting_proposal(**FLAGS)
    _mandate(api, alpha, proposal, beta.organisation)

    response = _put(api, gamma, proposal, choice="yes", organisation=alpha.organisation_id)

    assert response.status_code == 403
    assert "no mandate from Alpha" in response.json()["detail"]
    assert not Ballot.objects.exists() and not BallotCast.objects.exists()
    assert Mandate.objects.get().used_at is None
    other = api.as_user(gamma).get(
        f"/api/v1/proposals/{proposal.pk}/ballot/?organisation={alpha.organisation_id}"
    )
    assert other.status_code == 404
    assert _put(api, gamma, proposal, choice="yes", organisation=999999).status_code == 403


def test_revoked_mandate_refuses_the_proxy(api, voting_proposal, orgs):
    alpha, beta, *_ = orgs
    proposal = voting_proposal(**FLAGS)
    mandate_id = _mandate(api, alpha, proposal, beta.organisation).json()["id"]
    assert api.as_user(beta).delete(f"/api/v1/mandates/{mandate_id}/").status_code == 403

    revoked = api.as_user(alpha).delete(f"/api/v1/mandates/{mandate_id}/")

    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    response = _put(api, beta, proposal, choice="yes", organisation=alpha.organisation_id)
    assert response.status_code == 403
    again = api.as_user(alpha).delete(f"/api/v1/mandates/{mandate_id}/")
    assert again.status_code == 409
    # A new mandate may be given once the old one is revoked.
    assert _mandate(api, alpha, proposal, beta.organisation).status_code == 201


def test_the_mandators_own_cast_revokes_and_outweighs_the_proxys(api, voting_proposal, orgs):
    alpha, beta, *_ = orgs
    proposal = voting_proposal(**FLAGS)
    _mandate(api, alpha, proposal, beta.organisation)
    by_proxy = _put(api, beta, proposal, choice="no", organisation=alpha.organisation_id).json()

    own = _put(api, alpha, proposal, choice="yes").json()

    assert own["by_proxy"] is None
    ballot = Ballot.objects.get(organisation=alpha.organisation)
    assert (ballot.choice, ballot.by_proxy_id, ballot.receipt) == ("yes", None, own["receipt"])
    history = list(
        BallotCast.objects.filter(organisation=alpha.organisation).values_list(
            "choice", "by_proxy_id", "receipt"
        )
    )
    assert history == [
        ("no", beta.organisation_id, by_proxy["receipt"]),
        ("yes", None, own["receipt"]),
    ]
    mandate = Mandate.objects.get()
    assert mandate.revoked_at is not None and mandate.revoked_by == alpha
    # The proxy can no longer cast for Alpha, nor see Alpha's own ballot.
    assert (
        _put(api, beta, proposal, choice="no", organisation=alpha.organisation_id).status_code
        == 403
    )
    seen = api.as_user(beta).get(
        f"/api/v1/proposals/{proposal.pk}/ballot/?organisation={alpha.organisation_id}"
    )
    assert seen.status_code == 404


# --- split ballots -----------------------------------------------------------------


def test_a_split_ballot_is_stored_tallied_and_published(api, voting_proposal, orgs, run, capsys):
    alpha, beta, gamma, delta = orgs
    proposal = voting_proposal(**FLAGS, quorum_percent=10)
    _mandate(api, gamma, proposal, delta.organisation)

    split = _put(api, alpha, proposal, split={"yes": 2, "no": 0, "abstain": 1})
    _put(api, beta, proposal, choice="no")
    _put(api, delta, proposal, choice="yes", organisation=gamma.organisation_id)
    _put(api, delta, proposal, choice="abstain")

    assert split.status_code == 200, split.json()
    assert split.json()["choice"] == "split"
    assert split.json()["split"] == {"yes": 2, "no": 0, "abstain": 1}
    run(proposal, "close_vote", proposal.working_group.chair)
    voting_round = VotingRound.objects.get(proposal=proposal)
    assert (voting_round.yes, voting_round.no, voting_round.abstain) == (4, 1, 2)
    results = api.as_user(beta).get(f"/api/v1/proposals/{proposal.pk}/results/").json()
    receipt = {r["receipt"]: r for r in results["receipts"]}[split.json()["receipt"]]
    assert receipt["split"] == {"yes": 2, "no": 0, "abstain": 1}
    ballots = {b["organisation"]: b for b in results["ballots"]}
    assert ballots["Alpha"]["split"] == {"yes": 2, "no": 0, "abstain": 1}
    assert ballots["Gamma"]["by_proxy"] == "Delta" and ballots["Beta"]["by_proxy"] is None
    call_command("verify_results")
    out = capsys.readouterr().out
    assert "yes 4 no 1 abstain 2" in out and "(1 split, 1 by proxy)" in out
    assert "0 difference(s)" in out
    # A tampered split is found by the recount.
    Ballot.objects.filter(choice="split").update(split_yes=1, split_abstain=2)
    with pytest.raises(SystemExit):
        call_command("verify_results")
    assert "1 difference(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "split, message",
    [
        ({"yes": 1, "no": 1, "abstain": 0}, "must add up to the weight, 3 votes"),
        ({"yes": 4, "no": -1, "abstain": 0}, "greater than or equal to 0"),
        ({"yes": 1.5, "no": 1.5, "abstain": 0}, "valid integer"),
        ({"yes": 3, "no": 0}, "required"),
    ],
)
def test_bad_splits_are_400_nothing_saved(api, voting_proposal, orgs, split, message):
    proposal = voting_proposal(**FLAGS)
    response = _put(api, orgs[0], proposal, split=split)
    assert response.status_code == 400
    assert message in str(response.json()["errors"]["split"])
    assert not Ballot.objects.exists() and not BallotCast.objects.exists()


def test_a_split_where_not_allowed_is_400(api, voting_proposal, orgs):
    proposal = voting_proposal(proxies_allowed=True)
    response = _put(api, orgs[0], proposal, split={"yes": 3, "no": 0, "abstain": 0})
    assert response.status_code == 400
    assert "not allowed" in str(response.json()["errors"]["split"])
    assert not Ballot.objects.exists()


def test_a_split_by_proxy_adds_up_to_the_mandators_weight(api, voting_proposal, orgs):
    alpha, beta, *_ = orgs
    proposal = voting_proposal(**FLAGS)
    _mandate(api, alpha, proposal, beta.organisation)
    wrong = _put(
        api,
        beta,
        proposal,
        split={"yes": 1, "no": 0, "abstain": 0},
        organisation=alpha.organisation_id,
    )
    assert wrong.status_code == 400 and Mandate.objects.get().used_at is None
    right = _put(
        api,
        beta,
        proposal,
        split={"yes": 1, "no": 2, "abstain": 0},
        organisation=alpha.organisation_id,
    )
    assert right.status_code == 200 and right.json()["weight"] == 3
