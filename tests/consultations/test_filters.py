"""``CommentFilter`` and ``AmendmentFilter``: the list parameters of the comment and
amendment lists (same results and 400 messages as the hand parsing they replaced)."""

import pytest
from rest_framework import generics, serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from consultations.filters import AmendmentFilter, CommentFilter
from consultations.models import Amendment, Comment
from consultations.selectors import amendment_list, comment_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(consulting, section_factory, comment_factory, amendment_factory):
    other = section_factory(proposal=consulting, heading="Funding", body="One.\n\nTwo.")
    comment_factory(proposal=consulting, section=consulting.section, paragraph=1, body="p1")
    comment_factory(proposal=consulting, section=consulting.section, paragraph=2, body="p2")
    comment_factory(proposal=consulting, section=other, paragraph=1, body="other p1")
    comment_factory(proposal=consulting, body="on the whole")
    amendment_factory(proposal=consulting, section=consulting.section)
    amendment_factory(proposal=consulting, section=other, status="rejected")
    consulting.other = other
    return consulting


def _bodies(data, proposal) -> list[str]:
    return [c.body for c in CommentFilter(data, queryset=comment_list(proposal=proposal)).qs]


def test_comments_by_section_and_paragraph_as_the_selector_gives_them(threads):
    section = threads.section.pk

    assert _bodies({"section": section}, threads) == ["p1", "p2"]
    assert _bodies({"section": section, "paragraph": "2"}, threads) == ["p2"]
    assert _bodies({"paragraph": "1"}, threads) == ["p1", "other p1"]
    assert len(_bodies({}, threads)) == 4


def test_amendments_by_status_and_section(threads):
    def count(data):
        return AmendmentFilter(data, queryset=amendment_list(proposal=threads)).qs.count()

    assert count({"status": "proposed"}) == 1
    assert count({"status": "rejected", "section": threads.section.pk}) == 0
    assert count({"section": threads.other.pk}) == 1
    assert count({"status": ""}) == 2


@pytest.mark.parametrize("value", ["x", "0", "-1", "2.0", "²", str(10**20)])
def test_a_number_that_is_not_a_whole_number_from_1_is_refused(value):
    filters = CommentFilter({"paragraph": value}, queryset=Comment.objects.all())

    assert not filters.is_valid()
    assert filters.errors == {"paragraph": ["Give a whole number from 1."]}


def test_an_unknown_status_is_refused_naming_it():
    filters = AmendmentFilter({"status": "limbo"}, queryset=Amendment.objects.all())

    assert filters.errors == {"status": ["Unknown status “limbo”."]}


class _Comments(generics.ListAPIView):
    """How the comment list reads once it uses the FilterSet."""

    filterset_class = CommentFilter
    queryset = Comment.objects.all()
    serializer_class = serializers.Serializer


def test_through_the_filter_backend_a_bad_value_is_the_api_400(user):
    request = APIRequestFactory().get("/x/", {"section": "-1"})
    force_authenticate(request, user=user)

    response = _Comments.as_view()(request)

    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid input.",
        "code": "invalid",
        "errors": {"section": ["Give a whole number from 1."]},
    }
