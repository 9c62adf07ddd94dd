from django.urls import path

from members import api

urlpatterns = [
    path("auth/token/", api.TokenApi.as_view(), name="api-token"),
    path("me/", api.MeApi.as_view(), name="api-me"),
    path("me/tokens/", api.MyTokenListApi.as_view(), name="api-me-tokens"),
    path("me/tokens/<int:pk>/", api.MyTokenApi.as_view(), name="api-me-token"),
    path("organisations/", api.OrganisationListApi.as_view(), name="api-organisations"),
    path("network/", api.NetworkApi.as_view(), name="api-network"),
    path("working-groups/", api.WorkingGroupListApi.as_view(), name="api-working-groups"),
]
