"""Papers and uploads in an S3 object store, spoken to over HTTP (moto's server mode).

Run by ``.ci/run`` (``pytest -m s3``): a ``ThreadedMotoServer`` on loopback
(``S3_TEST_PORT``, 8195 by default) stands in for the object store; the
default storage is django-storages' ``S3Storage`` pointed at it, as
``PLENUM_STORAGE=s3`` selects it in production. Nothing here touches
``MEDIA_ROOT``: the tests check it stays empty.
"""

import os
import uuid

import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from members.models import Network
from papers.render import MEDIA_ORIGIN, RefusedURL, StaticOnlyFetcher
from papers.services import paper_render_bytes
from papers.views import paper_public_url
from tests.members.network_files import png_bytes, upload
from tests.papers.conftest import pdf_reader

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

PORT = int(os.environ.get("S3_TEST_PORT", "8195"))
ENDPOINT = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    yield ENDPOINT
    server.stop()


def _client():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _s3_storage(bucket: str, endpoint: str = ENDPOINT) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "eu-west-1",
            "access_key": "testing",
            "secret_key": "testing",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def _store_down(settings, bucket: str) -> None:
    """From now on the default storage points at a port where nothing listens."""
    down = _s3_storage(bucket, endpoint="http://127.0.0.1:9")
    down["OPTIONS"]["client_config"] = Config(retries={"max_attempts": 1}, connect_timeout=1)
    settings.STORAGES = {**settings.STORAGES, "default": down}


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A fresh bucket, the default storage on it; ``MEDIA_ROOT`` an empty folder."""
    name = f"plenum-{uuid.uuid4().hex[:12]}"
    client = _client()
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": _s3_storage(name)}
    yield name
    assert not settings.MEDIA_ROOT.exists(), "something wrote to MEDIA_ROOT instead of storage"


def _objects(bucket: str) -> dict[str, bytes]:
    client = _client()
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def test_the_default_storage_writes_to_the_bucket(bucket):
    name = default_storage.save("network/probe.txt", ContentFile(b"probe"))

    assert _objects(bucket) == {name: b"probe"}
    assert default_storage.exists(name) and default_storage.size(name) == 5


def test_a_rendered_paper_is_stored_in_the_bucket_and_downloads_byte_identical(
    bucket, make_board_review, approve, representative_factory, publish
):
    proposal = approve(make_board_review(languages=("en", "fr")))
    papers = {p.language: p for p in proposal.papers.all()}
    stored = _objects(bucket)

    assert {p.status for p in papers.values()} == {"ready"}
    assert set(stored) == {p.file.name for p in papers.values()}
    api = APIClient()
    api.force_authenticate(representative_factory())
    for paper in papers.values():
        response = api.get(f"/api/v1/papers/{paper.pk}/download/")
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body == stored[paper.file.name]
        assert body.startswith(b"%PDF-") and len(body) == paper.size
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Length"] == str(paper.size)
        assert response["ETag"] == f'"{paper.sha256}"'
        assert response["Content-Disposition"] == f'inline; filename="{paper.file_name()}"'
        # the same paper rendered again gives the same bytes as the bucket holds
        assert paper_render_bytes(paper).sha256 == paper.sha256

    publish(proposal)
    public = APIClient().get(paper_public_url(papers["fr"]))  # the register's permanent link
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == stored[papers["fr"].file.name]


def test_the_same_headers_as_on_the_filesystem(
    bucket, settings, make_board_review, approve, representative_factory, tmp_path
):
    proposal = approve(make_board_review())
    paper = proposal.papers.get()
    api = APIClient()
    api.force_authenticate(representative_factory())
    from_s3 = api.get(f"/api/v1/papers/{paper.pk}/download/")
    s3_body = b"".join(from_s3.streaming_content)

    # the same bytes under the same name on disk, the filesystem storage in use
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "disk"
    (settings.MEDIA_ROOT / paper.file.name).parent.mkdir(parents=True)
    (settings.MEDIA_ROOT / paper.file.name).write_bytes(s3_body)
    from_disk = api.get(f"/api/v1/papers/{paper.pk}/download/")
    disk_body = b"".join(from_disk.streaming_content)
    settings.MEDIA_ROOT = tmp_path / "media"  # what the fixture checks is still empty

    assert disk_body == s3_body
    names = ("Content-Type", "Content-Length", "Content-Disposition", "ETag")
    assert {n: from_s3[n] for n in names} == {n: from_disk[n] for n in names}


def test_the_logo_upload_lands_in_the_bucket_and_prints_on_the_cover(
    bucket, secretariat, make_board_review, approve
):
    api = APIClient()
    api.force_authenticate(secretariat)
    logo = png_bytes(120, 40)

    response = api.patch("/api/v1/network/", {"logo": upload(logo)}, format="multipart")

    assert response.status_code == 200
    network = Network.objects.get()
    assert network.logo.name.startswith("network/logo")
    assert _objects(bucket) == {network.logo.name: logo}
    # the API's link is the object store's signed URL
    assert response.json()["logo_url"].startswith(f"{ENDPOINT}/{bucket}/network/logo")

    proposal = approve(make_board_review())
    paper = proposal.papers.get()
    cover = pdf_reader(paper).pages[0]
    images = [
        x for x in (cover["/Resources"].get("/XObject") or {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]  # fmt: skip
    assert len(images) == 1
    assert images[0].get_object()["/Width"] == 120


def test_the_cover_reads_the_logo_from_the_bucket_and_nothing_else(bucket):
    logo = png_bytes()
    default_storage.save("network/logo.png", ContentFile(logo))
    default_storage.save("papers/other.pdf", ContentFile(b"%PDF-"))
    fetcher = StaticOnlyFetcher()

    answer = fetcher.fetch(MEDIA_ORIGIN + "network/logo.png")

    assert answer.read() == logo
    assert answer.content_type == "image/png"
    with pytest.raises(RefusedURL, match="No such file"):
        fetcher.fetch(MEDIA_ORIGIN + "network/missing.png")
    with pytest.raises(RefusedURL, match="Not a file a paper may load"):
        fetcher.fetch(MEDIA_ORIGIN + "papers/other.pdf")


def test_replacing_the_logo_deletes_the_old_object_after_commit(
    bucket, secretariat, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        api.patch("/api/v1/network/", {"logo": upload(png_bytes())}, format="multipart")
    first = Network.objects.get().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        api.patch("/api/v1/network/", {"logo": upload(png_bytes(64, 64))}, format="multipart")

    second = Network.objects.get().logo.name
    assert set(_objects(bucket)) == {second} and second != first


def test_a_download_while_the_object_store_is_down_is_a_503_json(
    bucket, settings, make_board_review, approve, representative_factory
):
    proposal = approve(make_board_review())
    paper = proposal.papers.get()
    _store_down(settings, bucket)
    api = APIClient()
    api.force_authenticate(representative_factory())

    response = api.get(f"/api/v1/papers/{paper.pk}/download/")

    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    assert response["Retry-After"] == "30"


def test_a_logo_upload_while_the_object_store_is_down_is_a_503_and_saves_nothing(
    bucket, settings, secretariat
):
    _store_down(settings, bucket)
    api = APIClient()
    api.force_authenticate(secretariat)

    response = api.patch(
        "/api/v1/network/",
        {"logo": upload(png_bytes()), "email": "new@example.org"},
        format="multipart",
    )

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The storage of papers and uploads is unavailable. Try again shortly.",
        "code": "storage_unavailable",
    }
    assert response["Retry-After"] == "30"
    network = Network.objects.get_solo()
    assert not network.logo and network.email != "new@example.org"


def test_the_network_page_says_the_logo_could_not_be_stored_while_the_store_is_down(
    bucket, settings, secretariat, client
):
    from tests.members.test_network_page import URL, _form

    client.force_login(secretariat)
    data = _form(client, logo=upload(png_bytes()), email="new@example.org")
    _store_down(settings, bucket)

    response = client.post(URL, data)

    assert response.status_code == 503
    assert "The logo could not be stored just now. Nothing was saved: try again." in (
        response.content.decode()
    )
    network = Network.objects.get_solo()
    assert not network.logo and network.email != "new@example.org"


def test_the_admin_says_the_logo_could_not_be_stored_while_the_store_is_down(
    bucket, settings, secretariat_factory, client
):
    from tests.members.test_network_admin import CHANGE, _data

    client.force_login(secretariat_factory(is_superuser=True))
    client.get("/admin/members/network/")
    _store_down(settings, bucket)

    response = client.post(
        CHANGE, _data(logo=upload(png_bytes()), email="new@example.org"), follow=True
    )

    assert response.redirect_chain == [(CHANGE, 302)]
    assert "The logo could not be stored just now. Nothing was saved: try again." in (
        response.content.decode()
    )
    network = Network.objects.get_solo()
    assert not network.logo and network.email != "new@example.org"
