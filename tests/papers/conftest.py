"""Proposals on their way to a paper: in board review, approved, published."""

import io

import pytest
from pypdf import PdfReader

SECTIONS = [
    (
        "Why reserved contracts matter",
        "Work-integration social enterprises employ people far from the labour market.\n\n"
        "Public buyers spend **14 %** of the EU's GDP; a small share reserved for them "
        "changes lives.\n\n"
        "- Article 20 of Directive 2014/24/EU allows it.\n- Few member states use it.",
    ),
    (
        "What we ask of the Commission",
        "Publish guidance on reserved contracts within a year.\n\n"
        "Monitor the use of Article 20 in every member state.",
    ),
    (
        "What we ask of member states",
        "Reserve at least 5 % of public contracts for social enterprises.",
    ),
]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_board_review(
    run, proposal_factory, procedure_factory, section_factory, representative_factory
):
    """``make_board_review(languages=["en"], secret=False, approvals=1, votes=(...))``:
    a proposal voted through to ``board_review`` along the real workflow."""

    def _make(
        *,
        languages=("en",),
        secret=False,
        approvals=1,
        votes=("yes", "yes", "no"),
        sections=SECTIONS,
        title=None,
        consult=False,
    ):
        """``consult=True``: a comment and an amendment (supported, then accepted
        with changes) go into the consultation report."""
        from voting.services import ballot_cast

        procedure = procedure_factory(
            languages=list(languages), secret_ballot=secret, board_approvals_required=approvals
        )
        extra = {"title": title} if title else {}
        proposal = proposal_factory(procedure=procedure, **extra)
        for position, (heading, body) in enumerate(sections, start=1):
            section_factory(proposal=proposal, position=position, heading=heading, body=body)
        chair = proposal.working_group.chair
        reps = representative_factory.create_batch(len(votes))
        run(proposal, "submit_for_consultation", chair)
        if consult:
            from consultations.services import (
                amendment_create,
                amendment_decide,
                amendment_support,
                comment_create,
            )

            first, second = proposal.sections.order_by("position")[:2]
            comment_create(proposal=proposal, author=reps[0], body="We agree.", section=first)
            amendment = amendment_create(
                proposal=proposal,
                author=reps[0],
                section=second,
                kind="replace",
                paragraph=1,
                text="Publish guidance on reserved contracts within six months.",
                justification="A year is too long for the enterprises waiting.",
            )
            amendment_support(amendment=amendment, user=reps[1])
        run(proposal, "close_consultation", chair)
        if consult:
            amendment_decide(
                amendment=amendment,
                actor=chair,
                decision="accepted_with_changes",
                response="Nine months: the Commission needs time to consult.",
                text="Publish guidance on reserved contracts within nine months.",
            )
        proposal = run(proposal, "open_vote", chair)
        voting_round = proposal.voting_rounds.get()
        for rep, choice in zip(reps, votes, strict=True):
            ballot_cast(
                voting_round=voting_round, organisation=rep.organisation, user=rep, choice=choice
            )
        # organisations of earlier proposals in the same test are eligible too
        from members.models import User

        for eligibility in voting_round.eligibilities.exclude(
            organisation__in=[r.organisation for r in reps]
        ):
            rep = User.objects.filter(organisation=eligibility.organisation).first()
            ballot_cast(
                voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
            )
        proposal = run(proposal, "close_vote", chair)
        assert proposal.state == "board_review"
        return proposal

    return _make


@pytest.fixture
def publish(run, secretariat):
    """``publish(proposal)``: the secretariat publishes (every paper must be ready)."""

    def _publish(proposal):
        return run(proposal, "publish", secretariat)

    return _publish


@pytest.fixture
def approve(board_member, django_capture_on_commit_callbacks):
    """``approve(proposal)``: a board member approves; the papers render (eager, after commit)."""

    def _approve(proposal, member=None, translate=True):
        """``translate``: first fill every translation (with the source text), so
        that ``publish`` finds them complete (``translations_complete``)."""
        from tests.translations.helpers import fill_all
        from workflow.board import board_decision_record

        if translate:
            fill_all(proposal, proposal.working_group.chair)
        with django_capture_on_commit_callbacks(execute=True):
            board_decision_record(
                proposal=proposal, member=member or board_member, decision="approve", note=""
            )
        proposal.refresh_from_db()
        return proposal

    return _approve


def pdf_reader(paper) -> PdfReader:
    with paper.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def paper_factory(proposal_factory):
    """``paper_factory(state="published", preview=False, status="ready", language="en")``:
    a paper row as a render leaves it (a file name, no bytes), on a proposal put
    straight into ``state`` with an adopted version. Nothing renders: for rules
    and queries, not for PDFs."""
    from papers.models import PositionPaper
    from proposals.models import Proposal, Version

    def _make(
        *,
        state="published",
        preview=False,
        status="ready",
        language="en",
        proposal=None,
        reason=Version.Reason.ADOPTED,
        with_file=True,
    ):
        if proposal is None:
            proposal = proposal_factory()
            Proposal.objects.filter(pk=proposal.pk).update(state=state)
            proposal.refresh_from_db()
        version = None
        if not preview:
            number = (proposal.versions.order_by("-number").first() or Version(number=0)).number
            version = Version.objects.create(
                proposal=proposal, number=number + 1, reason=reason, title=proposal.title
            )
        return PositionPaper.objects.create(
            proposal=proposal,
            version=version,
            language=language,
            preview=preview,
            status=status,
            file=f"papers/{proposal.reference}/{language}-{status}.pdf" if with_file else "",
        )

    return _make
