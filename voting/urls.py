from django.urls import path

from voting import api

urlpatterns = [
    path("proposals/<int:pk>/ballot/", api.BallotApi.as_view(), name="api-ballot"),
    path("proposals/<int:pk>/mandates/", api.MandateListApi.as_view(), name="api-mandates"),
    path("mandates/<int:mid>/", api.MandateApi.as_view(), name="api-mandate"),
    path("proposals/<int:pk>/results/", api.ResultsApi.as_view(), name="api-results"),
]
