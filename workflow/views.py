"""Pages that start or show work across apps: the dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from members.selectors import user_roles


@login_required
def dashboard(request):
    return render(request, "workflow/dashboard.html", {"roles": user_roles(user=request.user)})
