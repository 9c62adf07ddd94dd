"""Planning backwards from an EU deadline (SPEC §12): pure functions, no queries.

Days are Brussels calendar days: a step's latest end is the EU closing time
minus whole days on the Brussels wall clock (``zoneinfo`` arithmetic keeps the
wall time), so a step that crosses a change to or from summer time still ends
at the same local hour.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")

#: The steps in the order they run, each with the procedure setting giving its days.
STEPS = (
    ("consultation", "min_consultation_days"),
    ("vote", "voting_days"),
    ("board_review", "board_review_days"),
    ("translations", "translation_days"),
)
#: The step a proposal in a state is at (states after approval have none left).
STATE_STEP = {
    "draft": "consultation",
    "revision": "consultation",
    "consultation": "consultation",
    "voting": "vote",
    "board_review": "board_review",
    "approved": "translations",
}


def eu_closes_at(closing_day: date) -> datetime:
    """24:00 Brussels time on ``closing_day``: 00:00 local of the next day."""
    return datetime.combine(closing_day + timedelta(days=1), time(0), tzinfo=BRUSSELS)


def closing_day(closes_at: datetime) -> date:
    """The portal's closing day of ``closes_at`` (``eu_closes_at``'s inverse): the
    Brussels day that ends then."""
    return (closes_at.astimezone(BRUSSELS) - timedelta(days=1)).date()


def brussels_days_before(moment: datetime, days: int) -> datetime:
    """``moment`` minus ``days`` Brussels calendar days (same local wall time)."""
    local = moment.astimezone(BRUSSELS)
    return (local - timedelta(days=days)).replace(tzinfo=BRUSSELS)


def brussels_days_after(moment: datetime, days: int) -> datetime:
    local = moment.astimezone(BRUSSELS)
    return (local + timedelta(days=days)).replace(tzinfo=BRUSSELS)


@dataclass(frozen=True)
class Plan:
    eu_closes_at: datetime
    fits: bool
    days_short: int
    #: ``[{"step", "latest_end"}]`` in the order the steps run.
    steps: list[dict]

    def latest_end(self, step: str) -> datetime:
        return next(s["latest_end"] for s in self.steps if s["step"] == step)

    def as_dict(self) -> dict:
        return {
            "eu_closes_at": self.eu_closes_at,
            "fits": self.fits,
            "days_short": self.days_short,
            "steps": self.steps,
        }


def plan(
    *,
    eu_closes: datetime,
    days: dict[str, int],
    state: str,
    now: datetime,
    consultation_ends: datetime | None = None,
    vote_ends: datetime | None = None,
) -> Plan:
    """The latest end of every step so that the translations end by ``eu_closes``,
    and whether the proposal, at ``state`` now, still makes it.

    ``days``: the procedure's days per setting (``min_consultation_days``, …).
    ``consultation_ends`` / ``vote_ends``: the deadlines already set, if any (a
    deadline set later than the earliest possible end counts as set).
    """
    latest: dict[str, datetime] = {}
    end = eu_closes
    for step, setting in reversed(STEPS):
        latest[step] = end.astimezone(BRUSSELS)
        end = brussels_days_before(end, days[setting])
    steps = [{"step": step, "latest_end": latest[step]} for step, _setting in STEPS]

    current = STATE_STEP.get(state)
    if current is None:  # published, rejected, withdrawn: nothing left to plan
        return Plan(eu_closes_at=eu_closes, fits=state == "published", days_short=0, steps=steps)
    # The earliest each remaining step can end, forwards from now.
    names = [step for step, _setting in STEPS]
    finish = now
    set_ends = {"consultation": consultation_ends, "vote": vote_ends}
    for step, setting in STEPS[names.index(current) :]:
        under_way = step == current and state not in ("draft", "revision")
        if not under_way:
            finish = brussels_days_after(finish, days[setting])
        if set_ends.get(step) is not None:
            finish = max(finish, set_ends[step])
    late = (finish - eu_closes).total_seconds()
    days_short = max(0, math.ceil(late / 86400))
    return Plan(eu_closes_at=eu_closes, fits=late <= 0, days_short=days_short, steps=steps)
