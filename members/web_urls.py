from allauth.account.views import LogoutView
from django.urls import include, path

from members import views

urlpatterns = [
    # allauth's sign-in, at the address people know (and at /accounts/login/).
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.profile_token_create, name="profile-token-create"),
    path(
        "profile/tokens/<int:pk>/revoke/", views.profile_token_revoke, name="profile-token-revoke"
    ),
    path("network/", views.network_edit, name="network"),
    path("network/logo/", views.network_logo, name="network-logo"),
    path("two-factor/required/", views.two_factor_required, name="two-factor-required"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/<int:pk>/resend/", views.invitation_resend_view, name="invitation-resend"),
    path("invite/<str:key>/", views.invitation_accept_view, name="invitation-accept"),
    path("", include("workflow.web_urls")),
]
