"""Emails: proposals moved along the real workflow, with the after-commit hooks run."""

from datetime import UTC, datetime

import pytest
from django.core import mail

#: A fixed consultation deadline far enough ahead for every guard: Friday 15 March
#: 2030, 16:00 UTC (17:00 in Brussels, 12:00 in Montreal, which is on summer time).
DEADLINE = datetime(2030, 3, 15, 16, 0, tzinfo=UTC)


@pytest.fixture
def outbox():
    """``outbox()``: the emails sent so far; ``outbox(to="a@b")``: those to one address."""

    def _outbox(to=None):
        return [m for m in mail.outbox if to is None or m.to == [to]]

    return _outbox


@pytest.fixture
def act(run, django_capture_on_commit_callbacks):
    """``act(proposal, name, actor, note="")``: a transition, then its after-commit
    hooks (the emails, sent eagerly). Plain ``run`` leaves the hooks unrun: the test
    transaction never commits."""

    def _act(proposal, name, actor, note=""):
        with django_capture_on_commit_callbacks(execute=True):
            return run(proposal, name, actor, note=note)

    return _act


@pytest.fixture
def network(representative_factory, organisation_factory, user_factory):
    """Three member organisations and who represents them, plus people who get no
    member emails: a representative of an inactive organisation, an inactive user,
    a person without an organisation."""
    orgs = organisation_factory.create_batch(3)
    people = {
        "ana": representative_factory(
            organisation=orgs[0], language="en", timezone="Europe/Brussels"
        ),
        "bruno": representative_factory(
            organisation=orgs[0], language="fr", timezone="America/Montreal"
        ),
        "carla": representative_factory(organisation=orgs[1], language="en", timezone="UTC"),
        "dario": representative_factory(
            organisation=orgs[2], language="fr", timezone="Europe/Paris"
        ),
    }
    people["sleeping"] = representative_factory(organisation=organisation_factory(active=False))
    people["gone"] = representative_factory(organisation=orgs[2], is_active=False)
    people["outsider"] = user_factory()
    return {"orgs": orgs, **people}


@pytest.fixture
def consultation(proposal_factory, procedure_factory, section_factory):
    """``consultation(**procedure_fields)``: a draft due to close at ``DEADLINE``."""

    def make(**procedure_fields):
        proposal = proposal_factory(
            procedure=procedure_factory(**procedure_fields),
            consultation_closes_at=DEADLINE,
            title="Reserved contracts for social enterprises",
        )
        section_factory(proposal=proposal)
        return proposal

    return make
