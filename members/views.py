from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.once import acts_once
from members.forms import PreferencesForm, TokenForm
from members.selectors import token_list, user_roles
from members.services import token_create, token_revoke, user_update_preferences

#: The session key of a token just made, shown once on the next profile page.
NEW_TOKEN = "plenum_new_api_token"


@login_required
def profile(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("profile")
        response.delete_cookie("django_language")
        return response
    return render(
        request,
        "members/profile.html",
        {"form": form, "roles": user_roles(user=request.user), **_tokens_context(request)},
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
@require_POST
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
            user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_tokens()
    request.session[NEW_TOKEN] = {"id": token.pk, "name": token.name, "token": raw}
    return _to_tokens()


@login_required
@require_POST
@acts_once
def profile_token_revoke(request, pk: int):
    token = token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return _to_tokens()
