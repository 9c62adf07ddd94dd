"""The voting page: the text voted on, the organisation's ballot (and one per
organisation it votes for by mandate), and the results; the mandate page.

Secret ballots: this page shows an organisation's choice only to that
organisation's own representatives; the results show totals and receipts. A
posted ballot is left out of error reports (``sensitive_post_parameters``).

A ballot sent while signed out (or with a stale form) is kept
(``config.drafts``, :data:`~config.drafts.BALLOT`'s words) and, once the same
person is signed in again, put back in its box, not cast: they check it and
press again. Each form names its round (``round``): a ballot filled in for a
round that has closed, or before a new round opened, is never put back, nor cast.
"""

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from config.conflict import Conflict
from config.drafts import BALLOT, MANDATE, draft_take, signin_keeps_text
from config.once import acts_once
from members.models import Organisation
from proposals.models import Procedure
from proposals.text import render_markdown, render_section
from proposals.views import add_errors, error_text, visible_proposal_or_404
from voting.models import BALLOT_CHOICES, SPLIT, BallotCast, Choice, Eligibility
from voting.rules import no_mandate, proxy_rules
from voting.selectors import (
    ballot_for,
    mandate_given,
    mandates_held,
    results_public,
    round_latest,
)
from voting.services import ballot_cast, mandate_give, mandate_revoke


class BallotForm(forms.Form):
    """One organisation's ballot: a choice or, where the round allows it, a split of
    its weight (the parts' sum is checked by ``ballot_cast``, against the frozen weight)."""

    choice = forms.ChoiceField(
        label=gettext_lazy("Your organisation's vote"),
        choices=Choice.choices,
        widget=forms.RadioSelect,
    )
    split_yes = forms.IntegerField(label=gettext_lazy("Yes"), min_value=0, required=False)
    split_no = forms.IntegerField(label=gettext_lazy("No"), min_value=0, required=False)
    split_abstain = forms.IntegerField(label=gettext_lazy("Abstain"), min_value=0, required=False)

    def __init__(self, *args, split_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.split_allowed = split_allowed
        if split_allowed:
            self.fields["choice"].choices = [*Choice.choices, (SPLIT, _("Split the weight"))]
        else:
            for name in SPLIT_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("choice") == SPLIT:
            for name in SPLIT_FIELDS:
                if data.get(name) is None:
                    self.add_error(name, _("Give a whole number, 0 or more."))
        return data

    def split(self) -> dict | None:
        if self.cleaned_data["choice"] != SPLIT:
            return None
        return {name.removeprefix("split_"): self.cleaned_data[name] for name in SPLIT_FIELDS}


SPLIT_FIELDS = ("split_yes", "split_no", "split_abstain")
#: The hidden field naming the round a ballot form was shown for.
ROUND_FIELD = "round"


def _box_prefix(organisation_id: int, own) -> str | None:
    """The form prefix of a ballot box: the own organisation's keeps plain names, a
    mandator's box (proxy) is ``b<organisation id>``."""
    return None if own is not None and own.pk == organisation_id else f"b{organisation_id}"


def _posted_id(data, name: str) -> int | None:
    try:
        return int(data.get(name) or "")
    except ValueError:
        return None


def _round_refusal(voting_round, round_id: int) -> str | None:
    """Why a ballot filled in for round ``round_id`` is not cast now, or None if it may be."""
    if round_id == voting_round.pk and voting_round.is_open:
        return None
    if round_id != voting_round.pk and voting_round.is_open:
        return _(
            "Nothing was cast: your ballot was filled in for an earlier round of this vote. "
            "A new round is open: read the text voted on now, then vote again."
        )
    return _("Nothing was cast: the vote has closed.")


def _choice_label(value: str | None) -> str:
    return str(Choice(value).label) if value in Choice.values else ""


def ballot_label(ballot) -> str:
    """How a ballot reads: "Yes", or "Split: yes 2 · no 1 · abstain 0"."""
    split = getattr(ballot, "split", None)
    if split is None:
        return _choice_label(ballot.choice)
    return _("Split: yes %(yes)s · no %(no)s · abstain %(abstain)s") % split


def _history(voting_round, organisation, *, by_proxy=None) -> list[dict]:
    casts = BallotCast.objects.filter(round=voting_round, organisation=organisation)
    if by_proxy is not None:  # a proxy sees only the casts it made
        casts = casts.filter(by_proxy=by_proxy)
    casts = casts.select_related("cast_by", "by_proxy").order_by("-cast_at", "-id")
    return [{"cast": cast, "choice": ballot_label(cast)} for cast in casts]


def _boxes(
    request, proposal, voting_round, organisation, bound: tuple | None, kept: tuple | None = None
) -> list[dict]:
    """A ballot box per organisation the user votes for: its own, then each mandator.
    ``bound``: ``(organisation id, form)`` of the form just posted; ``kept``:
    ``(organisation id, initial)`` of a ballot sent when it could not be cast."""
    user = request.user
    boxes = []
    if organisation is not None and voting_round.weight is not None:
        boxes.append(
            {
                "organisation": organisation,
                "weight": voting_round.weight,
                "mandate": None,
                "can_cast": rules.has_perm("voting.cast_ballot", user, proposal),
                "ballot": ballot_for(
                    voting_round=voting_round,
                    organisation=organisation,
                    viewer_organisation=organisation,
                ),
                "history": _history(voting_round, organisation),
                "given": mandate_given(proposal_id=proposal.pk, organisation=organisation),
            }
        )
    held = mandates_held(proposal_id=proposal.pk, organisation=organisation)
    weights = dict(
        Eligibility.objects.filter(
            round=voting_round, organisation__in=[m.mandator_id for m in held]
        ).values_list("organisation_id", "weight")
    )
    for mandate in held:
        if mandate.mandator_id not in weights:
            continue
        boxes.append(
            {
                "organisation": mandate.mandator,
                "weight": weights[mandate.mandator_id],
                "mandate": mandate,
                "can_cast": rules.has_perm("voting.cast_as_proxy", user, mandate),
                "ballot": ballot_for(
                    voting_round=voting_round,
                    organisation=mandate.mandator,
                    viewer_organisation=organisation,
                ),
                "history": _history(voting_round, mandate.mandator, by_proxy=organisation),
            }
        )
    for box in boxes:
        org = box["organisation"]
        prefix = _box_prefix(org.pk, organisation)
        box["kept"] = kept is not None and kept[0] == org.pk and box["can_cast"]
        if bound is not None and bound[0] == org.pk:
            box["form"] = bound[1]
        else:
            ballot = box["ballot"]
            initial = {}
            if box["kept"]:
                initial = kept[1]  # pre-selected, not cast: the person presses again
            elif ballot is not None:
                initial = {"choice": ballot.choice}
                if ballot.split is not None:
                    initial.update({f"split_{k}": v for k, v in ballot.split.items()})
            # One vote has nothing to split: "parts adding up to 1 vote" only puzzles.
            box["form"] = BallotForm(
                initial=initial,
                prefix=prefix,
                split_allowed=voting_round.split_allowed and box["weight"] > 1,
            )
        box["ballot_choice"] = ballot_label(box["ballot"]) if box["ballot"] else ""
    return boxes


def _cast_posted(request, proposal, voting_round, organisation):
    """Cast the posted ballot: the user's own organisation's, or a mandator's as its
    proxy. A redirect once cast; else ``(organisation id, bound form)`` to show again."""
    target_id = _posted_id(request.POST, "organisation") or 0
    target, proxy = organisation, None
    if organisation is not None and target_id and target_id != organisation.pk:
        mandate = next(
            (
                m
                for m in mandates_held(proposal_id=proposal.pk, organisation=organisation)
                if m.mandator_id == target_id
            ),
            None,
        )
        if mandate is None:
            messages.error(request, str(no_mandate(str(target_id)).args[0]))
            return None
        target, proxy = mandate.mandator, organisation
    posted_round = _posted_id(request.POST, ROUND_FIELD)
    if posted_round is not None and posted_round != voting_round.pk:
        # a tab left open since an earlier round (the current one's close: ballot_cast says it)
        messages.error(request, _round_refusal(voting_round, posted_round))
        return None
    prefix = _box_prefix(target.pk, organisation) if target is not None else None
    form = BallotForm(request.POST, prefix=prefix, split_allowed=voting_round.split_allowed)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose yes, no or abstain, or give the three parts of the split.")
            if voting_round.split_allowed
            else _("Choose yes, no or abstain."),
        )
        return (target.pk if target else None, form)
    try:
        ballot = ballot_cast(
            voting_round=voting_round,
            organisation=target,
            proxy=proxy,
            user=request.user,
            choice=form.cleaned_data["choice"] if form.split() is None else None,
            split=form.split(),
        )
    except (Conflict, PermissionDenied, ValidationError) as exc:
        messages.error(request, error_text(exc))
        return (target.pk if target else None, form)
    messages.success(
        request,
        _(
            "The ballot of %(org)s is recorded: %(choice)s. "
            "Keep the receipt %(receipt)s to check the published count."
        )
        % {"org": target.name, "choice": ballot_label(ballot), "receipt": ballot.receipt},
    )
    return redirect(reverse("vote", args=[proposal.pk]))


def _kept_ballot(request, voting_round, organisation) -> tuple | None:
    """The ballot this person sent when it could not be cast (signed out, a stale form),
    as ``(organisation id, initial)`` for its box, if it may be put back; the page's
    message says what happened to it. Taken once (``config.drafts.draft_take``)."""
    draft = draft_take(request, notify=False, words=BALLOT)
    if draft is None:
        return None
    round_id = _posted_id(draft, ROUND_FIELD)
    target = _posted_id(draft, "organisation")
    if round_id is None or target is None:  # a page without its round: nothing to trust
        messages.warning(request, str(BALLOT.not_kept))
        return None
    if refusal := _round_refusal(voting_round, round_id):
        messages.warning(request, refusal)
        return None
    prefix = _box_prefix(target, organisation)
    key = (prefix + "-") if prefix else ""
    initial = {
        name: draft[key + name]
        for name in ("choice", *SPLIT_FIELDS)
        if draft.get(key + name, "") != ""
    }
    if "choice" not in initial:
        messages.warning(request, str(BALLOT.not_kept))
        return None
    return (target, initial)


@sensitive_post_parameters()
@signin_keeps_text(words=BALLOT)
@require_http_methods(["GET", "POST"])
@acts_once
def vote_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    user = request.user
    organisation = user.organisation if user.organisation_id else None
    voting_round = round_latest(proposal_id=proposal.pk, organisation=organisation)
    if voting_round is None:
        if rules.has_perm("voting.give_mandate", user, proposal):
            return redirect(reverse("mandate", args=[proposal.pk]))
        messages.info(request, _("No vote has been opened on this proposal yet."))
        return redirect(proposal)
    bound = kept = None
    if request.method == "POST":
        outcome = _cast_posted(request, proposal, voting_round, organisation)
        if outcome is not None and not isinstance(outcome, tuple):
            return outcome
        bound = outcome
    else:
        kept = _kept_ballot(request, voting_round, organisation)
    boxes = _boxes(request, proposal, voting_round, organisation, bound, kept)
    if kept is not None:
        if any(box["kept"] for box in boxes):
            messages.info(request, str(BALLOT.restored))
        else:  # no longer theirs to cast (a mandate revoked, the organisation not eligible)
            messages.warning(request, str(BALLOT.not_kept))
    own = boxes[0] if boxes and boxes[0]["mandate"] is None else None
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
        "own": own,
        "proxy_boxes": [b for b in boxes if b["mandate"] is not None],
        "can_mandate": rules.has_perm("voting.give_mandate", user, proposal),
        "results": results,
        "majority_label": dict(Procedure.Majority.choices).get(voting_round.majority, ""),
        "choice_labels": dict(BALLOT_CHOICES),
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
        context["own_receipts"] = {b["ballot"].receipt for b in boxes if b["ballot"]}
    return render(request, "voting/vote.html", context)


class MandateForm(forms.Form):
    proxy = forms.ModelChoiceField(
        label=gettext_lazy("Organisation that votes for yours"),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("Choose an organisation"),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = Organisation.objects.eligible().order_by("name")
        if organisation is not None:
            eligible = eligible.exclude(pk=organisation.pk)
        self.fields["proxy"].queryset = eligible


def _voted_in_open_round(proposal, organisation) -> bool:
    """Whether ``organisation`` has a ballot in the proposal's open round: a mandate
    given then leaves it counting until the proxy casts."""
    voting_round = round_latest(proposal_id=proposal.pk, organisation=organisation)
    if voting_round is None or not voting_round.is_open:
        return False
    ballot = ballot_for(
        voting_round=voting_round, organisation=organisation, viewer_organisation=organisation
    )
    return ballot is not None


@signin_keeps_text(words=MANDATE)
@require_http_methods(["GET", "POST"])
@acts_once
def mandate_page(request, pk: int):
    """Give a mandate (choose the proxy) or revoke it; see the mandates held.

    A choice sent signed out (or from an expired form) comes back in the form, once,
    for the same person; nothing is given or revoked until they press again."""
    proposal = visible_proposal_or_404(request, pk)
    user = request.user
    organisation = user.organisation if user.organisation_id else None
    given = mandate_given(proposal_id=proposal.pk, organisation=organisation)
    sent = request.POST if request.method == "POST" else draft_take(request, words=MANDATE)
    form = MandateForm(
        sent if sent is not None and sent.get("action") == "give" else None,
        organisation=organisation,
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                if given is None or str(given.pk) != request.POST.get("mandate"):
                    raise Http404
                mandate_revoke(mandate=given, user=user)
                messages.success(
                    request,
                    _("The mandate is revoked: %(org)s no longer votes for your organisation.")
                    % {"org": given.proxy.name},
                )
                return redirect(reverse("mandate", args=[proposal.pk]))
            if form.is_valid():
                mandate = mandate_give(
                    proposal_id=proposal.pk, user=user, proxy_id=form.cleaned_data["proxy"].pk
                )
                messages.success(
                    request,
                    _("%(org)s now votes for your organisation on this proposal.")
                    % {"org": mandate.proxy.name},
                )
                return redirect(reverse("mandate", args=[proposal.pk]))
        except ValidationError as exc:
            add_errors(form, exc)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    return render(
        request,
        "voting/mandate.html",
        {
            "proposal": proposal,
            "organisation": organisation,
            "given": given,
            "held": mandates_held(proposal_id=proposal.pk, organisation=organisation),
            "can_give": given is None and rules.has_perm("voting.give_mandate", user, proposal),
            "can_revoke": given is not None
            and rules.has_perm("voting.revoke_mandate", user, given),
            "form": form,
            "max_mandates": proxy_rules(proposal)[1],
            "voted": _voted_in_open_round(proposal, organisation),
        },
    )
