"""Template helpers of the web UI: deadlines in the user's time zone, state badges, roles.

Loaded with ``{% load plenum %}``. Nothing here decides a rule: role filters
call the ``members.rules`` predicates the server enforces.
"""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

from config.drafts import writer_input
from config.formats import date_format
from config.once import FIELD, once_token_new
from members.rules import is_representative, is_secretariat

register = template.Library()

#: Under this much time left a deadline is shown as urgent.
URGENT = timedelta(hours=48)


def _when(value: datetime) -> str:
    """``1 Dec 2026, 23:05 CET`` (``1er décembre 2026 à 23:05 CET`` in French)."""
    local = timezone.localtime(value)
    return "{} {}".format(date_format(local, "DATETIME_FORMAT"), local.strftime("%Z"))


@register.simple_tag
def deadline(value: datetime | None, verb: str = "closes"):
    """``5 May 2026, 17:00 CEST · closes in 3 days`` as a ``<time>`` element.

    ``verb`` is ``closes`` (default) or ``due``; past deadlines read "closed …
    ago". The date is in the active time zone (the user's, see
    ``members.middleware``).
    """
    if value is None:
        return format_html('<span class="muted">{}</span>', _("no deadline set"))
    now = timezone.now()
    if value > now:
        # Two units: 9 days 23 hours left is "1 week, 2 days", not "1 week".
        delta = timeuntil(value, now, depth=2)
        relative = _("closes in %(delta)s") % {"delta": delta}
        css = "deadline urgent" if value - now <= URGENT else "deadline"
    else:
        delta = timesince(value, now, depth=2)
        relative = _("closed %(delta)s ago") % {"delta": delta}
        css = "deadline past"
    return format_html(
        '<span class="{}"><time datetime="{}">{}</time> <span class="rel">· {}</span></span>',
        css,
        value.isoformat(),
        _when(value),
        relative,
    )


@register.filter
def when(value: datetime | None) -> str:
    """A date and time in the user's time zone, with the zone's abbreviation."""
    return _when(value) if value else ""


@register.filter
def day(value, format: str = "DATE_FORMAT") -> str:
    """A date as ``|date`` prints it, with "1er" for the first of the month in French.

    ``{{ paper.published_at|day }}`` reads ``1 Dec 2026`` / ``1er décembre 2026``.
    """
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_format(value, format)


@register.simple_tag
def state_badge(proposal_or_state, label: str | None = None):
    state = getattr(proposal_or_state, "state", proposal_or_state)
    if label is None:
        display = getattr(proposal_or_state, "get_state_display", None)
        if display is not None:
            label = display()
        else:
            from proposals.models import ProposalState

            label = dict(ProposalState.choices).get(state, state)
    return format_html('<span class="badge {}">{}</span>', state, label)


@register.filter
def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and is_secretariat(user))


@register.filter
def represents(user) -> bool:
    return bool(user.is_authenticated and is_representative(user))


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dictionaries built by the views."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def once_token(context):
    """The hidden one-time token of a state-changing form (``config.once.acts_once``):
    a second post of the same rendering (a double click) does not act again. Beside
    it, whom the form is shown to (``config.drafts.writer_input``): a text sent after
    the session ended is kept for that person only."""
    request = context.get("request")
    writer = writer_input(request.user) if request is not None else ""
    token = format_html('<input type="hidden" name="{}" value="{}">', FIELD, once_token_new())
    return format_html("{}{}", token, writer)


@register.simple_tag
def network_contact() -> str:
    """The network's contact address (its profile), for pages that say "write to us"; blank
    when the secretariat has not set one."""
    from members.models import Network

    return Network.objects.get_solo().email
