"""Pages of the proposals app (the proposal page itself is ``workflow.web_urls``)."""

from django.urls import path

from proposals import views

urlpatterns = [
    path("proposals/", views.proposal_list_page, name="proposal-list"),
    path("proposals/new/", views.proposal_create_page, name="proposal-create"),
    path("proposals/<int:pk>/edit/", views.proposal_edit_page, name="proposal-edit"),
    path("proposals/<int:pk>/sections/add/", views.section_add_page, name="section-add"),
    path(
        "proposals/<int:pk>/sections/<int:sid>/edit/",
        views.section_edit_page,
        name="section-edit",
    ),
    path(
        "proposals/<int:pk>/sections/<int:sid>/delete/",
        views.section_delete_page,
        name="section-delete",
    ),
    path("proposals/<int:pk>/versions/<int:number>/", views.version_page, name="version-detail"),
    path(
        "proposals/<int:pk>/versions/<int:a>/diff/<int:b>/",
        views.version_diff_page,
        name="version-diff",
    ),
    path(
        "proposals/<int:pk>/versions/<int:a>/diff/current/",
        views.version_diff_page,
        name="version-diff-current",
    ),
]
