from django.urls import path

from workflow import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
