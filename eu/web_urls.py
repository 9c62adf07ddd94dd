from django.urls import path

from eu import views

urlpatterns = [
    path("proposals/<int:pk>/eu/", views.eu_initiative_page, name="eu-initiative"),
    path("proposals/<int:pk>/submission/", views.submission_page, name="eu-submission"),
]
