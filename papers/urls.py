"""API routes of the papers app (under ``/api/v1/``)."""

from django.urls import path

from papers import api

urlpatterns = [
    path("proposals/<int:pk>/papers/", api.PaperListApi.as_view(), name="api-papers"),
    path("proposals/<int:pk>/preview/", api.PreviewApi.as_view(), name="api-paper-preview"),
    path("papers/<int:pid>/download/", api.PaperDownloadApi.as_view(), name="api-paper-download"),
]
