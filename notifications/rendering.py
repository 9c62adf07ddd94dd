"""What an email says: its context, its rendering and the message built from it.

Each email is in the recipient's language (``en`` or ``fr``; anything else
falls back to English), with dates in the recipient's time zone. Templates:
``emails/<language>/<kind>.txt`` (its first line is the subject) and
``emails/<language>/<kind>.html``.
"""

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from config.formats import date_format
from members.models import User
from notifications.models import Notification, NotificationKind
from proposals.models import Proposal
from translations.selectors import translation_summaries
from voting.models import VotingRound
from voting.selectors import results_public, round_latest

Kind = NotificationKind

#: Languages the emails are written in; any other falls back to the first.
EMAIL_LANGUAGES = ("en", "fr")
#: How a date reads in each language (Django date format; names are translated).
DATETIME_FORMATS = {"en": "l j F Y, H:i", "fr": "l j F Y à H:i"}


def email_language(user: User) -> str:
    language = (user.language or "").lower()
    return language if language in EMAIL_LANGUAGES else EMAIL_LANGUAGES[0]


def user_timezone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def absolute(path: str) -> str:
    return settings.PLENUM_BASE_URL.rstrip("/") + path


@dataclass
class Moment:
    """A date as the recipient reads it."""

    language: str
    tz: zoneinfo.ZoneInfo

    def __call__(self, value: datetime | None) -> str:
        if value is None:
            return ""
        local = timezone.localtime(value, self.tz)
        with translation.override(self.language):
            text = date_format(local, DATETIME_FORMATS[self.language])
        return f"{text} ({self.tz.key})"

    def number(self, value, decimals: int = 2) -> str:
        if value is None:
            return ""
        with translation.override(self.language):
            return formats.number_format(value, decimals, use_l10n=True)


def _round_of(notification: Notification) -> VotingRound | None:
    if notification.voting_round_id:
        return notification.voting_round
    return round_latest(proposal_id=notification.proposal_id)


def _results(voting_round: VotingRound, moment: Moment) -> dict:
    """The published result (``voting.selectors.results_public`` decides what a secret
    ballot may show), with dates and numbers as the recipient reads them."""
    data = results_public(voting_round=voting_round)
    return {
        **data,
        "closed_at": moment(data["closed_at"]),
        "turnout": moment.number(data["turnout_percent"], 1),
        "ballots": data.get("ballots", []),
    }


def _published_papers(proposal: Proposal) -> list[dict]:
    names = dict(settings.PAPER_LANGUAGES)
    papers = proposal.papers.official_ready().of_latest_adoption().order_by("language")
    return [
        {
            "language": names.get(paper.language, paper.language),
            "code": paper.language,
            "link": absolute(reverse("paper-public", args=[proposal.reference, paper.language])),
            "pages": paper.pages,
        }
        for paper in papers
    ]


def email_context(notification: Notification) -> dict:
    """Everything the templates of ``notification.kind`` show, in the recipient's
    language and time zone."""
    user = notification.recipient
    proposal = notification.proposal
    language = email_language(user)
    moment = Moment(language=language, tz=user_timezone(user))
    context = {
        "kind": notification.kind,
        "name": user.display_name,
        "organisation": user.organisation.name if user.organisation_id else "",
        "reference": proposal.reference,
        "title": proposal.title,
        "summary": proposal.summary,
        "working_group": proposal.working_group.name,
        "proposal_link": absolute(proposal.get_absolute_url()),
        "link": absolute(proposal.get_absolute_url()),
        "network": settings.PLENUM_NETWORK_NAME,
        "profile_link": absolute(reverse("profile")),
        "deadline": "",
    }
    # The EU initiative it answers, named in reminders (SPEC §12).
    initiative = getattr(proposal, "eu_initiative", None)
    context["eu_initiative"] = initiative.title if initiative else ""
    context["eu_closes"] = moment(initiative.closes_at) if initiative else ""
    kind = notification.kind
    if kind == Kind.CONSULTATION_OPENED:
        context["deadline"] = moment(proposal.consultation_closes_at)
    elif kind == Kind.CONSULTATION_CLOSED:
        closing = notification.transition
        context["closed_at"] = moment(closing.at if closing else None)
        context["deadline"] = moment(proposal.consultation_closes_at)
        # a person closed it before the deadline (the chair); the sweep closes it at the deadline
        context["early"] = bool(closing and closing.actor_id)
        context["closed_by"] = closing.actor.display_name if context["early"] else ""
    elif kind == Kind.CONSULTATION_REMINDER:
        context["deadline"] = moment(notification.reminder.deadline)
    elif kind in (Kind.VOTE_OPENED, Kind.VOTE_REMINDER):
        voting_round = _round_of(notification)
        deadline = (
            notification.reminder.deadline
            if kind == Kind.VOTE_REMINDER
            else voting_round and voting_round.closes_at
        )
        context["deadline"] = moment(deadline)
        context["version"] = voting_round.version.number if voting_round else ""
        context["link"] = absolute(reverse("vote", args=[proposal.pk]))
    elif kind in (Kind.VOTE_RESULT, Kind.BOARD_REVIEW):
        voting_round = _round_of(notification)
        context["result"] = _results(voting_round, moment)
        if kind == Kind.BOARD_REVIEW:
            context["link"] = absolute(reverse("board"))
            context["approvals_required"] = proposal.procedure.board_approvals_required
        else:
            context["link"] = absolute(reverse("vote", args=[proposal.pk]))
    elif kind == Kind.PAPER_PUBLISHED:
        published_at = notification.transition.at if notification.transition_id else None
        context["published_at"] = moment(published_at)
        context["papers"] = _published_papers(proposal)
        context["register_link"] = absolute(reverse("papers-register"))
    elif kind == Kind.TRANSLATION_NEEDED:
        names = dict(settings.PAPER_LANGUAGES)
        context["translations"] = [
            {
                "name": names.get(row["language"], row["language"]),
                "status": row["status"],
                "link": absolute(reverse("translation-page", args=[proposal.pk, row["language"]])),
            }
            for row in translation_summaries(proposal=proposal)
            if row["status"] != "complete"
        ]
        context["link"] = (
            context["translations"][0]["link"] if context["translations"] else context["link"]
        )
    return context


_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))


#: Longest subject sent (SPEC §14: a title alone may have 300 characters).
SUBJECT_MAX = 300


def subject_cut(subject: str) -> str:
    """``subject`` on one line, at most ``SUBJECT_MAX`` characters: a longer one is
    cut at the last space that keeps at least half of it, and ends with "…"."""
    subject = " ".join(subject.split())
    if len(subject) <= SUBJECT_MAX:
        return subject
    cut = subject[: SUBJECT_MAX - 1]
    space = cut.rfind(" ")
    if space >= SUBJECT_MAX // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def email_render(notification: Notification) -> tuple[str, str, str]:
    """``(subject, plain text, html)`` of ``notification`` for its recipient."""
    language = email_language(notification.recipient)
    context = email_context(notification)
    with translation.override(language):
        text = _tidy(render_to_string(f"emails/{language}/{notification.kind}.txt", context))
        subject, _sep, body = text.partition("\n")
        subject = subject_cut(subject)
        html = render_to_string(
            f"emails/{language}/{notification.kind}.html", {**context, "subject": subject}
        )
    return subject, body.strip() + "\n", html


def email_build(notification: Notification, *, address: str) -> EmailMultiAlternatives:
    subject, text, html = email_render(notification)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={
            "X-Plenum-Notification": str(notification.pk),
            "Content-Language": email_language(notification.recipient),
        },
    )
    message.attach_alternative(html, "text/html")
    return message
