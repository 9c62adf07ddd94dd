"""Issue 14's page items 7, 8, 9 and 13 as the server renders them: European dates,
the state filter, the draft sentence, the error pages and favicon, a quiet log."""

import io
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from config.formats import date_format
from config.mail import ShortConsoleBackend
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

#: 23:05 in Brussels on the first of December (CET, UTC+1).
FIRST_OF_DECEMBER = datetime(2026, 12, 1, 22, 5, tzinfo=UTC)


# --- item 8: dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "DATE_FORMAT", "1 Dec 2026"),
        ("en", "DATETIME_FORMAT", "1 Dec 2026, 22:05"),
        ("fr", "DATE_FORMAT", "1er décembre 2026"),
        ("fr", "DATETIME_FORMAT", "1er décembre 2026 à 22:05"),
        ("fr", "l j F Y", "mardi 1er décembre 2026"),
        ("fr", r"\j\o\u\r j", "jour 1er"),
    ],
)
def test_dates_in_european_formats(language, fmt, expected):
    with translation.override(language):
        assert date_format(FIRST_OF_DECEMBER, fmt) == expected


def test_french_writes_1er_on_the_first_only():
    with translation.override("fr"):
        assert date_format(datetime(2026, 12, 2, tzinfo=UTC)) == "2 décembre 2026"
        assert date_format(datetime(2026, 12, 11, tzinfo=UTC)) == "11 décembre 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1 Dec 2026, 23:05 CET"), ("fr", "1er décembre 2026 à 23:05 CET")],
)
def test_when_filter_in_the_users_time_zone(language, expected):
    template = Template("{% load plenum %}{{ moment|when }}|{{ moment|day }}")
    with translation.override(language):
        when, day = template.render(Context({"moment": FIRST_OF_DECEMBER})).split("|")
    assert when == expected
    assert day == expected.split(",")[0].split(" à")[0]


def test_proposal_list_dates_read_the_european_way(page, proposal):
    chair = proposal.working_group.chair
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=FIRST_OF_DECEMBER)

    html = page(chair).get(reverse("proposal-list")).content.decode()
    chair.language = "fr"
    chair.save()
    html_fr = page(chair).get(reverse("proposal-list")).content.decode()

    assert "updated 1 Dec 2026, 23:05 CET" in html
    assert "Dec. 1" not in html and "p.m." not in html
    assert "1er décembre 2026 à 23:05 CET" in html_fr


def test_email_dates_say_1er_in_french():
    from zoneinfo import ZoneInfo

    from notifications.rendering import Moment

    assert Moment("fr", ZoneInfo("Europe/Brussels"))(FIRST_OF_DECEMBER) == (
        "mardi 1er décembre 2026 à 23:05 (Europe/Brussels)"
    )
    assert Moment("en", ZoneInfo("Europe/Brussels"))(FIRST_OF_DECEMBER) == (
        "Tuesday 1 December 2026, 23:05 (Europe/Brussels)"
    )


# --- item 9: drafts, error pages, favicon ------------------------------------------


def _state_options(html: str) -> list[str]:
    select = html.split('name="state"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('<option value="')[1:]]


def test_representative_is_not_offered_the_draft_filter(page, representative):
    options = _state_options(page(representative).get(reverse("proposal-list")).content.decode())

    assert "draft" not in options
    assert {"consultation", "voting", "published"} <= set(options)


@pytest.mark.parametrize("who", ["chair", "member", "board", "secretariat"])
def test_who_sees_drafts_is_offered_the_draft_filter(
    who, page, proposal, user_factory, board_member, secretariat
):
    group = proposal.working_group
    member = user_factory()
    group.members.add(member)
    user = {"chair": group.chair, "member": member, "board": board_member}.get(who, secretariat)

    options = _state_options(page(user).get(reverse("proposal-list")).content.decode())

    assert options[0] == "" and "draft" in options


def test_a_representative_asking_for_drafts_gets_an_empty_list(api, representative, proposal):
    response = api.as_user(representative).get("/api/v1/proposals/", {"state": "draft"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_create_form_says_who_sees_a_draft(page, proposal):
    html = page(proposal.working_group.chair).get(reverse("proposal-create")).content.decode()

    assert "only the working group, the board and the secretariat see it" in html


@pytest.mark.parametrize("user", [None, "representative"])
def test_404_is_the_styled_page(page, user, representative):
    client = page(representative if user else None)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist" in html
    assert "css/plenum.css" in html and 'class="topbar"' in html
    if user is None:
        assert reverse("papers-register") in html and reverse("login") in html


def test_every_page_links_the_favicon(page):
    from django.contrib.staticfiles import finders

    html = page().get(reverse("login")).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert Path(finders.find("favicon.svg")).read_text().startswith("<svg")


# --- item 13: a quiet log ------------------------------------------------------------


def test_a_system_transition_is_logged_by_the_system(caplog, drafted, run, chair):
    proposal = run(drafted, "submit_for_consultation", chair)

    with caplog.at_level(logging.INFO, logger="workflow.services"):
        run(proposal, "close_consultation", None)

    assert "consultation → revision by the system" in caplog.text
    assert "None" not in caplog.text


def test_harfbuzz_warning_is_shown_once(caplog):
    import papers.render  # noqa: F401  (installs the filter)

    weasyprint = logging.getLogger("weasyprint")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for family in ("Plenum Sans", "Plenum Serif", "Plenum Sans"):
            weasyprint.warning("Using fontTools instead of HarfBuzz-Subset for font %r.", family)
        weasyprint.warning("Another warning")

    messages = [r.getMessage() for r in caplog.records if r.name == "weasyprint"]
    assert sum("HarfBuzz" in m for m in messages) <= 1
    assert "Another warning" in messages


def test_demo_email_backend_prints_one_line_per_email():
    stream = io.StringIO()
    message = mail.EmailMultiAlternatives(
        "[Plenum] Consultation open", "A long body\n" * 40, to=["rep@example.org"]
    )
    message.attach_alternative("<p>" + "html " * 200 + "</p>", "text/html")

    assert ShortConsoleBackend(stream=stream).send_messages([message]) == 1
    assert stream.getvalue() == "email to rep@example.org: [Plenum] Consultation open\n"


def test_eager_celery_has_a_broker_url_kombu_does_not_warn_about(settings, caplog):
    from kombu import Connection

    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection(settings.CELERY_BROKER_URL)._info(resolve=False)

    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert "No hostname" not in caplog.text


def test_local_settings_keep_warnings_and_quiet_the_tasks():
    from config.settings import local

    assert local.LOGGING["root"]["level"] == "WARNING"
    assert local.LOGGING["loggers"]["celery"]["level"] == "WARNING"
    assert local.WHITENOISE_USE_FINDERS
    assert local.EMAIL_BACKEND == "config.mail.ShortConsoleBackend"
