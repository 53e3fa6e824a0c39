"""One writer process: `python -m tests.reliability.writer ROOT WRITER ROUNDS commit|no-commit`.
Sets its own keys through the service's `set_value` (the code `verksam set` runs), one round
after another, and prints one JSON line per round: {"round": r, "ok": true, "commit": sha} or
{"round": r, "ok": false, "error": "..."}."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.reliability.workspace import PLAN, key
from verksam.service.setting import set_value


def main() -> None:
    root, writer, rounds, mode = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    for r in range(rounds):
        k, v = key(writer, r)
        try:
            res = set_value(root, PLAN, k, v, commit=mode == "commit")
            print(json.dumps({"round": r, "ok": True, "commit": res.commit}), flush=True)
        except Exception as e:  # reported, counted by the test
            print(json.dumps({"round": r, "ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)


if __name__ == "__main__":
    main()
