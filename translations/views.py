"""The translation page: the source and the translation side by side (SPEC §11)."""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import ValidationError

from config.conflict import Conflict
from config.drafts import draft_take, posts_only, signin_keeps_text
from config.once import acts_once
from proposals.text import diff_words, render_markdown
from proposals.views import error_text, visible_proposal_or_404
from translations.api import xliff_response
from translations.rules import TranslationTarget
from translations.selectors import translation_detail, translation_language_check
from translations.services import translation_import, translation_update
from translations.xliff import XliffError, xliff_read

#: An uploaded XLIFF file may be this large (the API's request limit is the same).
XLIFF_MAX_BYTES = 2_500_000


def _messages_of(detail) -> list[str]:
    if isinstance(detail, dict):
        return [f"{k}: {' '.join(_messages_of(v))}" for k, v in detail.items()]
    if isinstance(detail, list):
        return [str(m) for item in detail for m in _messages_of(item)]
    return [str(detail)]


def _rows(detail: dict) -> list[dict]:
    """One row per unit: its id (the form field), number, source (as HTML) and text."""
    rows = [{**detail["title_unit"], "label": _("Title"), "kind": "title"}]
    if detail["summary_unit"]["source"]:
        rows.append({**detail["summary_unit"], "label": _("Summary"), "kind": "summary"})
    for section in detail["sections"]:
        number = section["section"]
        if section["source_heading"]:
            rows.append(
                {
                    "unit": f"s{number}.heading",
                    "label": _("Heading of section %(n)s") % {"n": number},
                    "kind": "heading",
                    "source": section["source_heading"],
                    "text": section["heading"],
                    "status": section["heading_status"],
                    "old_source": "",
                }
            )
        for p in section["paragraphs"]:
            rows.append(
                {
                    **p,
                    "unit": f"s{number}.p{p['paragraph']}",
                    "label": _("Paragraph %(n)s") % {"n": f"{number}.{p['paragraph']}"},
                    "kind": "paragraph",
                }
            )
    for row in rows:
        row["field"] = "u-" + row["unit"]
        row["source_html"] = render_markdown(row["source"])
        if row["old_source"]:
            row["diff"] = diff_words(row["old_source"], row["source"])
    return rows


def _update_from_post(post, rows: list[dict]) -> dict:
    """The PATCH body the form means: every unit the form shows."""
    values = {row["unit"]: post.get(row["field"], "") for row in rows}
    sections: dict[int, dict] = {}
    for unit, text in values.items():
        if unit in ("title", "summary"):
            continue
        number, part = unit[1:].split(".", 1)
        entry = sections.setdefault(int(number), {"section": int(number), "paragraphs": []})
        if part == "heading":
            entry["heading"] = text
        else:
            entry["paragraphs"].append({"paragraph": int(part[1:]), "text": text})
    data = {"title": values.get("title", ""), "sections": list(sections.values())}
    if "summary" in values:
        data["summary"] = values["summary"]
    return data


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def translation_page(request, pk: int, lang: str):
    proposal = visible_proposal_or_404(request, pk)
    translation_language_check(proposal, lang)
    may_translate = rules.has_perm(
        "translations.translate", request.user, TranslationTarget(proposal, lang)
    )
    detail = translation_detail(proposal=proposal, language=lang)
    rows = _rows(detail)
    errors: list[str] = []
    conflict = None
    if request.method == "POST":
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        try:
            translation_update(
                proposal=proposal,
                language=lang,
                actor=request.user,
                revision=revision,
                **_update_from_post(request.POST, rows),
            )
        except Conflict as exc:
            current = exc.extra.get("current")
            if current is None:
                messages.error(request, error_text(exc))
                return redirect(proposal)
            conflict = str(exc.detail)
            # keep what this person typed, with the text saved meanwhile beside each unit
            # where they differ; the next save is based on the new revision
            for row in rows:
                mine = request.POST.get(row["field"], row["text"])
                if mine != row["text"]:
                    row["theirs"] = row["text"]
                row["text"] = mine
            detail = {**detail, "revision": current["revision"]}
        except ValidationError as exc:
            errors = _messages_of(exc.detail)
            for row in rows:
                row["text"] = request.POST.get(row["field"], row["text"])
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
            return redirect(proposal)
        else:
            messages.success(request, _("Translation saved."))
            return redirect("translation-page", pk=proposal.pk, lang=lang)
    elif may_translate and (draft := draft_take(request)) is not None:
        # kept when it could not be saved (signed out): typed text and its revision
        for row in rows:
            row["text"] = draft.get(row["field"], row["text"])
        if draft.get("revision", "").isdigit():
            detail = {**detail, "revision": int(draft["revision"])}
    languages = dict(settings.PAPER_LANGUAGES)
    return render(
        request,
        "translations/translation.html",
        {
            "proposal": proposal,
            "detail": detail,
            "rows": rows,
            "outdated": [row for row in rows if row["status"] == "outdated"],
            "language": lang,
            "language_name": languages.get(lang, lang),
            "source_name": languages.get(proposal.source_language, proposal.source_language),
            "may_translate": may_translate,
            "errors": errors,
            "conflict": conflict,
        },
    )


@login_required
def translation_xliff_download(request, pk: int, lang: str):
    return xliff_response(visible_proposal_or_404(request, pk), lang)


@login_required
@posts_only(lambda request, pk, lang: reverse("translation-page", args=[pk, lang]))
@acts_once
def translation_xliff_upload(request, pk: int, lang: str):
    proposal = visible_proposal_or_404(request, pk)
    translation_language_check(proposal, lang)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise XliffError(_("Choose an XLIFF file to import."))
        if upload.size > XLIFF_MAX_BYTES:
            raise XliffError(_("The file is larger than 2.5 MB."))
        units = xliff_read(upload.read())
        translation_import(proposal=proposal, language=lang, actor=request.user, units=units)
    except XliffError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(
            request,
            _("Nothing was imported: %(errors)s") % {"errors": "; ".join(_messages_of(exc.detail))},
        )
    except (Conflict, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The XLIFF file was imported."))
    return redirect("translation-page", pk=proposal.pk, lang=lang)
