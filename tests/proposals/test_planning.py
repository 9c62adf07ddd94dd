"""Planning backwards from an EU deadline (SPEC §12), summer time included."""

from datetime import UTC, date, datetime

import pytest

from proposals.demo import PROCEDURES
from proposals.planning import eu_closes_at, plan

pytestmark = pytest.mark.django_db

EU_PROCEDURE = next(p for p in PROCEDURES if p["name"] == "Response to an EU consultation")
DAYS = {
    "min_consultation_days": EU_PROCEDURE["min_consultation_days"],  # 10
    "voting_days": EU_PROCEDURE["voting_days"],  # 5
    "board_review_days": EU_PROCEDURE["board_review_days"],  # 3
    "translation_days": EU_PROCEDURE["translation_days"],  # 4
}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ends(planned) -> dict:
    return {s["step"]: s["latest_end"].astimezone(UTC) for s in planned.steps}


def test_demo_procedure_days_are_the_ones_worked_out_here():
    assert DAYS == {
        "min_consultation_days": 10,
        "voting_days": 5,
        "board_review_days": 3,
        "translation_days": 4,
    }


def test_four_week_call_for_evidence_across_the_change_to_summer_time():
    # Opens Wednesday 10 March 2027, closes four weeks later, Wednesday 7 April 2027:
    # midnight at the end of that day in Brussels is 8 April 00:00 CEST = 7 April 22:00 UTC.
    closes = eu_closes_at(date(2027, 4, 7))
    assert closes.astimezone(UTC) == utc(2027, 4, 7, 22)
    drafted = utc(2027, 3, 10, 8)  # 09:00 CET on the day the call opens
    planned = plan(eu_closes=closes, days=DAYS, state="draft", now=drafted)

    assert ends(planned) == {
        "translations": utc(2027, 4, 7, 22),  # 8 April 00:00 CEST
        "board_review": utc(2027, 4, 3, 22),  # 4 April 00:00 CEST (4 days earlier)
        "vote": utc(2027, 3, 31, 22),  # 1 April 00:00 CEST (3 days earlier)
        # 5 days earlier, 27 March 00:00 is still winter time (the clocks go forward
        # on 28 March): 23:00 UTC, not 22:00.
        "consultation": utc(2027, 3, 26, 23),
    }
    # 10 + 5 + 3 + 4 = 22 days from 10 March 09:00 ends 1 April 09:00: it fits.
    assert planned.fits is True and planned.days_short == 0


def test_a_late_draft_across_the_end_of_summer_time_is_days_short():
    # Closes Thursday 5 November 2026: 6 November 00:00 CET = 5 November 23:00 UTC.
    closes = eu_closes_at(date(2026, 11, 5))
    now = utc(2026, 10, 20, 10)  # 12:00 CEST
    planned = plan(eu_closes=closes, days=DAYS, state="draft", now=now)

    assert ends(planned) == {
        "translations": utc(2026, 11, 5, 23),
        "board_review": utc(2026, 11, 1, 23),  # 2 November 00:00 CET
        "vote": utc(2026, 10, 29, 23),  # 30 October 00:00 CET
        "consultation": utc(2026, 10, 24, 22),  # 25 October 00:00, still CEST
    }
    # 20 Oct 12:00 + 22 days = 11 November 12:00 CET: 5.5 days after the EU closes.
    assert planned.fits is False and planned.days_short == 6


def test_a_vote_under_way_counts_from_its_deadline():
    closes = eu_closes_at(date(2026, 11, 5))
    planned = plan(
        eu_closes=closes,
        days=DAYS,
        state="voting",
        now=utc(2026, 10, 26, 9),
        vote_ends=utc(2026, 10, 30, 23),  # ends a day after the latest end of the vote
    )
    # 31 Oct 00:00 + 3 + 4 days = 7 Nov 00:00: one day short.
    assert planned.fits is False and planned.days_short == 1
