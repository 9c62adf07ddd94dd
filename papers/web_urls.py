"""Public page routes of the papers app (under ``/papers/``, no login)."""

from django.urls import path

from papers import views

urlpatterns = [
    path("", views.register, name="papers-register"),
    path("feed/", views.PapersFeed(), name="papers-feed"),
    path(
        "<str:reference>/<str:language>.pdf",
        views.paper_download,
        name="paper-public",
    ),
]
