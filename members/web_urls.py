from django.contrib.auth import views as auth_views
from django.urls import include, path

from members import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("network/", views.network_edit, name="network"),
    path("", include("workflow.web_urls")),
]
