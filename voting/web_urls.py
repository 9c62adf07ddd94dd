from django.urls import path

from voting import views

urlpatterns = [
    path("proposals/<int:pk>/vote/", views.vote_page, name="vote"),
    path("proposals/<int:pk>/mandate/", views.mandate_page, name="mandate"),
]
