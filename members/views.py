from allauth.account.utils import perform_login
from allauth.account.views import LoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from config.drafts import posts_only
from config.once import acts_once
from config.storage import StorageUnavailable, open_stream
from members.adapter import GREETED
from members.forms import (
    LOGO_NOT_STORED,
    InvitationAcceptForm,
    InvitationForm,
    NetworkForm,
    PreferencesForm,
    TokenForm,
    username_suggested,
)
from members.models import AccountEvent, Invitation, Network
from members.rules import must_enrol_2fa, rules_enforce
from members.selectors import network_logo_url, token_list, user_roles
from members.services import (
    InvitationUnusable,
    invitation_accept,
    invitation_create,
    invitation_for_key,
    invitation_resend,
    network_update,
    token_create,
    token_revoke,
    user_update_preferences,
)
from members.throttle import throttled_page

#: The session key of a token just made, shown once on the next profile page.
NEW_TOKEN = "plenum_new_api_token"

#: How many account events the profile page lists.
PROFILE_EVENTS = 10

#: The demo's logins, listed on the sign-in page when ``PLENUM_DEMO`` is on.
DEMO_LOGINS = [
    ("secretariat", "secretariat"),
    ("chair-procurement", "working-group chair"),
    ("wg-procurement-1", "working-group member"),
    ("rep-bg", "member representative"),
    ("board-1", "board member"),
]


class SignInView(LoginView):
    """allauth's sign-in at ``/login/``; too many failures answer 429 (SPEC §13)."""

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
            return throttled_page(self.request)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PLENUM_DEMO:
            context["demo_logins"] = DEMO_LOGINS
        return context


@login_required
def profile(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("profile")
        response.delete_cookie("django_language")
        return response
    from allauth.mfa.utils import is_mfa_enabled

    return render(
        request,
        "members/profile.html",
        {
            "form": form,
            "roles": user_roles(user=request.user),
            "mfa_enabled": is_mfa_enabled(request.user),
            "account_events": AccountEvent.objects.filter(user=request.user)[:PROFILE_EVENTS],
            **_tokens_context(request),
        },
    )


def two_factor_required(request):
    """Where the secretariat and the board are sent until they enrol."""
    if not request.user.is_authenticated:
        return redirect("login")
    return render(
        request,
        "members/two_factor_required.html",
        {"must_enrol": must_enrol_2fa(request.user)},
    )


@login_required
def invitation_list(request):
    """The secretariat's invitations: who, status, "Invite someone", "Send again"."""
    rules_enforce("members.invite", request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = invitation_create(
            invited_by=request.user,
            request=request,
            email=form.cleaned_data["email"],
            organisation=form.cleaned_data["organisation"],
            working_groups=list(form.cleaned_data["working_groups"]),
            board_seat=form.cleaned_data["board_seat"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("invitation-list")
    invitations = (
        Invitation.objects.select_related("organisation", "invited_by", "user")
        .prefetch_related("working_groups")
        .all()[:200]
    )
    return render(
        request,
        "members/invitation_list.html",
        {"form": form, "invitations": invitations},
        status=400 if form.errors else 200,
    )


def _tokens_context(request) -> dict:
    return {
        "tokens": token_list(user=request.user),
        "token_form": TokenForm(),
        # Shown this once: taken out of the session as the page is drawn.
        "new_token": request.session.pop(NEW_TOKEN, None),
    }


def _to_tokens():
    return redirect(reverse("profile") + "#api-tokens")


@login_required
@posts_only(lambda request, **kwargs: reverse("profile") + "#api-tokens")
@acts_once
def profile_token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _to_tokens()
    try:
        token, raw = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            request=request,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_tokens()
    request.session[NEW_TOKEN] = {"id": token.pk, "name": token.name, "token": raw}
    return _to_tokens()


@login_required
@posts_only(lambda request, pk: reverse("invitation-list"))
def invitation_resend_view(request, pk: int):
    rules_enforce("members.invite", request.user)
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        invitation_resend(invitation=invitation, by=request.user, request=request)
    except InvitationUnusable:
        messages.error(request, _("This invitation was accepted: there is nothing to send."))
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s; the previous one no longer works.")
            % {"email": invitation.email},
        )
    return redirect("invitation-list")


def invitation_accept_view(request, key: str):
    """The invitee's page: choose a username and a password, then signed in."""
    try:
        invitation = invitation_for_key(key)
    except InvitationUnusable as refusal:
        return render(
            request,
            "members/invitation_unusable.html",
            {"reason": str(refusal)},
            status=410 if str(refusal) in ("accepted", "expired") else 404,
        )
    if request.user.is_authenticated:
        raise PermissionDenied(_("Sign out first: this invitation is for someone new."))
    form = InvitationAcceptForm(
        request.POST or None,
        invitation=invitation,
        initial={"username": username_suggested(invitation.email)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                key=key,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                request=request,
            )
        except InvitationUnusable as refusal:
            return render(
                request, "members/invitation_unusable.html", {"reason": str(refusal)}, status=410
            )
        except IntegrityError:
            form.add_error("username", _("This username is taken: choose another."))
        else:
            messages.success(request, _("Welcome to Plenum. Your account is ready."))
            setattr(request, GREETED, True)  # one greeting, not two
            return perform_login(request, user, redirect_url="/")
    return render(
        request,
        "members/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@acts_once
def network_edit(request):
    """The network's profile (SPEC §12), edited by the secretariat."""
    rules_enforce("members.edit_network", request.user)
    network = Network.objects.get_solo()
    form = NetworkForm(request.POST or None, request.FILES or None, network=network)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            network_update(actor=request.user, **form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        except StorageUnavailable:
            form.add_error("logo", LOGO_NOT_STORED)
            status = 503
        else:
            messages.success(request, _("The network's profile was saved."))
            return redirect("network")
    return render(
        request,
        "members/network.html",
        {"form": form, "network": network, "logo_url": network_logo_url(network)},
        status=status,
    )


@login_required
@posts_only(lambda request, **kwargs: reverse("profile") + "#api-tokens")
@acts_once
def profile_token_revoke(request, pk: int):
    token = token_revoke(user=request.user, token_id=pk, request=request)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return _to_tokens()


#: The logo's type by the name ``network_update`` gives it (``logo.png``, ``.jpg``, ``.svg``).
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}


@require_safe
def network_logo(request):
    """The network's logo, printed on every public paper: anyone may see it. Streamed
    through the storage API. Served as a picture that runs nothing even when opened
    on its own (an SVG is checked at upload; the sandbox is the second lock)."""
    network = Network.objects.get_solo()
    kind = network.logo.name.rsplit(".", 1)[-1].lower() if network.logo else ""
    if kind not in LOGO_TYPES:
        raise Http404
    try:
        handle, size = open_stream(network.logo.storage, network.logo.name)
    except FileNotFoundError as exc:
        raise Http404 from exc
    except StorageUnavailable:
        response = HttpResponse(_("The logo cannot be read just now."), status=503)
        response["Retry-After"] = "30"
        return response
    response = FileResponse(handle, content_type=LOGO_TYPES[kind])
    if size is not None:
        response["Content-Length"] = str(size)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
