"""The app's unsaved edits kept in a recovery file, so that a crash, a kill or a closed terminal
(SIGHUP) loses nothing: the next start offers them back, as editors do.

The file is written (atomically) at every change of the pending edits and removed when they are
saved or discarded. It lives in the user's state folder (platformdirs' `user_state_dir`, or
`$VERKSAM_STATE_DIR`), never in the repository: `<state>/recovery/<repository key>-<pid>.json`,
one per running app, so a second app on the same repository never takes over the first one's
edits. A file whose process is no longer running is what a start offers back.

The edits are kept as the typed edits of the one write path (`SetValue`, `Append`, …, addressed
by id), with the value each replaced, so that recovering them is replaying them through the
editing session, which checks each one as when it was made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edits import Address, Append, CreateFile, Edit, Remove, SetValue, Unset

VERSION = 1


def state_dir() -> Path:
    """The user's state folder for verksam ($VERKSAM_STATE_DIR overrides, e.g. for tests)."""
    env = os.environ.get("VERKSAM_STATE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_state_dir("verksam", appauthor=False))


def _key(root: Path | str) -> str:
    return hashlib.blake2b(os.path.realpath(root).encode(), digest_size=8).hexdigest()


def own_path(root: Path | str, pid: int | None = None) -> Path:
    return state_dir() / "recovery" / f"{_key(root)}-{pid or os.getpid()}.json"


# ------------------------------------------------------------------ values and edits as JSON

def _enc(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return {"$datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"$date": v.isoformat()}
    if isinstance(v, dt.time):
        return {"$time": v.isoformat()}
    if isinstance(v, dict):
        return {"$table": {k: _enc(x) for k, x in v.items()}}
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict):
        if "$datetime" in v:
            return dt.datetime.fromisoformat(v["$datetime"])
        if "$date" in v:
            return dt.date.fromisoformat(v["$date"])
        if "$time" in v:
            return dt.time.fromisoformat(v["$time"])
        if "$table" in v:
            return {k: _dec(x) for k, x in v["$table"].items()}
    if isinstance(v, list):
        return [_dec(x) for x in v]
    return v


def encode_edit(edit: Edit) -> dict:
    if isinstance(edit, CreateFile):
        return {"op": "create", "file": edit.file, "text": edit.text}
    out: dict[str, Any] = {"op": type(edit).__name__, "file": edit.at.file, "path": list(edit.at.path)}
    if isinstance(edit, SetValue):
        out["value"] = _enc(edit.value)
    elif isinstance(edit, Append):
        out["entry"] = _enc(edit.entry)
    return out


def decode_edit(d: dict) -> Edit:
    if d["op"] == "create":
        return CreateFile(d["file"], d["text"])
    at = Address(d["file"], tuple(d["path"]))
    op = d["op"]
    if op == "SetValue":
        return SetValue(at, _dec(d["value"]))
    if op == "Append":
        return Append(at, _dec(d["entry"]))
    if op == "Unset":
        return Unset(at)
    if op == "Remove":
        return Remove(at)
    raise ValueError(f"unknown edit {op!r}")


# ------------------------------------------------------------------ the files

@dataclass
class Recovery:
    """Unsaved edits left by an app that did not end (its recovery files, oldest first)."""

    files: list[Path]
    saved: str  # when the newest was written (ISO, local time)
    edits: list[tuple[Edit, str]]  # each edit and its label

    @property
    def count(self) -> int:
        return len(self.edits)


def keep(root: Path | str, changes: list[tuple[Edit, str]]) -> None:
    """Write this app's pending edits (or remove its file when there are none). Never raises:
    a recovery file that cannot be written must not stop an edit."""
    path = own_path(root)
    try:
        if not changes:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"version": VERSION, "root": os.path.realpath(root), "pid": os.getpid(),
                  "saved": dt.datetime.now().isoformat(timespec="seconds"),
                  "edits": [{"edit": encode_edit(e), "label": label} for e, label in changes]}
        fd, tmp = tempfile.mkstemp(prefix=".recovery-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process with that id: running
        return True
    return True


def left_behind(root: Path | str) -> Recovery | None:
    """The edits of apps on this repository that ended without saving them, or None."""
    folder = state_dir() / "recovery"
    if not folder.is_dir():
        return None
    found = []
    for p in folder.glob(f"{_key(root)}-*.json"):
        try:
            record = json.loads(p.read_text(encoding="utf-8"))
            if record.get("version") != VERSION or record.get("root") != os.path.realpath(root):
                continue
            if _alive(int(record.get("pid", 0))):
                continue
            edits = [(decode_edit(x["edit"]), x.get("label", "")) for x in record.get("edits", [])]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if edits:
            found.append((record.get("saved", ""), p, edits))
    if not found:
        return None
    found.sort(key=lambda x: x[0])
    return Recovery([p for _, p, _ in found], found[-1][0], [e for _, _, es in found for e in es])


def drop(rec: Recovery) -> None:
    for p in rec.files:
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass
