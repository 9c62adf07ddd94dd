"""What every benchmark shares: the bench database, a Django process, gunicorn, wrk,
timing and the figures' shape. One harness: the ``bench_*`` modules only say what
they measure and against which floor.

Database: the one ``DATABASE_URL`` names (``make bench`` passes ``BENCH_DATABASE_URL``),
dropped and created again by each module that needs it; a URL naming the shared
``test`` or ``postgres`` database (the Makefile's default, for CI) uses
``plenum_bench`` on the same server instead. ``BENCH_DB`` overrides the name.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
#: The server under test: 2 cores, so a few processes to overlap database round trips.
GUNICORN = os.environ.get("BENCH_GUNICORN", "-k sync -w 6")
#: A real broker for the benchmarks that need real workers (the papers' languages).
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")


def bench_database(url: str, override: str = "") -> tuple[str, str]:
    """(server URL without the database, the bench database's name) for ``url``."""
    parts = urllib.parse.urlsplit(url or "postgres://postgres@127.0.0.1:5432/test")
    name = override or parts.path.lstrip("/")
    if name in ("", "test", "postgres"):
        name = "plenum_bench"  # never the shared databases
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", "")), name


SERVER, DB_NAME = bench_database(os.environ.get("DATABASE_URL", ""), os.environ.get("BENCH_DB", ""))
DATABASE_URL = f"{SERVER}/{DB_NAME}"


def env(**extra: str) -> dict:
    """The environment of every process the benchmarks start (eager Celery unless told)."""
    out = dict(os.environ)
    out.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        CELERY_TASK_ALWAYS_EAGER="1",
        CELERY_BROKER_URL="",
        DATABASE_CONN_MAX_AGE="600",
    )
    out.update(extra)
    return out


def fresh_database() -> None:
    """Drop and create the bench database, and migrate it."""
    parts = urllib.parse.urlsplit(SERVER)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"make bench needs PostgreSQL, not {parts.scheme or SERVER!r}")
    conn = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    conn += ["-U", parts.username or "postgres"]
    subprocess.run(["dropdb", *conn, "--if-exists", "--force", DB_NAME], check=True)
    subprocess.run(["createdb", *conn, DB_NAME], check=True)
    manage("migrate", "--noinput", "-v0")


def manage(*args: str, **extra: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env(**extra),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def shell_json(code: str, **extra: str):
    """Run ``code`` in ``manage.py shell``; its last printed line, as JSON."""
    return json.loads(manage("shell", "-v0", "-c", code, **extra).strip().splitlines()[-1])


def module_json(module: str, *args: str, **extra: str):
    """Run ``python -m <module> args`` (a fresh interpreter); its last line, as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env(**extra),
        check=True,
        stdout=subprocess.PIPE,  # stderr passes through: errors and warnings show
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def gunicorn():
    """The product's WSGI app (``bench.settings``: product URLs plus the floors') on PORT."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", *GUNICORN.split(),
         "--log-level", "warning"],
        cwd=ROOT,
        env=env(),
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(lua: str, *, seconds: int, clients: int = 16, label: str = "") -> dict:
    """Load PORT from ``wrk`` (C, 2 threads: little CPU taken from the server) with
    the ``request`` function of ``lua``; any non-2xx answer or socket error fails."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "--latency",
             "-s", script.name,
             f"http://127.0.0.1:{PORT}"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    done = int(re.search(r"(\d+) requests in", out).group(1))
    if "Non-2xx" in out or "Socket errors" in out or len(latency) != 2 or not done:
        raise RuntimeError(f"{label}: errors under load, or no request finished\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "requests": done,
    }


def alternate(phases: dict, *, rounds: int, warm_up: int = 2, seconds: int) -> dict:
    """Run each ``phases[kind](seconds)`` once to warm up, then ``rounds`` times in
    turn, so a slow moment of the shared machine hits all alike; the median of each key."""
    for phase in phases.values():
        phase(warm_up)
    runs: dict[str, list[dict]] = {kind: [] for kind in phases}
    for _ in range(rounds):
        for kind, phase in phases.items():
            runs[kind].append(phase(seconds))
    return {
        kind: {key: statistics.median(r[key] for r in samples) for key in samples[0]}
        for kind, samples in runs.items()
    }


def timed(fn, *, repeats: int, clock=time.perf_counter) -> float:
    """Median seconds (wall, or ``clock``: ``time.process_time`` for CPU) of ``repeats``
    calls of ``fn``."""
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append(clock() - start)
    return statistics.median(samples)


def figure(value: float, floor: float, unit: str) -> dict:
    """One row of the table: the product's figure, its same-run floor, their ratio."""
    return {
        "value": value,
        "floor": floor,
        "ratio": value / floor if floor else float("inf"),
        "unit": unit,
    }


def rps_figures(
    prefix: str, product: dict, floor: dict, *, target_p99: float | None = None, clients: int
) -> dict:
    """requests/s and p99 of an HTTP phase against the floor phase's."""
    target = f", target <= {target_p99:g}" if target_p99 is not None else ", saturated"
    return {
        f"{prefix}_rps": figure(product["rps"], floor["rps"], "req/s (ratio target >= 0.5)"),
        f"{prefix}_p99_ms": figure(
            product["p99_ms"], floor["p99_ms"], f"ms p99 at {clients} clients{target}"
        ),
    }


def line(label: str, m: dict, note: str = "") -> str:
    return (
        f"{label:<10} {m['rps']:8.1f} req/s  p50 {m['p50_ms']:6.1f} ms  "
        f"p99 {m['p99_ms']:6.1f} ms  {note}"
    )
