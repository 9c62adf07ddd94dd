from django.urls import path

from consultations import api

urlpatterns = [
    path("proposals/<int:pk>/comments/", api.CommentListApi.as_view(), name="api-comments"),
    path("comments/<int:cid>/hide/", api.CommentHideApi.as_view(), name="api-comment-hide"),
    path("proposals/<int:pk>/amendments/", api.AmendmentListApi.as_view(), name="api-amendments"),
    path(
        "amendments/<int:aid>/support/",
        api.AmendmentSupportApi.as_view(),
        name="api-amendment-support",
    ),
    path(
        "amendments/<int:aid>/decision/",
        api.AmendmentDecisionApi.as_view(),
        name="api-amendment-decision",
    ),
    path(
        "proposals/<int:pk>/consultation-report/",
        api.ConsultationReportApi.as_view(),
        name="api-consultation-report",
    ),
]
