import pytest

pytestmark = pytest.mark.django_db


def test_admin_shows_the_state_but_offers_no_way_to_edit_it(client, secretariat_factory, proposal):
    client.force_login(secretariat_factory(is_superuser=True))
    page = client.get(f"/admin/proposals/proposal/{proposal.pk}/change/").content.decode()
    assert proposal.reference in page
    assert 'name="state"' not in page


def test_admin_publish_action_goes_through_the_guards(client, secretariat_factory, proposal):
    client.force_login(secretariat_factory(is_superuser=True))
    response = client.post(
        "/admin/proposals/proposal/",
        {"action": "publish", "_selected_action": [proposal.pk]},
        follow=True,
    )
    assert "is not possible while the proposal is Draft" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "draft"


@pytest.fixture
def marked_for_translation(monkeypatch):
    """Every string that goes through gettext comes out between « »: a message shown
    without them was never offered to the translators."""
    from django.utils import translation

    real = translation._trans.gettext
    monkeypatch.setattr(translation._trans, "gettext", lambda message: f"«{real(message)}»")


def test_admin_publish_messages_are_translatable(
    client, secretariat_factory, proposal, marked_for_translation, monkeypatch
):
    client.force_login(secretariat_factory(is_superuser=True))
    action = {"action": "publish", "_selected_action": [proposal.pk]}

    refused = client.post("/admin/proposals/proposal/", action, follow=True).content.decode()
    monkeypatch.setattr("workflow.admin.transition_run", lambda **kwargs: kwargs["proposal"])
    done = client.post("/admin/proposals/proposal/", action, follow=True).content.decode()

    assert f"«{proposal.reference}: «“publish” is not possible" in refused
    assert f"«{proposal.reference}: published»" in done
