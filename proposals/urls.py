from django.urls import path

from proposals import api

urlpatterns = [
    path("procedures/", api.ProcedureListApi.as_view(), name="api-procedures"),
    path("proposals/", api.ProposalListApi.as_view(), name="api-proposals"),
    path("proposals/<int:pk>/", api.ProposalDetailApi.as_view(), name="api-proposal"),
    path("proposals/<int:pk>/planning/", api.PlanningApi.as_view(), name="api-planning"),
    path("proposals/<int:pk>/sections/", api.SectionCreateApi.as_view(), name="api-sections"),
    path(
        "proposals/<int:pk>/sections/<int:sid>/",
        api.SectionDetailApi.as_view(),
        name="api-section",
    ),
    path("proposals/<int:pk>/versions/", api.VersionListApi.as_view(), name="api-versions"),
    path(
        "proposals/<int:pk>/versions/<int:number>/",
        api.VersionDetailApi.as_view(),
        name="api-version",
    ),
    path(
        "proposals/<int:pk>/versions/<int:a>/diff/<int:b>/",
        api.VersionDiffApi.as_view(),
        name="api-version-diff",
    ),
]
