"""The WSGI module leaves what a process loads once out of the collector's full scans."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_loaded_app_is_frozen_out_of_the_garbage_collector():
    code = "import gc, config.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert int(out.split()[-1]) > 100_000  # the apps, the models and every view
