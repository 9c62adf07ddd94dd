"""``translations.translate``: the working group, the secretariat and the translators
named for the language; not once the proposal is published, withdrawn or rejected."""

import pytest
import rules

from config.conflict import Conflict
from members.rules import rules_enforce
from proposals.models import Proposal
from translations.models import Translator
from translations.rules import TranslationTarget

pytestmark = pytest.mark.django_db


def may(user, proposal, language="fr") -> bool:
    return rules.has_perm("translations.translate", user, TranslationTarget(proposal, language))


def test_the_working_group_and_the_secretariat_translate(translated, secretariat, user_factory):
    member = user_factory()
    translated.working_group.members.add(member)
    assert may(translated.working_group.chair, translated)
    assert may(member, translated)
    assert may(secretariat, translated)


def test_a_named_translator_translates_their_language_only(translated, user_factory):
    translator = user_factory()
    Translator.objects.create(user=translator, language="de")
    assert may(translator, translated, "de")
    assert not may(translator, translated, "fr")


def test_a_representative_does_not(translated, representative):
    assert not may(representative, translated)


@pytest.mark.parametrize("state", ["published", "withdrawn", "rejected"])
def test_nobody_translates_a_closed_proposal_and_it_says_so(translated, state):
    Proposal.objects.filter(pk=translated.pk).update(state=state)
    translated.refresh_from_db()
    chair = translated.working_group.chair
    assert not may(chair, translated)
    with pytest.raises(Conflict) as refused:
        rules_enforce("translations.translate", chair, TranslationTarget(translated, "fr"))
    assert refused.value.get_codes() == "translation_closed"


@pytest.mark.parametrize(
    ("state", "shown"), [("rejected", False), ("withdrawn", False), ("voting", True)]
)
def test_the_proposal_page_lists_translations_only_while_a_paper_may_come(
    client, translated, secretariat, state, shown
):
    Proposal.objects.filter(pk=translated.pk).update(state=state)
    client.force_login(secretariat)
    page = client.get(f"/proposals/{translated.pk}/").content.decode()
    assert ("Not started" in page or "parts" in page or "Complete" in page) is shown
