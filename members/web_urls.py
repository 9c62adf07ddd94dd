from django.contrib.auth import views as auth_views
from django.urls import include, path

from members import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.profile_token_create, name="profile-token-create"),
    path(
        "profile/tokens/<int:pk>/revoke/", views.profile_token_revoke, name="profile-token-revoke"
    ),
    path("", include("workflow.web_urls")),
]
