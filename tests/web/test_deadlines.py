"""A deadline reads as what is left, to the day: never rounded down to a week."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from proposals.templatetags.plenum import deadline

pytestmark = pytest.mark.django_db


def test_a_deadline_nearly_ten_days_off_does_not_read_one_week():
    html = deadline(timezone.now() + timedelta(days=9, hours=23, minutes=50))
    assert "closes in 1\xa0week, 2\xa0days" in html


def test_a_deadline_nearly_three_days_off_gives_the_hours():
    html = deadline(timezone.now() + timedelta(days=2, hours=23, minutes=50))
    assert "closes in 2\xa0days, 23\xa0hours" in html
    with override("fr"):
        html = deadline(timezone.now() + timedelta(days=2, hours=23, minutes=50))
    assert "clôture dans 2\xa0jours, 23\xa0heures" in html


def test_a_past_deadline_says_how_long_ago_in_two_units():
    html = deadline(timezone.now() - timedelta(days=1, hours=5, minutes=1))
    assert "closed 1\xa0day, 5\xa0hours ago" in html
