"""Page tests: Django's test client, signed in as the person the page is for."""

import re

import pytest
from django.test import Client

from config.drafts import WRITER_FIELD, writer_input


@pytest.fixture
def page():
    """``page(user)`` → a Django test client signed in as ``user`` (``None``: anonymous)."""

    def _page(user=None, **defaults):
        client = Client(**defaults)
        if user is not None:
            client.force_login(user)
        return client

    return _page


@pytest.fixture
def chair(proposal):
    return proposal.working_group.chair


@pytest.fixture
def drafted(proposal, section_factory):
    """A draft ready to submit: title, summary, one section, a deadline far enough."""
    section_factory(proposal=proposal, heading="Why it matters")
    return proposal


@pytest.fixture
def in_consultation(drafted, run, chair):
    return run(drafted, "submit_for_consultation", chair)


@pytest.fixture
def in_voting(in_consultation, run, chair, representative_factory):
    """A proposal in voting, with three eligible organisations (reps[0..2])."""
    reps = representative_factory.create_batch(3)
    run(in_consultation, "close_consultation", chair)
    proposal = run(in_consultation, "open_vote", chair)
    proposal.reps = reps
    return proposal


def as_writer(user) -> dict:
    """The hidden field a form shown to ``user`` carries (``config.drafts.writer_input``)."""
    return {WRITER_FIELD: re.search(r'value="([^"]+)"', writer_input(user)).group(1)}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
