"""Translators hear of an approved text to translate: an email once, and the dashboard."""

import pytest
from django.core import mail
from django.test import Client

from translations.models import Translator

pytestmark = pytest.mark.django_db


def test_approval_emails_the_working_group_and_the_named_translators(
    make_board_review, approve, media_root, user_factory
):
    german = user_factory(email="de@example.org")
    Translator.objects.create(user=german, language="de")
    italian = user_factory(email="it@example.org")
    Translator.objects.create(user=italian, language="it")  # not a language of this procedure
    proposal = make_board_review(languages=("en", "de"))
    mail.outbox.clear()
    approve(proposal, translate=False)

    sent = [m for m in mail.outbox if m.subject.startswith("Translation needed")]
    to = {m.to[0] for m in sent}
    assert german.email in to and proposal.working_group.chair.email in to
    assert italian.email not in to
    assert len(sent) == len(to)  # once each
    body = next(m for m in sent if m.to == [german.email]).body
    assert f"/proposals/{proposal.pk}/translations/de/" in body


def test_no_translation_email_for_a_procedure_in_one_language(
    make_board_review, approve, media_root
):
    proposal = make_board_review(languages=("en",))
    mail.outbox.clear()
    approve(proposal)
    assert not [m for m in mail.outbox if m.subject.startswith("Translation needed")]


def test_the_dashboard_lists_what_waits_for_a_translator(
    make_board_review, approve, media_root, user_factory
):
    german = user_factory()
    Translator.objects.create(user=german, language="de")
    proposal = approve(make_board_review(languages=("en", "fr", "de")), translate=False)
    client = Client()
    client.force_login(german)
    html = client.get("/").content.decode()
    assert "Translations to finish" in html
    assert f"/proposals/{proposal.pk}/translations/de/" in html
    assert f"/proposals/{proposal.pk}/translations/fr/" not in html  # not theirs
