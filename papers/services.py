"""Writes of the papers app: ask for papers, render one, record a failure.

Rendering happens in a Celery task (``papers.tasks.paper_render``) that calls
``paper_render`` here. The same code runs in eager mode (a laptop, the tests)
and on a real worker: only the caller's ``.delay()`` differs.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from members.rules import rules_enforce
from papers.layout import paper_context, paper_moment
from papers.models import PositionPaper
from papers.render import StaticOnlyFetcher, pdf_identifier, pdf_render
from proposals.models import Proposal, Version

logger = logging.getLogger(__name__)

#: A render that has started this many times without finishing (worker lost
#: each time) is given up and marked failed rather than tried for ever.
MAX_ATTEMPTS = 5
#: Kept in ``error``: the end of a traceback is what one needs.
ERROR_MAX_CHARS = 4000

Status = PositionPaper.Status


def _enqueue(paper_id: int) -> None:
    from papers.tasks import paper_render as paper_render_task

    paper_render_task.delay(paper_id)


def _enqueue_on_commit(paper_ids: list[int]) -> None:
    # robust: a broker that is down must not undo what committed; the paper
    # stays pending and ``papers_requeue_pending`` picks it up again.
    for pk in paper_ids:

        def enqueue(pk=pk):
            _enqueue(pk)

        transaction.on_commit(enqueue, robust=True)


def papers_request(*, proposal: Proposal, version: Version) -> list[PositionPaper]:
    """Create the pending papers of ``version``, one per procedure language, and
    queue their renders after commit. Idempotent: existing rows are kept, and a
    ready paper is not rendered again."""
    papers = []
    for language in proposal.procedure.languages:
        paper, _created = PositionPaper.objects.get_or_create(
            proposal=proposal, version=version, language=language, preview=False
        )
        papers.append(paper)
    _enqueue_on_commit([p.pk for p in papers if p.status == Status.PENDING])
    return papers


def _working_text(proposal: Proposal) -> dict:
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "sections": [
            {"id": s.pk, "heading": s.heading, "body": s.body}
            for s in proposal.sections.order_by("position", "id")
        ],
    }


def paper_preview_request(
    *, proposal: Proposal, user, language: str | None = None
) -> PositionPaper:
    """A watermarked draft of the current working text, rendered after commit.

    ``papers.request_preview``: the working group and the board may ask, at any
    state (403 otherwise). The text is copied now, so the preview shows what was
    there when asked for.
    """
    rules_enforce("papers.request_preview", user, proposal)
    known = dict(settings.PAPER_LANGUAGES)
    language = language or (proposal.procedure.languages or ["en"])[0]
    if language not in known:
        raise ValidationError({"language": [_("Not a language papers are rendered in.")]})
    with transaction.atomic():
        paper = PositionPaper.objects.create(
            proposal=proposal,
            version=None,
            language=language,
            preview=True,
            snapshot=_working_text(proposal),
            requested_by=user,
        )
        _enqueue_on_commit([paper.pk])
    return paper


def paper_html(paper: PositionPaper) -> str:
    """The print HTML of ``paper`` (its language's labels, dates and numbers)."""
    from django.utils import translation

    context = paper_context(paper)
    with translation.override(paper.language):
        return render_to_string("papers/paper.html", context)


def _identifier(paper: PositionPaper) -> bytes:
    if paper.preview:
        return pdf_identifier(paper.proposal.reference, "preview", paper.pk, paper.language)
    return pdf_identifier(paper.proposal.reference, paper.version.number, paper.language)


def paper_render_bytes(paper: PositionPaper, *, fetcher: StaticOnlyFetcher | None = None):
    """Render ``paper`` without saving anything: a ``RenderedPdf``."""
    return pdf_render(
        paper_html(paper),
        moment=paper_moment(paper),
        identifier=_identifier(paper),
        fetcher=fetcher,
    )


def _start(paper_id: int) -> PositionPaper | None:
    """Mark a render as started (committed at once, so a lost worker still counts).

    Returns the paper to render, or ``None`` when there is nothing to do.
    """
    with transaction.atomic():
        paper = (
            PositionPaper.objects.select_for_update(of=("self",))
            .filter(pk=paper_id)
            .select_related("proposal__procedure", "proposal__working_group", "version")
            .first()
        )
        if paper is None or paper.status != Status.PENDING:
            return None
        if paper.attempts >= MAX_ATTEMPTS:
            paper.status = Status.FAILED
            paper.error = (
                _("Gave up after %(n)s attempts that never finished (worker lost).")
                % {"n": paper.attempts}
                + ("\n\n" + paper.error if paper.error else "")
            )[:ERROR_MAX_CHARS]
            paper.save(update_fields=["status", "error", "updated_at"])
            logger.error("paper %s: %s", paper_id, paper.error)
            return None
        paper.attempts += 1
        paper.started_at = timezone.now()
        paper.save(update_fields=["attempts", "started_at", "updated_at"])
    return paper


def paper_render(*, paper_id: int) -> str:
    """Render one paper and store it. Returns the paper's status afterwards.

    Idempotent: a paper that is ready (or failed, or gone) is left alone, so a
    task delivered twice renders once. The slow part runs outside any
    transaction; the result is saved under a row lock, and only if the paper
    is still pending (two workers racing store one file).
    """
    paper = _start(paper_id)
    if paper is None:
        current = PositionPaper.objects.filter(pk=paper_id).values_list("status", flat=True)
        return current.first() or "missing"
    rendered = paper_render_bytes(paper)
    with transaction.atomic():
        locked = (
            PositionPaper.objects.select_for_update(of=("self",))
            .select_related("proposal", "version")
            .get(pk=paper_id)
        )
        if locked.status != Status.PENDING:
            return locked.status
        name = locked.file_name()
        storage = locked.file.storage
        full_name = locked.file.field.generate_filename(locked, name)
        if storage.exists(full_name):
            storage.delete(full_name)
        locked.file.save(name, ContentFile(rendered.content), save=False)
        locked.pages = rendered.pages
        locked.size = rendered.size
        locked.sha256 = rendered.sha256
        locked.status = Status.READY
        locked.error = ""
        locked.rendered_at = timezone.now()
        locked.save()
    logger.info(
        "paper %s rendered: %s pages, %s bytes, sha256 %s",
        paper_id,
        rendered.pages,
        rendered.size,
        rendered.sha256,
    )
    return Status.READY


def paper_failure_record(*, paper_id: int, error: str, final: bool) -> None:
    """Record a failed attempt; on the last one the paper ends ``failed``."""
    with transaction.atomic():
        paper = PositionPaper.objects.select_for_update().filter(pk=paper_id).first()
        if paper is None or paper.status != Status.PENDING:
            return
        paper.error = error[-ERROR_MAX_CHARS:]
        fields = ["error", "updated_at"]
        if final:
            paper.status = Status.FAILED
            fields.append("status")
        paper.save(update_fields=fields)


def paper_retry(*, paper: PositionPaper) -> PositionPaper:
    """Put a failed paper back in the queue (admin action)."""
    with transaction.atomic():
        locked = PositionPaper.objects.select_for_update().get(pk=paper.pk)
        if locked.status != Status.FAILED:
            return locked
        locked.status = Status.PENDING
        locked.attempts = 0
        locked.save(update_fields=["status", "attempts", "updated_at"])
        _enqueue_on_commit([locked.pk])
    return locked


def papers_requeue_pending(*, older_than_seconds: int = 600) -> list[int]:
    """Queue again every paper still pending after ``older_than_seconds``
    (a broker that was down when it was asked for, a message lost). Safe to run
    often: a paper rendered meanwhile is skipped by the task."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        PositionPaper.objects.filter(status=Status.PENDING, updated_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        _enqueue(pk)
    return ids
