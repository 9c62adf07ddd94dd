"""What a reader sees of an amendment and of a version diff (issue 14, items 1, 4 and 6)."""

import re

import pytest
from playwright.sync_api import expect

from consultations.services import amendment_create
from proposals.models import Section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Public buyers spend around 14 % of EU GDP.\n\n"
    "Member states should reserve 20 % of contracts.\n\n"
    "The Commission should publish guidance."
)


@pytest.fixture
def consulting(proposal_factory, section_factory, run):
    proposal = proposal_factory(title="Reserved contracts")
    section = section_factory(proposal=proposal, heading="Our asks", body=BODY)
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    proposal.refresh_from_db()
    proposal.section = section
    return proposal


def _amend(proposal, author, **fields):
    return amendment_create(
        proposal=proposal,
        author=author,
        section=proposal.section,
        justification="Because.",
        **fields,
    )


def test_amendments_read_as_insertion_replacement_deletion_and_competitors(
    browse, sign_in, shot, consulting, run, representative_factory
):
    reps = representative_factory.create_batch(3)
    insert = _amend(
        consulting, reps[0], kind="insert_after", paragraph=1, text="Most never reserve any."
    )
    replace = _amend(
        consulting,
        reps[1],
        kind="replace",
        paragraph=2,
        text="Member states should reserve 30 % of contracts.",
    )
    delete = _amend(consulting, reps[2], kind="delete", paragraph=2)
    page = browse()
    sign_in(page, reps[0], consulting.get_absolute_url())

    inserted = page.locator(f"#amendment-{insert.pk} .amendment-text")
    # The new paragraph, marked inserted, between the one it follows and the next one…
    expect(inserted.locator("ins")).to_have_text(re.compile("Most never reserve any."))
    expect(inserted.locator(".amend-context").first).to_contain_text("14 % of EU GDP")
    expect(inserted.locator(".amend-context").last).to_contain_text("reserve 20 %")
    # …not a diff that strikes the paragraph it follows.
    expect(inserted.locator("del")).to_have_count(0)
    # A replacement is a word diff: "20" struck, "30" inserted, the rest as it was.
    replaced = page.locator(f"#amendment-{replace.pk} .amendment-text")
    expect(replaced.locator("del")).to_have_text("20")
    expect(replaced.locator("ins")).to_have_text("30")
    # A deletion is the paragraph struck.
    expect(page.locator(f"#amendment-{delete.pk} .amendment-text del")).to_contain_text(
        "Member states should reserve 20 % of contracts."
    )
    # The replacement and the deletion of paragraph 2 compete, and say so, each linking
    # to the other; the insertion competes with nothing.
    note = page.locator(f"#amendment-{replace.pk} .competing")
    expect(note).to_contain_text(reps[2].organisation.name)
    note.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"#amendment-{delete.pk}$"))
    expect(page.locator(f"#amendment-{delete.pk} .competing")).to_contain_text(
        reps[1].organisation.name
    )
    expect(page.locator(f"#amendment-{insert.pk} .competing")).to_have_count(0)
    shot(page, "14-1-amendments")

    # The same on the report and on the chair's decide page.
    page.goto(f"/proposals/{consulting.pk}/consultation-report/")
    expect(page.locator("#report-amendment-1 .amendment-text ins")).to_have_text(
        re.compile("Most never reserve any.")
    )
    expect(page.locator("#report-amendment-1 .amendment-text del")).to_have_count(0)
    expect(page.locator("#report-amendment-2 .competing")).to_contain_text("amendment 3")
    shot(page, "14-1-report")

    chair = consulting.working_group.chair
    run(consulting, "close_consultation", chair)
    page = browse()
    sign_in(page, chair, f"/amendments/{insert.pk}/decide/")
    expect(page.locator(".amendment-text ins")).to_have_text(re.compile("Most never reserve any."))
    page.goto(f"/amendments/{delete.pk}/decide/")
    expect(page.locator(".competing")).to_contain_text(reps[1].organisation.name)
    shot(page, "14-1-decide")


def test_amendment_form_starts_valid_and_replace_starts_from_the_text(
    browse, sign_in, shot, consulting, representative_factory
):
    rep = representative_factory()
    url = f"/proposals/{consulting.pk}/sections/{consulting.section.pk}/amend/"
    page = browse()
    sign_in(page, rep, url)

    # The default is a valid pair: replace paragraph 1, starting from its text.
    expect(page.get_by_label("Replace the paragraph")).to_be_checked()
    expect(page.get_by_label("Paragraph", exact=True)).to_have_value("1")
    box = page.get_by_label(re.compile("^Proposed text"))
    expect(box).to_have_value("Public buyers spend around 14 % of EU GDP.")
    # Choosing another paragraph brings its text; inserting starts from nothing.
    page.get_by_label("Paragraph", exact=True).select_option("2")
    expect(box).to_have_value("Member states should reserve 20 % of contracts.")
    page.get_by_label("Insert after the paragraph").check()
    expect(box).to_have_value("")
    page.get_by_label("Replace the paragraph").check()
    expect(box).to_have_value("Member states should reserve 20 % of contracts.")
    # Without the script, the link prefills on the server.
    page.get_by_role("link", name="¶ 3").click()
    expect(box).to_have_value("The Commission should publish guidance.")
    expect(page.get_by_label("Paragraph", exact=True)).to_have_value("3")

    # Replace "before the first paragraph": a plain error, no "paragraph 0".
    page.get_by_label("Paragraph", exact=True).select_option("0")
    page.get_by_label("Justification").fill("Because.")
    page.get_by_role("button", name="Propose the amendment").click()
    error = page.get_by_text("“Before the first paragraph” is only for inserting")
    expect(error).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("paragraph 0")
    shot(page, "14-4-amendment-form")


def test_version_diffs_say_no_change_and_show_each_heading_once(
    browse, sign_in, shot, proposal_factory, section_factory, run
):
    proposal = proposal_factory(title="Reserved contracts")
    kept = section_factory(proposal=proposal, heading="Our asks", body=BODY)
    section_factory(
        proposal=proposal,
        heading="Recommendations",
        body="1. Publish guidance.\n2. Add a reporting obligation.",
    )
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)
    page = browse()
    sign_in(page, chair, f"/proposals/{proposal.pk}/versions/1/diff/2/")

    expect(page.get_by_text("No change in the text since version 1.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("0 sections changed")
    for n, heading in enumerate(("Our asks", "Recommendations")):
        section = page.locator(".diff-section").nth(n)
        expect(section.locator("h3")).to_contain_text(heading)
        expect(section.locator(".diff")).not_to_contain_text(heading)

    # A numbered list is numbered once: the paragraph number reads "¶ 1", not "1".
    page.goto(f"/proposals/{proposal.pk}/versions/2/")
    number = page.locator(".section-block").nth(1).locator(".para-no").first
    expect(number).to_have_text(re.compile(r"^¶\s1$"))
    shot(page, "14-6-version")

    # A revised heading and body: the heading shown once, as a word diff.
    Section.objects.filter(pk=kept.pk).update(
        heading="Our demands", body=BODY.replace("20 %", "30 %")
    )
    page.goto(f"/proposals/{proposal.pk}/versions/2/diff/current/")
    article = page.locator(".diff-section.changed")
    expect(article.locator("h3 del")).to_have_text("asks")
    expect(article.locator("h3 ins")).to_have_text("demands")
    expect(article.locator(".diff")).not_to_contain_text("asks")
    expect(article.locator(".diff del")).to_have_text("20")
    expect(page.get_by_text("1 section changed.")).to_be_visible()
    shot(page, "14-6-diff")
