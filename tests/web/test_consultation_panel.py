"""The proposal page's consultation panel when there is a lot to read: the page keeps
counts and links, the threads and amendments load a section at a time (the same
address serves htmx's partial and, without JavaScript, a page of its own)."""

import pytest
from django.urls import reverse

from consultations.models import Comment
from consultations.presenters import INLINE_AMENDMENTS, INLINE_COMMENTS, LATEST_GENERAL
from tests.web.conftest import messages_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def section(in_consultation):
    return in_consultation.sections.get()


def _comments(proposal, section, author, n: int, prefix="Thread") -> list[Comment]:
    return Comment.objects.bulk_create(
        Comment(
            proposal=proposal,
            section=section,
            author=author,
            organisation=author.organisation,
            body=f"{prefix} {i} on the target.",
        )
        for i in range(n)
    )


def test_a_section_with_many_comments_shows_its_count_and_a_link(
    page, in_consultation, section, representative
):
    _comments(in_consultation, section, representative, INLINE_COMMENTS + 2)
    url = reverse("section-comments", args=[in_consultation.pk, section.pk])

    html = page(representative).get(in_consultation.get_absolute_url()).content.decode()

    assert f"Comments: {INLINE_COMMENTS + 2} threads" in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="toggle once"' in html
    assert f'<a href="{url}">Read the {INLINE_COMMENTS + 2} comments on this section</a>' in html
    assert "Thread 0 on the target." not in html
    assert "Comment on this section" in html  # the form stays on the page


def test_a_section_with_few_comments_keeps_them_on_the_page(
    page, in_consultation, section, representative
):
    _comments(in_consultation, section, representative, INLINE_COMMENTS)

    html = page(representative).get(in_consultation.get_absolute_url()).content.decode()

    assert f"Thread {INLINE_COMMENTS - 1} on the target." in html
    assert reverse("section-comments", args=[in_consultation.pk, section.pk]) not in html


def test_the_threads_load_alone_for_htmx_and_in_the_layout_without_it(
    page, in_consultation, section, representative, representative_factory
):
    first, *_ = _comments(in_consultation, section, representative, INLINE_COMMENTS + 2)
    Comment.objects.create(
        proposal=in_consultation,
        section=section,
        parent=first,
        author=representative,
        body="A reply under the first thread.",
    )
    client = page(representative_factory())
    url = reverse("section-comments", args=[in_consultation.pk, section.pk])

    partial = client.get(url, **HTMX)
    full = client.get(url).content.decode()

    html = partial.content.decode()
    assert "<html" not in html and "HX-Request" in partial["Vary"]
    assert "Thread 0 on the target." in html and f"Thread {INLINE_COMMENTS + 1}" in html
    assert html.index("Thread 0 on") < html.index("A reply under the first thread.")
    assert "Post the reply" in html  # another organisation may reply, as on the page
    assert "<h1>Comments on “Why it matters”</h1>" in full and "Breadcrumbs" in full
    assert f'href="{in_consultation.get_absolute_url()}"' in full  # back to the proposal


def test_the_threads_come_fifty_a_page(page, in_consultation, section, representative):
    _comments(in_consultation, section, representative, 120)
    url = reverse("section-comments", args=[in_consultation.pk, section.pk])
    client = page(representative)

    first = client.get(url).content.decode()
    last = client.get(url, {"page": 3}).content.decode()

    assert first.count('<article class="comment') == 50 and "Page 1 of 3" in first
    assert f'href="{url}?page=2"' in first
    assert last.count('<article class="comment') == 20 and "Thread 119 on" in last


def test_a_hidden_comment_stays_hidden_in_the_loaded_threads(
    page, in_consultation, section, representative, secretariat
):
    first, *_ = _comments(in_consultation, section, representative, INLINE_COMMENTS + 2)
    page(secretariat).post(reverse("comment-hide", args=[first.pk]), {"reason": "Insulting."})
    url = reverse("section-comments", args=[in_consultation.pk, section.pk])

    seen = page(representative).get(url, **HTMX).content.decode()
    seen_by_secretariat = page(secretariat).get(url, **HTMX).content.decode()

    assert "Thread 0 on the target." not in seen
    assert "This comment was hidden by the secretariat." in seen
    assert "Insulting." not in seen
    assert (
        "Insulting." in seen_by_secretariat and "Thread 0 on the target." not in seen_by_secretariat
    )


def test_a_drafts_lists_are_as_hidden_as_its_page(
    page, drafted, representative, section_factory, comment_factory
):
    section = drafted.sections.get()
    comment_factory(proposal=drafted, section=section, author=drafted.working_group.chair)
    urls = [
        drafted.get_absolute_url(),
        reverse("section-comments", args=[drafted.pk, section.pk]),
        reverse("general-comments", args=[drafted.pk]),
        reverse("section-amendments", args=[drafted.pk, section.pk]),
        reverse("other-amendments", args=[drafted.pk]),
    ]

    outsider = [page(representative).get(url, **HTMX).status_code for url in urls]
    chair = [page(drafted.working_group.chair).get(url).status_code for url in urls]

    assert outsider == [404] * 5
    assert chair == [200] * 5


def test_a_section_of_another_proposal_is_a_404(
    page, in_consultation, representative, proposal_factory, section_factory
):
    other = section_factory(proposal=proposal_factory())
    client = page(representative)

    for name in ("section-comments", "section-amendments"):
        assert client.get(reverse(name, args=[in_consultation.pk, other.pk])).status_code == 404


def test_a_new_comment_in_a_long_section_is_shown_where_it_lands(
    page, in_consultation, section, representative
):
    _comments(in_consultation, section, representative, 60)

    response = page(representative).post(
        reverse("comment-post", args=[in_consultation.pk]),
        {"body": "My late remark.", "section": section.pk},
        follow=True,
    )

    comment = Comment.objects.get(body="My late remark.")
    url = reverse("section-comments", args=[in_consultation.pk, section.pk])
    assert response.redirect_chain[-1][0] == f"{url}?page=2#comment-{comment.pk}"
    assert f'id="comment-{comment.pk}"' in response.content.decode()
    assert "My late remark." in response.content.decode()
    assert "Your comment is posted." in messages_of(response)


def test_general_comments_show_the_newest_and_link_to_all(page, in_consultation, representative):
    old = _comments(in_consultation, None, representative, LATEST_GENERAL + 40, prefix="General")
    client = page(representative)

    html = client.get(in_consultation.get_absolute_url()).content.decode()
    every = client.get(reverse("general-comments", args=[in_consultation.pk])).content.decode()
    reply = client.post(
        reverse("comment-post", args=[in_consultation.pk]),
        {"body": "Replying to the first one.", "parent": old[0].pk},
        follow=True,
    )

    newest = LATEST_GENERAL + 39
    assert f"General {newest} on the target." in html
    assert "General 0 on the target." not in html
    assert html.index(f"General {newest - 1} on") < html.index(f"General {newest} on")
    assert f"Show all {LATEST_GENERAL + 40} comments" in html
    assert "General 0 on the target." in every and "Page 1 of 2" in every
    assert reply.redirect_chain[-1][0].startswith(
        reverse("general-comments", args=[in_consultation.pk])
    )
    assert "Replying to the first one." in reply.content.decode()


def test_a_section_with_many_amendments_shows_counts_and_loads_the_list(
    page, in_consultation, section, amendment_factory, representative
):
    amendments = [
        amendment_factory(proposal=in_consultation, section=section)
        for _ in range(INLINE_AMENDMENTS + 1)
    ]
    client = page(representative)
    url = reverse("section-amendments", args=[in_consultation.pk, section.pk])

    html = client.get(in_consultation.get_absolute_url()).content.decode()
    listed = client.get(url, **HTMX).content.decode()
    supported = client.post(reverse("amendment-support", args=[amendments[0].pk]), follow=True)

    assert f"{INLINE_AMENDMENTS + 1} amendments on this section" in html
    assert f"{amendments[0].organisation.name} (proposed)" in html
    assert f"{INLINE_AMENDMENTS + 1} amendments: proposed {INLINE_AMENDMENTS + 1}" in html
    assert f'hx-get="{url}"' in html and amendments[0].text not in html
    assert all(f'id="amendment-{a.pk}"' in listed for a in amendments)
    assert listed.count("Support this amendment") == INLINE_AMENDMENTS + 1  # another org's
    assert supported.redirect_chain[-1][0] == f"{url}#amendment-{amendments[0].pk}"
    assert "Your organisation supports it" in supported.content.decode()
