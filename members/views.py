from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.once import acts_once
from members.forms import NetworkForm, PreferencesForm
from members.models import Network
from members.rules import rules_enforce
from members.selectors import user_roles
from members.services import network_update, user_update_preferences


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
        request, "members/profile.html", {"form": form, "roles": user_roles(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
@acts_once
def network_edit(request):
    """The network's profile (SPEC §12), edited by the secretariat."""
    rules_enforce("members.edit_network", request.user)
    network = Network.objects.get_solo()
    form = NetworkForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            network_update(actor=request.user, **form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The network's profile was saved."))
            return redirect("network")
    return render(request, "members/network.html", {"form": form, "network": network})
