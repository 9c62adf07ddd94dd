"""Show each signed-in user the site in their own language and time zone."""

import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            if user.language and "django_language" not in request.COOKIES:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class TwoFactorRequiredMiddleware:
    """Send the secretariat and the board to enrol in two-factor authentication
    before anything else (``members.rules.must_enrol_2fa``, with
    ``PLENUM_REQUIRE_2FA`` on): pages redirect to the page that says so, the API
    answers 403 ``mfa_required``. Enrolment, sign-out, language and static files
    stay open. The services refuse too (``rules_enforce``), so a token on the API
    cannot act either."""

    #: Paths that stay open to a user who must enrol.
    OPEN_PREFIXES = ("/accounts/", "/logout/", "/login/", "/i18n/", "/two-factor/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        if settings.PLENUM_REQUIRE_2FA:
            response = self._refuse(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _refuse(self, request):
        from django.conf import settings
        from django.http import JsonResponse
        from django.shortcuts import redirect

        from members.rules import MUST_ENROL_SAYS, must_enrol_2fa

        path = request.path_info
        static = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith(static) or path.startswith(self.OPEN_PREFIXES):
            return None
        user = getattr(request, "user", None)
        if user is None or not must_enrol_2fa(user):
            return None
        if path.startswith("/api/"):
            return JsonResponse(
                {"detail": str(MUST_ENROL_SAYS), "code": "mfa_required"}, status=403
            )
        return redirect("two-factor-required")
