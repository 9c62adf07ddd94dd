"""Print the schemathesis dictionaries of the demo's real ids (TOML), so that about
half the generated requests reach real objects instead of a 404.

Run with the same settings as the server: ``python .ci/schemathesis_ids.py``.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from consultations.models import Amendment, Comment  # noqa: E402
from papers.models import PositionPaper  # noqa: E402
from proposals.models import Proposal, Section  # noqa: E402
from proposals.transitions import TRANSITIONS  # noqa: E402

DICTIONARIES = {
    "proposals": Proposal.objects.values_list("pk", flat=True),
    "sections": Section.objects.values_list("pk", flat=True),
    "comments": Comment.objects.values_list("pk", flat=True),
    "amendments": Amendment.objects.values_list("pk", flat=True),
    "papers": PositionPaper.objects.values_list("pk", flat=True),
    "versions": [1, 2, 3],
    "transitions": [t.name for t in TRANSITIONS],
}
#: Path parameter -> dictionary.
PARAMETERS = {
    "id": "proposals",
    "sid": "sections",
    "cid": "comments",
    "aid": "amendments",
    "pid": "papers",
    "number": "versions",
    "a": "versions",
    "b": "versions",
    "name": "transitions",
}

for name, values in DICTIONARIES.items():
    print(f"[dictionaries.{name}]\nvalues = {json.dumps(sorted(values)[:200])}\n")
print("[parameters]")
for parameter, dictionary in PARAMETERS.items():
    print(f'"path.{parameter}" = {{ dictionary = "{dictionary}", probability = 0.6 }}')
