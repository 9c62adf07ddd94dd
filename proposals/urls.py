from django.urls import path

from proposals import api

urlpatterns = [
    path("procedures/", api.ProcedureListApi.as_view(), name="api-procedures"),
]
