"""A stand-in benchmark worker for tests/benchmarks/test_harness.py: run as
`python -m tests.benchmarks.fake_worker --worker MODE`, it reports what it was given (no Django,
no database), or fails as a broken worker does."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(mode: str) -> None:
    if mode == "fail":
        sys.stderr.write("Traceback: the build went wrong\n")
        raise SystemExit(1)
    var_dir = Path(os.environ["CHILDTRUST_VAR_DIR"])
    sys.stdout.write("migrating… (noise before the result)\n")
    result = {
        "mode": mode,
        "database_url": os.environ.get("DATABASE_URL"),
        "var_dir": str(var_dir),
        "var_dir_existed": var_dir.is_dir(),
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
    }
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")


if __name__ == "__main__":
    assert sys.argv[1] == "--worker"
    main(sys.argv[2])
