"""Reading stored files (papers, the logo) whatever the storage.

Every file Plenum keeps goes through Django's storage API (``default_storage``,
``FileField``), so ``PLENUM_STORAGE`` alone picks the filesystem or an S3 object
store (``config/settings/base.py``). ``open_stream`` opens a stored file through
that API only and maps what a storage raises when it does not answer to one
exception. (django-storages' ``S3File`` fetches the whole object before the first
byte is sent: a paper is at most a few megabytes, so that costs less than reading
the object's body through boto3 beside the storage, with the storage's private key
naming.)
"""

from typing import IO

from django.core.files.storage import Storage


class StorageUnavailable(OSError):
    """The storage did not answer (the object store is down or refuses us): the API
    answers 503 ``storage_unavailable`` (``config.api.exception_handler``), the
    network's page and its admin say that nothing was saved."""


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a storage raises when it does not answer, beside ``OSError`` (the disk's):
    botocore's errors when django-storages' S3 backend is installed."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover (a dependency)
        return ()
    return (BotoCoreError, ClientError)


def open_stream(storage: Storage, name: str) -> tuple[IO[bytes], int | None]:
    """The stored file ``name`` opened for reading, and its size. ``FileNotFoundError``
    when it is not there, ``StorageUnavailable`` when the storage does not answer.
    The size is asked here so that an absent object or a store that is down fails
    before the response starts, not in the middle of it."""
    try:
        handle = storage.open(name, "rb")
        size = handle.size
    except FileNotFoundError:
        raise
    except storage_errors() as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code")
        if code in ("NoSuchKey", "404"):
            raise FileNotFoundError(name) from exc
        raise StorageUnavailable(str(exc)) from exc
    except OSError as exc:
        raise StorageUnavailable(str(exc)) from exc
    return handle, size
