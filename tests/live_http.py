"""An HTTP client for tests against running servers (gunicorn on loopback).

Plain ``http.client``, one connection per request, so threads share nothing:
with ``tests.concurrency.in_threads(200, work)`` (a barrier) each request goes
out on its own socket, as 200 clients would send them.
``round_robin`` spreads requests over several servers (a load balancer's
simplest rule). Used by ``make scale-out`` (``tests/scale``); meant to be the
one client of every live-server leg.
"""

import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self):
        return json.loads(self.body)


def request(
    base: str,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body=None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Answer:
    """One request to the server at ``base`` (``http://127.0.0.1:8190``); ``body`` is
    sent as JSON. Never raises for an HTTP status; a connection error raises."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    sent = {"Accept": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Token {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, response.read(), headers)
    finally:
        connection.close()


def round_robin(bases: list[str]):
    """``pick(i)``: the server for request ``i``, in turn."""
    return lambda index: bases[index % len(bases)]


def wait_until_up(base: str, *, path: str = "/api/v1/me/", timeout: float = 90) -> None:
    """Wait until the server at ``base`` answers ``path`` (any status below 500)."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            if request(base, "GET", path, timeout=5).status < 500:
                return
        except OSError as exc:
            last = exc
        time.sleep(0.25)
    raise AssertionError(f"{base} did not come up in {timeout}s ({last})")
