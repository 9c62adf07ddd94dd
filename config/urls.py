from allauth.account.decorators import secure_admin_login
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from members.views import SignInView

# The admin signs in through the web's sign-in (allauth: throttled, two-factor).
admin.site.login = secure_admin_login(admin.site.login)
# The secretariat's pages say whose they are, not "Django administration".
admin.site.site_header = _("Plenum administration")
admin.site.site_title = _("Plenum administration")
admin.site.index_title = _("The secretariat's pages")

api_v1 = [
    path("", include("members.urls")),
    path("", include("proposals.urls")),
    path("", include("consultations.urls")),
    path("", include("voting.urls")),
    path("", include("translations.urls")),
    path("", include("papers.urls")),
    path("", include("eu.urls")),
    path("", include("workflow.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Swagger UI (drf-spectacular-sidecar's files): its start script is served
        # as a file (the split view), but it sets styles inline and draws data: images.
        csp_replace({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # allauth (reset, password change, 2FA); its sign-in is the project's (429).
    path("accounts/login/", SignInView.as_view()),
    # One address per person, the one invited; the secretariat changes it (admin).
    path("accounts/email/", RedirectView.as_view(pattern_name="profile")),
    path("accounts/", include("allauth.urls")),
    path("papers/", include("papers.web_urls")),
    path("", include("translations.web_urls")),
    path("", include("members.web_urls")),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
#: allauth's rate limits (``allauth.core.ratelimit.respond_429`` looks it up here).
handler429 = "members.throttle.handler429"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
