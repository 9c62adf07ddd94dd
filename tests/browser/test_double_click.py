"""A double click on a form's button acts once (SPEC §14): plenum.js disables the
button on submit (the server's side, the form's token, is tested in
tests/web/test_acts_once*.py)."""

import pytest
from playwright.sync_api import expect

from consultations.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consulting(proposal_factory, section_factory, run):
    proposal = proposal_factory(title="Reserved contracts for social enterprises")
    section_factory(proposal=proposal, heading="Why reserved contracts matter")
    return run(proposal, "submit_for_consultation", proposal.working_group.chair)


def double_click_post_the_comment(page, proposal):
    page.goto(proposal.get_absolute_url())
    form = page.locator("#comment-form-general form")  # open on the page
    form.get_by_label("Your comment").fill("Cite the scoreboard.")
    with page.expect_navigation():
        form.get_by_role("button", name="Post the comment").dblclick()


def test_a_double_click_on_post_the_comment_makes_one_comment(
    browse, sign_in, shot, consulting, representative_factory
):
    rep = representative_factory()
    page = browse()
    sign_in(page, rep)

    double_click_post_the_comment(page, consulting)

    expect(page.get_by_role("status")).to_contain_text("Your comment is posted.")
    expect(page.get_by_role("status")).not_to_contain_text("Already done")  # one post left
    expect(page.locator(".comment", has_text="Cite the scoreboard.")).to_have_count(1)
    shot(page, "double-click-one-comment")
    assert Comment.objects.filter(proposal=consulting).count() == 1

    page.go_back()  # the page left by the post: its button works again
    expect(
        page.locator("#comment-form-general").get_by_role("button", name="Post the comment")
    ).to_be_enabled()
