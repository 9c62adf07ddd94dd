"""``papers.view_paper``: anyone once public; else who sees the proposal (previews:
who sees previews); 409 until rendered."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db


def test_anyone_may_read_a_public_paper(paper_factory):
    paper = paper_factory(state="published")

    assert paper.is_public
    assert rules.has_perm("papers.view_paper", AnonymousUser(), paper)


def test_an_unpublished_paper_is_for_those_who_see_the_proposal(paper_factory, representative):
    paper = paper_factory(state="approved")

    assert not rules.has_perm("papers.view_paper", AnonymousUser(), paper)
    assert rules.has_perm("papers.view_paper", representative, paper)


def test_a_draft_s_preview_is_hidden_from_those_who_cannot_see_the_draft(
    paper_factory, user_factory, secretariat
):
    paper = paper_factory(state="draft", preview=True)

    with pytest.raises(PermissionDenied):
        rules_enforce("papers.view_paper", user_factory(), paper)
    rules_enforce("papers.view_paper", secretariat, paper)
    rules_enforce("papers.view_paper", paper.proposal.working_group.chair, paper)


def test_a_preview_is_never_public(paper_factory, representative, board_member):
    paper = paper_factory(state="published", preview=True)

    assert not paper.is_public
    assert not rules.has_perm("papers.view_paper", AnonymousUser(), paper)
    assert not rules.has_perm("papers.view_paper", representative, paper)
    assert rules.has_perm("papers.view_paper", board_member, paper)


@pytest.mark.parametrize("status", ["pending", "failed"])
def test_a_paper_not_rendered_is_a_conflict_for_participants(status, paper_factory, board_member):
    paper = paper_factory(state="approved", status=status, with_file=False)

    with pytest.raises(Conflict) as refused:
        rules_enforce("papers.view_paper", board_member, paper)
    assert refused.value.get_codes() == "paper_not_ready"
    assert "not rendered" in str(refused.value.detail)
    with pytest.raises(PermissionDenied):  # and simply not there for the public
        rules_enforce("papers.view_paper", AnonymousUser(), paper)
