"""The read-only admins (``config.admin.ReadOnlyAdminMixin``): rows shown, never added,
changed or deleted there; papers alone may be deleted."""

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "consultations/comment",
    "consultations/amendment",
    "notifications/notification",
    "notifications/reminder",
    "proposals/proposal",
    "voting/votinground",
    "members/invitation",
    "members/accountevent",
]


@pytest.fixture
def superuser_client(client, secretariat_factory):
    client.force_login(secretariat_factory(is_superuser=True))
    return client


@pytest.mark.parametrize("page", READ_ONLY)
def test_a_read_only_admin_lists_its_rows_but_offers_no_add_or_delete(superuser_client, page):
    listing = superuser_client.get(f"/admin/{page}/")

    assert listing.status_code == 200
    assert f'href="/admin/{page}/add/"' not in listing.content.decode()
    assert superuser_client.get(f"/admin/{page}/add/").status_code == 403


def test_every_read_only_admin_and_inline_refuses_writes(rf, secretariat_factory):
    request = rf.get("/admin/")
    request.user = secretariat_factory(is_superuser=True)
    checked = 0
    for model_admin in admin.site._registry.values():
        for candidate in [model_admin, *model_admin.get_inline_instances(request)]:
            if not hasattr(candidate, "allow_delete"):
                continue
            checked += 1
            assert not candidate.has_add_permission(request, None), candidate
            assert not candidate.has_change_permission(request, None), candidate
            assert candidate.has_delete_permission(request, None) is candidate.allow_delete
        if hasattr(model_admin, "allow_delete"):  # the action menu offers deletion or not
            deletes = "delete_selected" in model_admin.get_actions(request)
            assert deletes is model_admin.allow_delete, model_admin
    assert checked == len(READ_ONLY) + 6  # and papers, and the inlines
