"""Real threads for the PostgreSQL concurrency tests: each runs on its own connection."""

import threading
import time

from django.db import connections


def in_threads(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads released together by a barrier.

    Returns what each returned, or the exception it raised, by index.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.1):
    """Poll ``condition`` until it returns something true (and return it); fail after
    ``timeout`` seconds naming ``what`` (tests against real workers and servers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
