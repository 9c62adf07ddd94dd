from django.urls import path

from bench.floor import ProposalFloor, ballot_upsert_floor
from config.urls import urlpatterns as product

urlpatterns = [
    path("bench/floor/ballot/", ballot_upsert_floor),
    path("bench/floor/proposals/<int:pk>/", ProposalFloor.as_view()),
    *product,
]
