"""Reading stored files (papers, the logo) as a stream, whatever the storage.

Every file Plenum keeps goes through Django's storage API (``default_storage``,
``FileField``), so ``PLENUM_STORAGE`` alone picks the filesystem or an S3 object
store (``config/settings/base.py``). One thing the storage API does not do is
stream: django-storages' ``S3File`` downloads the whole object before the first
byte is read. ``open_stream`` reads an S3 object's body as it arrives instead,
and a file on disk as Django always has.
"""

from typing import IO

from django.core.files.storage import Storage


class StorageUnavailable(OSError):
    """The storage did not answer (the object store is down or refuses us): the API
    answers 503 ``storage_unavailable`` (``config.api.exception_handler``)."""


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a storage raises when it does not answer, beside ``OSError`` (the disk's):
    botocore's errors when django-storages' S3 backend is installed."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover (a dependency)
        return ()
    return (BotoCoreError, ClientError)


def open_stream(storage: Storage, name: str) -> tuple[IO[bytes], int | None]:
    """The stored file ``name`` opened for reading in chunks, and its size when the
    handle cannot tell it (an S3 body). ``FileNotFoundError`` when it is not there,
    ``StorageUnavailable`` when the storage does not answer."""
    bucket = getattr(storage, "bucket", None)
    if bucket is None:  # FileSystemStorage (or any storage without a bucket)
        return storage.open(name, "rb"), None
    from botocore.exceptions import ClientError

    # The object's key as django-storages names it (``location`` prefix included).
    key = storage._normalize_name(name)
    try:
        answer = bucket.meta.client.get_object(Bucket=bucket.name, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise FileNotFoundError(name) from exc
        raise StorageUnavailable(str(exc)) from exc
    except storage_errors() as exc:
        raise StorageUnavailable(str(exc)) from exc
    return answer["Body"], answer["ContentLength"]
