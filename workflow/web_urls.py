"""Every page of the site, gathered here (workflow sits on top of the import graph)."""

from django.urls import include, path

from workflow import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path(
        "proposals/<int:pk>/transitions/<str:name>/",
        views.proposal_transition,
        name="proposal-transition",
    ),
    path("proposals/<int:pk>/preview/", views.proposal_preview, name="proposal-preview"),
    path("proposals/<int:pk>/papers/", views.proposal_papers, name="proposal-papers"),
    # The consultation panel's lists, loaded on demand (htmx) or read on their own.
    path(
        "proposals/<int:pk>/sections/<int:sid>/comments/",
        views.comments_page,
        name="section-comments",
    ),
    path("proposals/<int:pk>/comments/general/", views.comments_page, name="general-comments"),
    path(
        "proposals/<int:pk>/sections/<int:sid>/amendments/",
        views.amendments_page,
        name="section-amendments",
    ),
    path("proposals/<int:pk>/amendments/other/", views.amendments_page, name="other-amendments"),
    path("board/", views.board, name="board"),
    path("board/<int:pk>/decide/", views.board_decide, name="board-decide"),
    path("", include("proposals.web_urls")),
    path("", include("eu.web_urls")),
    path("", include("voting.web_urls")),
    path("", include("consultations.web_urls")),
]
