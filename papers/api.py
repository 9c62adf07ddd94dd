"""Papers API (API.md: "Board and papers"): list, preview, download."""

import logging

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import StorageDown
from config.errors import api_error
from config.permissions import allows
from config.storage import StorageUnavailable, open_stream
from members.rules import rules_enforce
from papers.models import PositionPaper
from papers.selectors import paper_list
from papers.services import paper_preview_request
from proposals.api import get_visible_proposal

logger = logging.getLogger(__name__)


class PaperOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(
        allow_null=True, help_text="Version number; null for previews."
    )
    language = serializers.CharField()
    status = serializers.ChoiceField(choices=PositionPaper.Status.choices)
    pages = serializers.IntegerField(allow_null=True)
    size = serializers.IntegerField(allow_null=True, help_text="Bytes.")
    sha256 = serializers.CharField()
    download_url = serializers.CharField(allow_null=True)
    preview = serializers.BooleanField()
    error = serializers.CharField(
        help_text="Why the render failed, in one line: failed papers only, and only for "
        "those who may ask for a preview (working group, board); empty otherwise."
    )
    created_at = serializers.DateTimeField()

    def to_representation(self, paper):
        request = self.context.get("request")
        url = None
        if paper.is_ready:
            url = reverse("api-paper-download", args=[paper.pk])
            if request is not None:
                url = request.build_absolute_uri(url)
        return super().to_representation(
            {
                "id": paper.pk,
                "version": paper.version.number if paper.version else None,
                "language": paper.language,
                "status": paper.status,
                "pages": paper.pages,
                "size": paper.size,
                "sha256": paper.sha256,
                "download_url": url,
                "preview": paper.preview,
                "error": paper.error_summary
                if paper.status == PositionPaper.Status.FAILED and self.context.get("show_errors")
                else "",
                "created_at": paper.created_at,
            }
        )


class PreviewInput(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.PAPER_LANGUAGES, required=False)


class PreviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class PaperListApi(APIView):
    @extend_schema(responses=PaperOutput(many=True))
    def get(self, request, pk: int):
        proposal = get_visible_proposal(request, pk)
        papers = paper_list(user=request.user, proposal=proposal)
        context = {
            "request": request,
            # the error for the working group and the board, not every participant
            "show_errors": rules.has_perm("papers.request_preview", request.user, proposal),
        }
        return Response(PaperOutput(papers, many=True, context=context).data)


class PreviewApi(APIView):
    permission_classes = [allows("papers.request_preview")]

    @extend_schema(request=PreviewInput, responses={202: PreviewOutput})
    def post(self, request, pk: int):
        """Render a watermarked draft of the current text (working group, board). While
        a preview of that language is pending or rendering, that one is answered; when
        the text is unchanged since a ready preview, that one is (not rendered again)."""
        proposal = get_visible_proposal(request, pk)
        self.check_object_permissions(request, proposal)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        paper = paper_preview_request(
            proposal=proposal, user=request.user, language=data.validated_data.get("language")
        )
        paper.refresh_from_db(fields=["status"])
        return Response(
            PreviewOutput({"id": paper.pk, "status": paper.status}).data,
            status=status.HTTP_202_ACCEPTED,
        )


def pdf_response(paper: PositionPaper) -> FileResponse | JsonResponse:
    """The paper's PDF, streamed from the storage (disk or object store); a 503 with
    the API's error body when the storage does not answer."""
    if not paper.file:
        raise Http404
    try:
        handle, size = open_stream(paper.file.storage, paper.file.name)
    except FileNotFoundError as exc:
        raise Http404 from exc
    except StorageUnavailable:
        logger.exception("paper %s: the storage did not answer", paper.pk)
        response = api_error(503, str(StorageDown.default_detail), StorageDown.default_code)
        response["Retry-After"] = "30"
        return response
    response = FileResponse(
        handle, content_type="application/pdf", filename=paper.file_name().split("/")[-1]
    )
    if size is not None:
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    if paper.sha256:
        response["ETag"] = f'"{paper.sha256}"'
    return response


class PaperDownloadApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            404: OpenApiResponse(description="No such paper, or not yours to see."),
            409: OpenApiResponse(description="Not rendered (yet)."),
            503: OpenApiResponse(description="The storage does not answer; try again."),
        }
    )
    def get(self, request, pid: int):
        """The PDF (``papers.view_paper``): for anyone once published (never a
        preview); otherwise for participants who can see the proposal (previews:
        working group, board, secretariat), 409 until it is rendered."""
        paper = PositionPaper.objects.select_related("proposal", "version").filter(pk=pid).first()
        if paper is None:
            raise Http404
        try:
            rules_enforce("papers.view_paper", request.user, paper)
        except PermissionDenied as exc:
            raise Http404 from exc  # a paper one may not see is not there for them
        return pdf_response(paper)
