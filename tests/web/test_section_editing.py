"""Editing sections and the proposal: saves, conflicts that lose nothing, refusals."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Section
from proposals.templatetags.plenum import when
from tests.web.conftest import messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(drafted):
    return drafted.sections.get()


def test_member_saves_a_section(page, drafted, section):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    client = page(drafted.working_group.chair)

    form = client.get(url)
    response = client.post(
        url,
        {"heading": "Why it matters", "body": "New text.", "revision": section.revision},
        follow=True,
    )

    assert f'name="revision" value="{section.revision}"' in form.content.decode()
    section.refresh_from_db()
    assert section.body == "New text." and section.revision == 2
    assert "Section “Why it matters” saved." in messages_of(response)


def test_edit_conflict_keeps_both_texts(page, drafted, section, user_factory):
    """Two editors open revision 1; the second to save sees theirs and keeps their own."""
    other = user_factory()
    drafted.working_group.members.add(other)
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    page(other).post(
        url, {"heading": "Why it matters", "body": "THEIR careful wording.", "revision": 1}
    )

    response = page(drafted.working_group.chair).post(
        url, {"heading": "Why it matters", "body": "MY late-night wording.", "revision": 1}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this section since you opened it." in html
    assert "THEIR careful wording." in html
    assert "MY late-night wording." in html
    assert 'name="revision" value="2"' in html  # saving again is made knowing their text
    section.refresh_from_db()
    assert section.body == "THEIR careful wording."


def test_after_a_conflict_saving_again_keeps_the_merged_text(page, drafted, section):
    url = reverse("section-edit", args=[drafted.pk, section.pk])
    Section.objects.filter(pk=section.pk).update(body="Theirs.", revision=2)

    response = page(drafted.working_group.chair).post(
        url, {"heading": "Merged", "body": "Theirs, and mine.", "revision": 2}
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.heading, section.body, section.revision) == ("Merged", "Theirs, and mine.", 3)


def test_outsider_cannot_edit(page, in_consultation, representative):
    section = in_consultation.sections.get()
    url = reverse("section-edit", args=[in_consultation.pk, section.pk])

    assert page(representative).get(url).status_code == 403
    assert (
        page(representative).post(url, {"heading": "x", "body": "y", "revision": 1}).status_code
        == 403
    )


def test_text_cannot_change_during_consultation(page, in_consultation):
    section = in_consultation.sections.get()
    url = reverse("section-edit", args=[in_consultation.pk, section.pk])
    client = page(in_consultation.working_group.chair)

    shown = client.get(url, follow=True)
    posted = client.post(url, {"heading": "x", "body": "y", "revision": 1}, follow=True)

    assert "can only be edited in draft or revision" in " ".join(messages_of(shown))
    assert "can only be edited in draft or revision" in " ".join(messages_of(posted))
    section.refresh_from_db()
    assert section.body != "y"


def test_a_missing_revision_is_a_form_error_not_a_500(page, drafted, section):
    response = page(drafted.working_group.chair).post(
        reverse("section-edit", args=[drafted.pk, section.pk]), {"heading": "x", "body": "y"}
    )

    assert response.status_code == 200
    assert "The form was incomplete" in response.content.decode()


def test_member_adds_a_section_before_another(page, drafted, section):
    response = page(drafted.working_group.chair).post(
        reverse("section-add", args=[drafted.pk]),
        {"heading": "Introduction", "body": "Opening words.", "position": 1},
        follow=True,
    )

    assert "Section “Introduction” added." in messages_of(response)
    assert list(drafted.sections.order_by("position").values_list("heading", flat=True)) == [
        "Introduction",
        "Why it matters",
    ]


def test_member_deletes_a_section_after_confirming(page, drafted, section):
    url = reverse("section-delete", args=[drafted.pk, section.pk])
    client = page(drafted.working_group.chair)

    confirm = client.get(url)
    client.post(url)

    assert "Delete “Why it matters”?" in confirm.content.decode()
    assert not drafted.sections.exists()


def test_script_in_markdown_is_shown_inert(page, drafted, section):
    Section.objects.filter(pk=section.pk).update(
        body="<script>alert(1)</script> [x](javascript:alert(2))"
    )

    html = page(drafted.working_group.chair).get(drafted.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "javascript:alert" not in html


def test_deadline_is_read_in_the_users_time_zone(page, drafted):
    chair = drafted.working_group.chair
    chair.timezone = "America/New_York"
    chair.save()
    local = timezone.now().astimezone(timezone.get_fixed_timezone(0)) + timedelta(days=30)
    typed = local.strftime("%Y-%m-%dT09:00")

    response = page(chair).post(
        reverse("proposal-edit", args=[drafted.pk]),
        {"title": drafted.title, "summary": drafted.summary, "consultation_closes_at": typed},
    )

    assert response.status_code == 302
    drafted.refresh_from_db()
    import zoneinfo

    shown = drafted.consultation_closes_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert shown.strftime("%Y-%m-%dT%H:%M") == typed
    form = page(chair).get(reverse("proposal-edit", args=[drafted.pk])).content.decode()
    assert f'value="{typed}"' in form
    assert "In your time zone (America/New_York)" in form


def test_a_deadline_too_close_is_a_field_error(page, drafted):
    soon = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = page(drafted.working_group.chair).post(
        reverse("proposal-edit", args=[drafted.pk]),
        {"title": drafted.title, "summary": drafted.summary, "consultation_closes_at": soon},
    )

    assert response.status_code == 200
    assert "The consultation must last at least 14 days" in response.content.decode()


def test_during_consultation_only_the_deadline_can_move(page, in_consultation):
    client = page(in_consultation.working_group.chair)
    url = reverse("proposal-edit", args=[in_consultation.pk])
    later = in_consultation.consultation_closes_at + timedelta(days=3)

    form = client.get(url).content.decode()
    client.post(
        url,
        {
            "consultation_closes_at": timezone.localtime(later).strftime("%Y-%m-%dT%H:%M"),
            "title": "Hacked",
        },
    )

    assert 'name="title"' not in form
    in_consultation.refresh_from_db()
    assert in_consultation.title != "Hacked"
    assert in_consultation.consultation_closes_at > later - timedelta(minutes=1)


def test_the_proposal_edited_in_two_tabs_shows_both_texts_and_keeps_theirs(page, drafted):
    """Tab 1 saves a new summary; tab 2, opened before, changes the title only and must
    not write its old summary back, then changes the summary too: a conflict, both shown."""
    url = reverse("proposal-edit", args=[drafted.pk])
    chair = page(drafted.working_group.chair)
    shown = {"initial-title": drafted.title, "initial-summary": drafted.summary}
    chair.post(url, {**shown, "title": drafted.title, "summary": "THEIR new summary."})

    title_only = chair.post(url, {**shown, "title": "My better title", "summary": drafted.summary})

    assert title_only.status_code == 302
    drafted.refresh_from_db()
    assert (drafted.title, drafted.summary) == ("My better title", "THEIR new summary.")

    both = chair.post(url, {**shown, "title": drafted.title, "summary": "MY late-night summary."})

    html = both.content.decode()
    assert both.status_code == 409
    assert "Someone else saved this proposal since you opened it." in html
    assert "THEIR new summary." in html and "MY late-night summary." in html
    assert 'name="initial-summary" value="THEIR new summary."' in html
    drafted.refresh_from_db()
    assert drafted.summary == "THEIR new summary."

    again = chair.post(
        url,
        {
            "initial-title": drafted.title,
            "initial-summary": "THEIR new summary.",
            "title": drafted.title,
            "summary": "Merged: theirs and mine.",
        },
    )
    assert again.status_code == 302
    drafted.refresh_from_db()
    assert drafted.summary == "Merged: theirs and mine."


def test_the_proposal_page_carries_the_text_it_showed(page, drafted):
    html = (
        page(drafted.working_group.chair)
        .get(reverse("proposal-edit", args=[drafted.pk]))
        .content.decode()
    )

    assert f'name="initial-title" value="{drafted.title}"' in html


# --- two tabs: every field of the proposal form is checked ---------------------------------


def _form_of(html: str) -> dict:
    """What the browser would send for the edit form as the page shows it: every input's
    value (the hidden copies of what it showed, ``initial-…``, among them) and textarea."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) not in ("csrfmiddlewaretoken", "once", "writer"):
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = unescape(text).removeprefix("\n")
    return fields


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


_FAR = timezone.now() + timedelta(days=30)
#: field → (the value tab 1 saves, the value tab 2 types)
CHANGES = {
    "title": ("THEIR title", "MY title"),
    "summary": ("THEIR summary.", "MY summary."),
    "consultation_closes_at": (_local(_FAR), _local(_FAR + timedelta(days=5))),
}


def _tab_opened_before_a_save(page, drafted, name):
    """Tab 2 shows the edit form; then tab 1 saves ``name``'s first value of ``CHANGES``.
    The address, the chair's client and the form tab 2 would send."""
    url = reverse("proposal-edit", args=[drafted.pk])
    chair = page(drafted.working_group.chair)
    tab2 = _form_of(chair.get(url).content.decode())
    saved = chair.post(url, {**_form_of(chair.get(url).content.decode()), name: CHANGES[name][0]})
    assert saved.status_code == 302
    return url, chair, tab2


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_field_saved_in_another_tab_is_never_written_back(page, drafted, name):
    """Tab 2 was opened before tab 1 saved ``name``; tab 2 then changes another field
    only: tab 1's value stays."""
    url, chair, tab2 = _tab_opened_before_a_save(page, drafted, name)
    theirs, _mine = CHANGES[name]
    other = next(n for n in CHANGES if n != name)

    response = chair.post(url, {**tab2, other: CHANGES[other][1]})

    assert response.status_code == 302
    edit = _form_of(chair.get(url).content.decode())
    assert edit[name] == theirs and edit[other] == CHANGES[other][1]


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_field_both_tabs_changed_is_a_conflict_showing_both(page, drafted, name):
    url, chair, tab2 = _tab_opened_before_a_save(page, drafted, name)
    theirs, mine = CHANGES[name]

    response = chair.post(url, {**tab2, name: mine})

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this proposal since you opened it." in html
    shown = _form_of(html)
    assert shown[name] == mine  # mine in the form
    assert shown[f"initial-{name}"] == theirs  # theirs the base of the next save
    if name == "consultation_closes_at":  # theirs, as a date in the user's zone
        drafted.refresh_from_db()
        assert when(drafted.consultation_closes_at) in html
    else:
        assert f">{theirs}</textarea>" in html
    drafted.refresh_from_db()
    assert _form_of(chair.get(url).content.decode())[name] == theirs  # nothing overwritten
    # Saving again from the conflict page, knowing theirs, saves mine.
    assert chair.post(url, shown).status_code == 302
    assert _form_of(chair.get(url).content.decode())[name] == mine


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_same_change_made_in_two_tabs_is_no_conflict(page, drafted, name):
    url, chair, tab2 = _tab_opened_before_a_save(page, drafted, name)
    theirs, _mine = CHANGES[name]

    response = chair.post(url, {**tab2, name: theirs})

    assert response.status_code == 302


def test_the_deadline_moved_in_two_tabs_during_consultation_is_a_conflict(page, in_consultation):
    """The form with the deadline only (consultation): a later deadline set meanwhile is
    not replaced by another tab's without the chair seeing it."""
    url = reverse("proposal-edit", args=[in_consultation.pk])
    chair = page(in_consultation.working_group.chair)
    tab2 = _form_of(chair.get(url).content.decode())
    later = in_consultation.consultation_closes_at + timedelta(days=3)
    chair.post(
        url, {**_form_of(chair.get(url).content.decode()), "consultation_closes_at": _local(later)}
    )

    response = chair.post(
        url, {**tab2, "consultation_closes_at": _local(later + timedelta(days=1))}
    )

    assert response.status_code == 409
    in_consultation.refresh_from_db()
    assert _local(in_consultation.consultation_closes_at) == _local(later)
