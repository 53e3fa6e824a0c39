"""Working-together timings for `make bench`: the merge driver and sync.

* merge-file: `verksam merge-file` as Git runs it (its own process: start-up, three parses, the
  merge, writing onto ours with tomlkit, the re-read check and the municipality's validation) on a
  follow-up of about 4,000 lines, ours and theirs each changing different entries; and the same
  merge in this process (no start-up);
* sync: a clone one commit ahead, its remote 100 commits ahead (a colleague's 100 saves of the
  same file): fetch, merge through the driver, validate, push.

Real Git repositories in a temporary folder; the setup is not timed.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FU = "plans/kommun-001/ks/2025/followup/2025-12.toml"


def _git(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


def _municipality(root: Path, extra_items: int) -> int:
    """One municipality whose December follow-up is enlarged to the wanted size; its line count."""
    from bench.generate import municipality_files

    files = municipality_files(1, random.Random(2))
    text = files[FU]
    head, _, rest = text.partition("\n[[items]]")
    more = [f'\n[[items]]\nid = "x-{k:04d}"\nkind = "uppdrag"\ngoal = "im-2025-1-1"\n'
            f'title = "Extra uppdrag {k}"\nresponsible = "stab"\nend = 2025-12-01\nstatus = "Påbörjad"\n'
            f'completion = "Enligt plan"\n\n[[items.comments]]\ndate = 2025-12-15\ntext = """\nRad ett.\nRad två.\n"""\n'
            for k in range(extra_items)]
    files[FU] = head + "\n[[items]]" + rest + "".join(more)
    for rel, t in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(t, encoding="utf-8")
    return files[FU].count("\n")


def _status(text: str, iid: str, new: str) -> str:
    i = text.index(f'id = "{iid}"')
    j = text.index('status = "', i)
    k = text.index('"', j + len('status = "'))
    return text[: j + len('status = "')] + new + text[k:]


def _merge_file(work: Path) -> dict:
    from verksam.store.merge import merge_texts

    root = work / "merge"
    lines = _municipality(root, 190)
    base = (root / FU).read_text(encoding="utf-8")
    ours = _status(base, "x-0010", "Slutförd")
    theirs = _status(_status(base, "x-0100", "Avbruten"), "x-0120", "Slutförd")
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (work / f"{name}.toml").write_text(text, encoding="utf-8")
    best_proc = best_in = float("inf")
    for _ in range(3):
        (work / "ours.toml").write_text(ours, encoding="utf-8")
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "verksam", "merge-file", str(work / "base.toml"),
                            str(work / "ours.toml"), str(work / "theirs.toml"), FU], cwd=root, capture_output=True)
        best_proc = min(best_proc, time.perf_counter() - t0)
        assert p.returncode == 0, p.stderr
        t0 = time.perf_counter()
        r = merge_texts(root, FU, base, ours, theirs)
        best_in = min(best_in, time.perf_counter() - t0)
        assert r.clean
    return {"merge_file_lines": lines, "merge_file_process_seconds": best_proc, "merge_file_in_process_seconds": best_in}


def _sync(work: Path, incoming: int = 100) -> float:
    from verksam.store import sync

    seed = work / "seed"
    seed.mkdir()
    _municipality(seed, 20)
    _git(seed, "init", "-q", "-b", "main")
    _git(seed, "add", "-A")
    _git(seed, "commit", "-q", "-m", "planerna")
    sync.register_driver(seed)
    (seed / ".gitattributes").write_text(sync.ATTRIBUTE + "\n", encoding="utf-8")
    _git(seed, "add", ".gitattributes")
    _git(seed, "commit", "-q", "-m", "attribut")
    remote = work / "remote.git"
    _git(work, "clone", "-q", "--bare", str(seed), str(remote))
    clones = []
    for name in ("a", "b"):
        _git(work, "clone", "-q", str(remote), name)
        c = work / name
        _git(c, "config", "user.name", name)
        _git(c, "config", "user.email", f"{name}@example.invalid")
        sync.register_driver(c)
        clones.append(c)
    a, b = clones
    path = b / FU
    text = path.read_text(encoding="utf-8")
    for k in range(incoming):  # a colleague's 100 saves, each one value
        text = _status(text, f"x-{k % 10:04d}", ("Avbruten", "Slutförd")[(k // 10) % 2])
        path.write_text(text, encoding="utf-8")
        _git(b, "commit", "-q", "-am", f"ändring {k}")
    _git(b, "push", "-q", "origin", "main")
    pa = a / FU
    pa.write_text(_status(pa.read_text(encoding="utf-8"), "x-0019", "Avbruten").replace(
        'title = "Extra uppdrag 19"', 'title = "Extra uppdrag nitton"'), encoding="utf-8")
    _git(a, "commit", "-q", "-am", "min ändring")
    t0 = time.perf_counter()
    res = sync.sync(a)
    secs = time.perf_counter() - t0
    assert res.state == "pushed" and len(res.incoming) == incoming, res
    return secs


def run(_root: Path | None = None) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as d:
        out.update(_merge_file(Path(d)))
    times = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as d:
            times.append(_sync(Path(d)))
    out["sync_100_incoming_seconds"] = min(times)
    return out


def section(r: dict) -> str:
    """The benchmarks page's section on working together."""
    return (f"\n## Working together\n\n"
            f"| what | time |\n|---|---:|\n"
            f"| `verksam merge-file` on a {r['merge_file_lines']:,}-line follow-up, as Git runs it (own process) "
            f"| {r['merge_file_process_seconds'] * 1000:.0f} ms |\n"
            f"| the same merge in-process (parse three versions, merge, write onto ours, re-read, validate) "
            f"| {r['merge_file_in_process_seconds'] * 1000:.0f} ms |\n"
            f"| `verksam sync` with 100 incoming commits and one of ours (fetch, merge, validate, push) "
            f"| {r['sync_100_incoming_seconds'] * 1000:.0f} ms |\n")


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(Path("."))))
