"""docs/source-quirks.md lists every warning `verksam validate` prints on plans/, and no errors."""

from pathlib import Path

from verksam.store.repository import PlanRepository

ROOT = Path(__file__).resolve().parents[2]


def test_validate_on_plans_gives_exactly_the_documented_warnings():
    from verksam.text import set_language

    set_language("en")  # docs/source-quirks.md quotes the English messages
    try:
        snap = PlanRepository(ROOT).load()
    finally:
        set_language("sv")
    assert [p.format() for p in snap.errors] == []
    doc = (ROOT / "docs" / "source-quirks.md").read_text(encoding="utf-8")
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    assert len(rows) == len(snap.warnings), [p.message for p in snap.warnings]
    for p in snap.warnings:
        short = p.message.split(" (")[0]
        assert any(short.startswith(r.split("`")[1].rstrip("…").strip()) or r.split("`")[1] in p.message for r in rows), p.message
