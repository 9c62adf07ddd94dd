"""consultations.hide_comment: the secretariat, once per comment."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.conflict import Conflict
from consultations.services import comment_hide
from members.rules import rules_enforce

pytestmark = pytest.mark.django_db

PERM = "consultations.hide_comment"


def test_only_the_secretariat_hides(comment, secretariat, representative, board_member, chair):
    assert rules.has_perm(PERM, secretariat, comment)
    for user in (representative, board_member, chair, comment.author):
        with pytest.raises(PermissionDenied, match="Only the secretariat hides comments."):
            rules_enforce(PERM, user, comment)


def test_a_hidden_comment_is_not_hidden_again(comment, secretariat):
    hidden = comment_hide(comment=comment, actor=secretariat, reason="Off topic.")

    with pytest.raises(Conflict) as refused:
        rules_enforce(PERM, secretariat, hidden)

    assert refused.value.detail.code == "already_hidden"


def test_only_the_secretariat_reads_why(secretariat, representative, board_member):
    assert rules.has_perm("consultations.view_hidden_reason", secretariat)
    assert not rules.has_perm("consultations.view_hidden_reason", representative)
    assert not rules.has_perm("consultations.view_hidden_reason", board_member)
