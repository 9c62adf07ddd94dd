from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.forms import PreferencesForm
from members.selectors import user_roles
from members.services import user_update_preferences


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
