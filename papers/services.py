"""Writes of the papers app: ask for papers, render one, record a failure.

Rendering happens in a Celery task (``papers.tasks.paper_render``) that calls
``paper_render`` here. The same code runs in eager mode (a laptop, the tests)
and on a real worker: only the caller's ``.delay()`` differs.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.rules import rules_enforce
from papers.layout import paper_context, paper_moment, print_html
from papers.models import PositionPaper
from papers.render import StaticOnlyFetcher, pdf_identifier, pdf_render
from proposals.models import Proposal, ProposalState, Version
from proposals.selectors import version_text, working_text
from proposals.services import proposal_lock
from translations.selectors import translated_text

logger = logging.getLogger(__name__)

#: A render that has started this many times without finishing (worker lost
#: each time) is given up and marked failed rather than tried for ever.
MAX_ATTEMPTS = 5
#: Kept in ``error``: the end of a traceback is what one needs.
ERROR_MAX_CHARS = 4000
#: A render still ``rendering`` this long after it started has lost its worker:
#: the task's hard time limit (660 s) is well below it.
STALE_RENDERING_SECONDS = 900

Status = PositionPaper.Status
UNFINISHED = (Status.PENDING, Status.RENDERING)


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
    return working_text(proposal)


def snapshot_sha256(snapshot: dict) -> str:
    """The fingerprint of a preview's text: equal texts, equal hashes."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def paper_preview_request(
    *, proposal: Proposal, user, language: str | None = None
) -> PositionPaper:
    """A watermarked draft of the current working text, rendered after commit.

    ``papers.request_preview``: the working group and the board may ask, at any
    state (403 otherwise). The text is copied now, so the preview shows what was
    there when asked for. SPEC §7, decided under the proposal's lock (and the
    ``paper_one_unfinished_preview`` constraint behind it):

    - while a preview of this proposal and language is pending or rendering,
      that one is returned, nothing new is queued;
    - when an earlier preview of the same text in the same language is ready,
      that one is returned, not rendered again;
    - otherwise a new preview is created and its render queued after commit.
    """
    rules_enforce("papers.request_preview", user, proposal)
    known = dict(settings.PAPER_LANGUAGES)
    language = language or (proposal.procedure.languages or ["en"])[0]
    if language not in known:
        raise ValidationError({"language": [_("Not a language papers are rendered in.")]})
    with transaction.atomic():
        proposal_lock(pk=proposal.pk)
        # Without their snapshots: a long text's is its whole text, and only the
        # hash is compared (``make bench``: paper_preview_unchanged_s).
        previews = PositionPaper.objects.filter(
            proposal=proposal, language=language, preview=True
        ).defer("snapshot")
        unfinished = previews.filter(status__in=UNFINISHED).first()
        if unfinished is not None:
            return unfinished
        snapshot = _working_text(proposal)
        # a translated preview is new when its translation is, too
        translated = translated_text(proposal=proposal, language=language, text=snapshot)
        digest = snapshot_sha256(translated)
        earlier = previews.filter(snapshot_sha256=digest).ready().order_by("-id").first()
        if earlier is not None:
            return earlier
        try:
            with transaction.atomic():
                paper = PositionPaper.objects.create(
                    proposal=proposal,
                    version=None,
                    language=language,
                    preview=True,
                    snapshot=snapshot,
                    snapshot_sha256=digest,
                    requested_by=user,
                )
        except IntegrityError:
            # Another request created it between our read and our insert (a
            # database without row locks): theirs is the one.
            return previews.get(status__in=UNFINISHED)
        _enqueue_on_commit([paper.pk])
    return paper


def paper_html(paper: PositionPaper) -> str:
    """The print HTML of ``paper`` (its language's labels, dates and numbers)."""
    from django.utils import translation

    context = paper_context(paper)
    with translation.override(paper.language):
        return print_html(context)


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
    """Mark a render as started: ``rendering``, one more attempt (committed at once,
    so a lost worker still counts and pages show it).

    Returns the paper to render, or ``None`` when there is nothing to do. A paper
    left ``rendering`` by a lost worker is started again.
    """
    with transaction.atomic():
        paper = (
            PositionPaper.objects.select_for_update(of=("self",))
            .filter(pk=paper_id)
            .select_related("proposal__procedure", "proposal__working_group", "version")
            .first()
        )
        if paper is None or paper.status not in UNFINISHED:
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
        paper.status = Status.RENDERING
        paper.started_at = timezone.now()
        paper.save(update_fields=["attempts", "status", "started_at", "updated_at"])
    return paper


def paper_render(*, paper_id: int) -> str:
    """Render one paper and store it. Returns the paper's status afterwards.

    Idempotent: a paper that is ready (or failed, or gone) is left alone, so a
    task delivered twice renders once. The slow part runs outside any
    transaction; the result is saved under a row lock, and only if the paper
    is still unfinished (two workers racing store one file).
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
        if locked.status not in UNFINISHED:
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
        "paper %s rendered: %s pages, %s bytes, sha256 %s; render process %.1f s CPU, peak %d MiB",
        paper_id,
        rendered.pages,
        rendered.size,
        rendered.sha256,
        rendered.cpu_seconds,
        rendered.peak_kib // 1024,
        extra={"render_cpu_seconds": rendered.cpu_seconds, "render_peak_kib": rendered.peak_kib},
    )
    return Status.READY


def paper_failure_record(*, paper_id: int, error: str, final: bool) -> None:
    """Record a failed attempt: the paper waits for its retry (``pending``), or on
    the last one ends ``failed``."""
    with transaction.atomic():
        paper = PositionPaper.objects.select_for_update().filter(pk=paper_id).first()
        if paper is None or paper.status not in UNFINISHED:
            return
        paper.error = error[-ERROR_MAX_CHARS:]
        paper.status = Status.FAILED if final else Status.PENDING
        paper.save(update_fields=["error", "status", "updated_at"])


def paper_retry(*, paper: PositionPaper) -> PositionPaper:
    """Put a failed paper back in the queue (admin action). A failed preview stays
    failed while a newer preview of its language is unfinished (SPEC §7: one at a time)."""
    with transaction.atomic():
        locked = PositionPaper.objects.select_for_update().get(pk=paper.pk)
        if locked.status != Status.FAILED:
            return locked
        if (
            locked.preview
            and PositionPaper.objects.filter(
                proposal_id=locked.proposal_id,
                language=locked.language,
                preview=True,
                status__in=UNFINISHED,
            ).exists()
        ):
            return locked
        _render_again(locked)
    return locked


def _render_again(paper: PositionPaper) -> None:
    """Back to ``pending`` with no attempt counted, its render queued after commit.
    Call with the paper's row locked."""
    paper.status = Status.PENDING
    paper.attempts = 0
    paper.save(update_fields=["status", "attempts", "updated_at"])
    _enqueue_on_commit([paper.pk])


def papers_requeue_pending(
    *, older_than_seconds: int = 600, rendering_seconds: int = STALE_RENDERING_SECONDS
) -> list[int]:
    """Queue again every paper still pending after ``older_than_seconds`` (a broker
    that was down when it was asked for, a message lost) and every paper still
    ``rendering`` ``rendering_seconds`` after its render started (its worker was
    killed mid-render). Safe to run often: a paper rendered meanwhile is skipped
    by the task."""
    now = timezone.now()
    stale = models.Q(
        status=Status.PENDING, updated_at__lte=now - timedelta(seconds=older_than_seconds)
    ) | models.Q(
        status=Status.RENDERING, started_at__lte=now - timedelta(seconds=rendering_seconds)
    )
    ids = list(PositionPaper.objects.filter(stale).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        _enqueue(pk)
    return ids


def paper_translation_changed(*, proposal_id: int, language: str) -> PositionPaper | None:
    """Render the official paper of ``language`` again once its translation is
    complete (a translation is finished after approval, SPEC §11; the paper made at
    approval printed what there was then). Only while the proposal is approved."""
    with transaction.atomic():
        proposal = proposal_lock(pk=proposal_id)
        if proposal is None or proposal.state != ProposalState.APPROVED:
            return None
        version = proposal.versions.adopted().newest()
        if version is None or not proposal.translations.complete_in(
            version_text(version), [language]
        ):
            return None
        paper = (
            PositionPaper.objects.select_for_update()
            .filter(proposal=proposal, version=version, language=language, preview=False)
            .first()
        )
        if paper is not None and paper.status not in UNFINISHED:
            _render_again(paper)
    return paper
