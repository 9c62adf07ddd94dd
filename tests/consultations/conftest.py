"""A proposal in consultation (or revision) with one three-paragraph section."""

import pytest

BODY = (
    "Member states should reserve contracts for work-integration social enterprises.\n\n"
    "Social clauses should be used in every contract above the EU thresholds.\n\n"
    "The Commission should publish guidance on socially responsible procurement."
)


@pytest.fixture
def consulting(proposal, section_factory, run):
    """The proposal, in consultation, with ``proposal.section`` (3 paragraphs)."""
    section = section_factory(proposal=proposal, heading="Reserved contracts", body=BODY)
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    proposal.refresh_from_db()
    proposal.section = section
    return proposal


@pytest.fixture
def revising(consulting, run):
    """The same proposal after the consultation closed: in revision."""
    run(consulting, "close_consultation", consulting.working_group.chair)
    consulting.refresh_from_db()
    return consulting


@pytest.fixture
def chair(proposal):
    return proposal.working_group.chair


@pytest.fixture
def post_amendment(api):
    """``post_amendment(user, proposal, **fields)``: POST an amendment, return the response."""

    def _post(user, proposal, **fields):
        body = {
            "section": proposal.section.pk,
            "kind": "replace",
            "paragraph": 1,
            "text": "Member states shall reserve at least 5% of contracts for WISEs.",
            "justification": "A figure makes the commitment measurable.",
            **fields,
        }
        return api.as_user(user).post(
            f"/api/v1/proposals/{proposal.pk}/amendments/", body, format="json"
        )

    return _post
