"""``publish`` has the guard ``translations_complete`` (SPEC §11)."""

import pytest

from proposals.models import ProposalState
from tests.translations.helpers import fill

pytestmark = pytest.mark.django_db


def test_publish_with_a_missing_or_outdated_language_is_a_409_naming_the_guard(
    api, make_board_review, approve, media_root, secretariat, django_capture_on_commit_callbacks
):
    proposal = make_board_review(languages=("en", "fr", "de"))
    chair = proposal.working_group.chair
    with django_capture_on_commit_callbacks(execute=True):
        fill(proposal, "de", chair)  # before approval: on the working text
    proposal = approve(proposal, translate=False)
    client = api.as_user(secretariat)
    publish = f"/api/v1/proposals/{proposal.pk}/transitions/publish/"

    response = client.post(publish)  # French missing
    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["translations_complete"]

    with django_capture_on_commit_callbacks(execute=True):
        fill(proposal, "fr", chair)
    # the German one was made from text that is no longer the adopted one
    from translations.models import Translation

    german = Translation.objects.get(proposal=proposal, language="de")
    key = next(k for k in german.units if k.endswith(".1") and not k.startswith("title"))
    german.units[key]["source"] = "An older paragraph."
    german.save()
    listed = {
        t["language"]: t["status"]
        for t in client.get(f"/api/v1/proposals/{proposal.pk}/translations/").json()
    }
    assert listed == {"fr": "complete", "de": "outdated"}
    response = client.post(publish)
    assert response.status_code == 409
    assert response.json()["failed_guards"] == ["translations_complete"]

    with django_capture_on_commit_callbacks(execute=True):
        fill(proposal, "de", chair)
    response = client.post(publish)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == ProposalState.PUBLISHED
    assert set(proposal.papers.filter(preview=False).values_list("status", flat=True)) == {"ready"}
