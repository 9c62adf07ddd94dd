"""The voting page: the text voted on, the organisation's ballot, and the results.

Secret ballots: this page shows an organisation's choice only to that
organisation's own representatives; the results show totals and receipts.
"""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from config.api import Conflict
from config.once import acts_once
from proposals.models import Procedure
from proposals.text import render_markdown, render_section
from proposals.views import error_text, visible_proposal_or_404
from voting.models import BallotCast, Choice
from voting.selectors import ballot_of, results_public, round_latest
from voting.services import ballot_cast


class BallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=gettext_lazy("Your organisation's vote"),
        choices=Choice.choices,
        widget=forms.RadioSelect,
    )


def _choice_label(value: str | None) -> str:
    return str(Choice(value).label) if value in Choice.values else ""


@login_required
@require_http_methods(["GET", "POST"])
@acts_once
def vote_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    user = request.user
    organisation = user.organisation if user.organisation_id else None
    voting_round = round_latest(proposal_id=proposal.pk, organisation=organisation)
    if voting_round is None:
        messages.info(request, _("No vote has been opened on this proposal yet."))
        return redirect(proposal)
    form = BallotForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                ballot = ballot_cast(
                    voting_round=voting_round,
                    organisation=organisation,
                    user=user,
                    choice=form.cleaned_data["choice"],
                )
            except (Conflict, PermissionDenied, ValidationError) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(
                    request,
                    _(
                        "The ballot of %(org)s is recorded: %(choice)s. "
                        "Keep the receipt %(receipt)s to check the published count."
                    )
                    % {
                        "org": organisation.name,
                        "choice": _choice_label(ballot.choice),
                        "receipt": ballot.receipt,
                    },
                )
                return redirect(reverse("vote", args=[proposal.pk]))
        else:
            messages.error(request, _("Choose yes, no or abstain."))
    ballot = ballot_of(voting_round=voting_round, organisation=organisation)
    history = []
    if organisation is not None:
        history = list(
            BallotCast.objects.filter(round=voting_round, organisation=organisation)
            .select_related("cast_by")
            .order_by("-cast_at", "-id")
        )
    if ballot is not None and not form.is_bound:
        form = BallotForm(initial={"choice": ballot.choice})
    results = results_public(voting_round=voting_round)
    version = voting_round.version
    context = {
        "proposal": proposal,
        "round": voting_round,
        "version": version,
        "summary_html": render_markdown(version.summary) if version.summary else "",
        "sections": [
            {**s, "html": render_section(s["body"], anchor=f"vote-{s['id']}")}
            for s in version.sections
        ],
        "organisation": organisation,
        "weight": voting_round.weight,
        "eligible": voting_round.weight is not None,
        "is_open": voting_round.is_open,
        "awaiting_count": voting_round.closed_at is None and not voting_round.is_open,
        "can_cast": rules.has_perm("voting.cast_ballot", user, proposal),
        "form": form,
        "ballot": ballot,
        "ballot_choice": _choice_label(ballot.choice) if ballot else "",
        "history": [{"cast": cast, "choice": _choice_label(cast.choice)} for cast in history],
        "results": results,
        "majority_label": dict(Procedure.Majority.choices).get(voting_round.majority, ""),
        "choice_labels": dict(Choice.choices),
    }
    if results["status"] == "closed":
        context["cast_weight"] = results["yes"] + results["no"] + results["abstain"]
        total = context["cast_weight"] or 1
        context["bars"] = [
            {
                "key": key,
                "label": _choice_label(key),
                "weight": results[key],
                "percent": round(results[key] * 100 / total),
            }
            for key in Choice.values
        ]
        context["own_receipt"] = ballot.receipt if ballot else None
    return render(request, "voting/vote.html", context)
