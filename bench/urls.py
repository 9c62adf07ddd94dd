from django.urls import path

from bench.floor import ProposalFloor, ProposalFloorAuthenticated, ballot_upsert_floor
from config.urls import urlpatterns as product

urlpatterns = [
    path("bench/floor/ballot/", ballot_upsert_floor),
    path("bench/floor/proposals/<int:pk>/", ProposalFloor.as_view()),
    path("bench/floor/signed-in/proposals/<int:pk>/", ProposalFloorAuthenticated.as_view()),
    *product,
]
