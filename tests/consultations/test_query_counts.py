"""A proposal with 1,000 comments and 200 amendments costs what one with 10 does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Amendment, AmendmentSupport, Comment

pytestmark = pytest.mark.django_db

#: Pinned query budgets: token (knox: the token with its user, then the user's other
#: tokens, to drop expired ones), proposal + its sections, then count + page (+ supports)
#: for the lists; amendments, supports, sections, comment counts, organisations for the report.
COMMENTS_QUERIES = 6
AMENDMENTS_QUERIES = 7
REPORT_QUERIES = 9


def fill(proposal, reps, comments: int, amendments: int) -> None:
    """Bulk data: comments with replies and hidden ones, amendments with supports."""
    section = proposal.section
    version = proposal.versions.get()
    roots = Comment.objects.bulk_create(
        Comment(
            proposal=proposal,
            section=section if n % 2 else None,
            paragraph=(n % 3) + 1 if n % 2 else None,
            author=reps[n % len(reps)],
            organisation=reps[n % len(reps)].organisation,
            body=f"Comment {n} on **reserved contracts**.",
            hidden_at=proposal.created_at if n % 10 == 0 else None,
            hidden_reason="Off topic." if n % 10 == 0 else "",
        )
        for n in range(comments // 2)
    )
    Comment.objects.bulk_create(
        Comment(
            proposal=proposal,
            section=root.section,
            paragraph=root.paragraph,
            parent=root,
            author=reps[(n + 1) % len(reps)],
            organisation=reps[(n + 1) % len(reps)].organisation,
            body=f"Reply {n}.",
        )
        for n, root in enumerate(roots[: comments - len(roots)])
    )
    created = Amendment.objects.bulk_create(
        Amendment(
            proposal=proposal,
            section=section,
            section_heading=section.heading,
            kind="replace",
            paragraph=1,
            text=f"Amendment {n}.",
            justification="Clearer.",
            base_text="x",
            version=version,
            organisation=reps[n % len(reps)].organisation,
            author=reps[n % len(reps)],
            status="proposed" if n % 2 else "rejected",
            response="" if n % 2 else "No.",
            decided_by=proposal.working_group.chair if n % 2 == 0 else None,
        )
        for n in range(amendments)
    )
    AmendmentSupport.objects.bulk_create(
        AmendmentSupport(amendment=amendment, organisation=rep.organisation, user=rep)
        for n, amendment in enumerate(created)
        for rep in reps[: n % len(reps)]
        if rep.organisation_id != amendment.organisation_id
    )


def count_queries(client, url) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(ctx.captured_queries), response.json()


@pytest.fixture
def small_and_large(consulting, proposal_factory, section_factory, representative_factory, run):
    large = proposal_factory(working_group=consulting.working_group)
    large.section = section_factory(proposal=large, body=consulting.section.body)
    run(large, "submit_for_consultation", large.working_group.chair)
    reps = representative_factory.create_batch(8)
    fill(consulting, reps, comments=10, amendments=10)
    fill(large, reps, comments=1000, amendments=200)
    return consulting, large, reps


@pytest.mark.parametrize(
    ("path", "params", "budget"),
    [
        ("comments", "", COMMENTS_QUERIES),
        ("comments", "?page_size=200&page=3", COMMENTS_QUERIES),
        ("amendments", "?page_size=200", AMENDMENTS_QUERIES),
        ("consultation-report", "", REPORT_QUERIES),
    ],
)
def test_same_queries_for_1000_comments_and_200_amendments_as_for_10(
    api, small_and_large, secretariat, path, params, budget, django_assert_max_num_queries
):
    small, large, _reps = small_and_large
    client = api.as_user(secretariat)
    client.get(f"/api/v1/proposals/{small.pk}/{path}/")  # warm caches (content types…)

    small_count, _ = count_queries(client, f"/api/v1/proposals/{small.pk}/{path}/")
    with django_assert_max_num_queries(budget):
        response = client.get(f"/api/v1/proposals/{large.pk}/{path}/{params}")
    large_count, data = count_queries(client, f"/api/v1/proposals/{large.pk}/{path}/{params}")

    assert response.status_code == 200
    assert small_count == large_count
    if path == "comments":
        assert data["count"] == 1000 and len(data["results"]) == (200 if params else 50)
    elif path == "amendments":
        assert data["count"] == 200 and len(data["results"]) == 200
        assert (
            sum(a["supporter_count"] for a in data["results"])
            == AmendmentSupport.objects.filter(amendment__proposal=large).count()
        )
    else:
        assert data["totals"]["comments"] == 950 and data["totals"]["hidden_comments"] == 50
        assert data["totals"]["amendments"] == 200


def test_representative_sees_the_same_budget(api, small_and_large, django_assert_max_num_queries):
    _small, large, reps = small_and_large
    client = api.as_user(reps[0])
    client.get(f"/api/v1/proposals/{large.pk}/comments/")

    with django_assert_max_num_queries(COMMENTS_QUERIES + 1):  # + the board-membership check
        response = client.get(f"/api/v1/proposals/{large.pk}/comments/?page_size=200")

    assert response.status_code == 200


def test_permission_checks_on_listed_amendments_cost_no_query(
    small_and_large, run, django_assert_max_num_queries
):
    import rules

    from consultations.selectors import amendment_list

    _small, large, reps = small_and_large
    chair, rep = large.working_group.chair, reps[-1]  # supports none of them
    in_consultation = list(amendment_list(proposal=large))
    run(large, "close_consultation", chair)
    in_revision = list(amendment_list(proposal=large))

    with django_assert_max_num_queries(0):
        supportable = [
            rules.has_perm("consultations.support_amendment", rep, a) for a in in_consultation
        ]
        decidable = [
            rules.has_perm("consultations.decide_amendment", chair, a) for a in in_revision
        ]

    proposed = Amendment.objects.filter(proposal=large, status="proposed")
    assert decidable.count(True) == proposed.count()
    others = proposed.exclude(organisation=rep.organisation)
    assert (
        supportable.count(True) == others.exclude(supports__organisation=rep.organisation).count()
    )
    assert any(supportable)


@pytest.mark.parametrize("viewer", ["representative", "chair"])
def test_proposal_page_costs_the_same_with_1000_comments_and_200_amendments(
    client, small_and_large, viewer
):
    """The web proposal page (text, counts, the newest comments, history, actions), and
    the lists it loads on demand: a section's threads (a page) and its amendments."""
    small, large, reps = small_and_large
    user = reps[0] if viewer == "representative" else small.working_group.chair
    client.force_login(user)
    client.get(small.get_absolute_url())  # warm caches

    def queries(url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    def urls(proposal):
        return (
            proposal.get_absolute_url(),
            reverse("section-comments", args=[proposal.pk, proposal.section.pk]),
            reverse("section-amendments", args=[proposal.pk, proposal.section.pk]),
        )

    counts = [queries(url)[0] for url in urls(small)]
    large_counts, htmls = zip(*(queries(url) for url in urls(large)), strict=True)

    assert list(large_counts) == counts
    page, threads, amendments = htmls
    assert "200 amendments on this section" in page and "Amendment 199." not in page
    assert "Comments: 250 threads" in page and "Show all 500 comments" in page
    assert page.count('<article class="comment') == 20  # the newest general threads
    assert "Page 1 of 5" in threads and threads.count('<article class="comment') == 100
    assert "Amendment 199." in amendments
