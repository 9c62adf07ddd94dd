from django.urls import path

from workflow import api, board_api

urlpatterns = [
    path(
        "proposals/<int:pk>/transitions/",
        api.TransitionListApi.as_view(),
        name="api-transitions",
    ),
    path(
        "proposals/<int:pk>/transitions/<str:name>/",
        api.TransitionRunApi.as_view(),
        name="api-transition-run",
    ),
    path("proposals/<int:pk>/history/", api.HistoryApi.as_view(), name="api-history"),
    path(
        "proposals/<int:pk>/board-decisions/",
        board_api.BoardDecisionApi.as_view(),
        name="api-board-decisions",
    ),
]
