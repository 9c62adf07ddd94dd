from django.urls import path

from eu import api

urlpatterns = [
    path("proposals/<int:pk>/submission/", api.SubmissionApi.as_view(), name="api-submission"),
    path(
        "proposals/<int:pk>/submission/record/",
        api.SubmissionRecordApi.as_view(),
        name="api-submission-record",
    ),
]
