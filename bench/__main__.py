"""``make bench``: run every ``bench/bench_*.py``, print a table, write ``bench-results.json``.

Each module has ``run() -> dict[str, dict]`` returning
``{name: {"value", "floor", "ratio", "unit"}}``: the product's figure, a floor
measured in the same run on the same machine, and their ratio. Run one with
``python -m bench <module suffix>`` (e.g. ``python -m bench ballots``).
"""

import importlib
import json
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_") and (not wanted or m.name[6:] in wanted)
    )
    results: dict[str, dict] = {}
    out = ROOT / "bench-results.json"
    if out.exists() and wanted:
        results.update(json.loads(out.read_text()))
    for name in names:
        print(f"--- {name}", flush=True)
        results.update(importlib.import_module(f"bench.{name}").run())
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    width = max((len(k) for k in results), default=10)
    print(f"\n{'benchmark':<{width}}  {'value':>12}  {'floor':>12}  {'ratio':>7}  unit")
    for key, row in sorted(results.items()):
        print(
            f"{key:<{width}}  {row['value']:>12.3f}  {row['floor']:>12.3f}  "
            f"{row['ratio']:>7.3f}  {row['unit']}"
        )
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
