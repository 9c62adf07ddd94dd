"""``PLENUM_STORAGE`` alone picks where papers and uploads live (docs/DEPLOY.md)."""

import ast

import pytest

from tests.test_run_stack import _settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "plenum.example.org",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def test_s3_is_selected_by_the_environment_alone():
    storages, csp = _settings(
        {
            **PRODUCTION,
            "PLENUM_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "plenum-papers",
            "AWS_S3_ENDPOINT_URL": "https://objects.example.org:9000",
            "AWS_S3_REGION_NAME": "eu-central-1",
        },
        "STORAGES",
        "CONTENT_SECURITY_POLICY",
    )
    default = ast.literal_eval(storages)["default"]

    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "plenum-papers"
    assert default["OPTIONS"]["endpoint_url"] == "https://objects.example.org:9000"
    assert default["OPTIONS"]["file_overwrite"] is False
    # pages may show the logo from the object store, and nothing else from elsewhere
    assert """'img-src': ["'self'", 'https://objects.example.org:9000']""" in csp


def test_the_filesystem_is_the_default():
    (storages,) = _settings(PRODUCTION, "STORAGES")

    default = ast.literal_eval(storages)["default"]
    assert default == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_an_unknown_storage_is_refused_at_start(module):
    with pytest.raises(AssertionError, match="PLENUM_STORAGE must be"):
        _settings({**PRODUCTION, "DJANGO_SETTINGS_MODULE": module, "PLENUM_STORAGE": "ftp"}, "x")
