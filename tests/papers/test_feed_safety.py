"""The Atom feed carries the summary as the pages show it: sanitised HTML."""

import xml.etree.ElementTree as ET

import pytest

from proposals.models import Version

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = (
    "Fair **public** procurement.\n\n"
    "<script>alert('feed')</script>\n\n"
    '<img src="x.png" onerror="alert(1)">\n\n'
    '[click me](javascript:alert(2)) and <a href="javascript:alert(3)" onclick="alert(4)">here</a>'
)


def test_the_feed_summary_has_no_script_and_no_event_attribute(
    client, make_board_review, approve, publish, media_root
):
    proposal = publish(approve(make_board_review(title="Hostile summary")))
    Version.objects.filter(proposal=proposal).update(summary=HOSTILE)

    response = client.get("/papers/feed/")

    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    html = summary.text  # the HTML the reader will render
    assert "<strong>public</strong>" in html
    lowered = html.lower()
    assert "<script" not in lowered and "alert('feed')" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered


def test_a_control_character_pasted_into_a_published_title_keeps_the_feed_readable(
    client, make_board_review, approve, publish, media_root
):
    """Django's feed refuses XML's control characters (a 500); Word's soft line break
    (U+000B) pasted into a title or summary is one."""
    proposal = publish(approve(make_board_review(title="Reserved\x0bcontracts")))
    Version.objects.filter(proposal=proposal).update(summary="First line\x0bsecond\x07 line.")

    response = client.get("/papers/feed/")

    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.endswith("Reserved\ncontracts")
    assert "second line." in entry.find(f"{ATOM}summary").text
