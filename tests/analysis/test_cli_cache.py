"""verksam summary on the real repository, and the cache."""

import json
import shutil

from verksam.analysis.cache import cache_key, dump, load, open_frames
from verksam.analysis.summary import AnalysisFrames, item_overview
from verksam.cli.main import main
from verksam.store import cache as store_cache
from verksam.store.repository import PlanRepository

from .conftest import APRIL, ROOT


def test_summary_text_swedish(tmp_path, capsys):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    rc = main(["summary", "--repo", str(tmp_path), "--period", "2025-04"])
    out = capsys.readouterr().out
    assert rc in (0, 1)
    assert "Sammanställning av uppdrag och initiativ" in out
    assert "Total summa" in out and "-108 420" in out


def test_summary_json_and_csv(tmp_path, capsys):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    main(["summary", "--repo", str(tmp_path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    doc = [d for d in data["documents"] if d["period"] == "2025-04"][0]
    total = [r for r in doc["overview"] if r["kind"] == "Totalt"][0]
    assert (total["Enligt plan"], total["Avvikelse från plan"]) == (33, 3)
    main(["summary", "--repo", str(tmp_path), "--format", "csv"])
    out = capsys.readouterr().out
    assert out.startswith("section,")


def test_cache_roundtrip_and_hit(tmp_path, real):
    blob = dump(real, {"errors": 0})
    af, meta = load(blob)
    assert meta == {"errors": 0}
    assert item_overview(af, APRIL).equals(item_overview(real, APRIL))
    assert load(b"garbage") is None
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    repo = PlanRepository(tmp_path)
    calls = []

    def loader():
        calls.append(1)
        return repo.load()
    _, _, hit = open_frames(tmp_path, loader)
    assert not hit
    af2, _, hit = open_frames(tmp_path, loader)
    assert hit and len(calls) == 1 and af2.workspace is None
    assert item_overview(af2, APRIL).equals(item_overview(real, APRIL))
    # an edit changes the key
    f = tmp_path / "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _, _, hit = open_frames(tmp_path, loader)
    assert not hit and len(calls) == 2


def test_cache_key_depends_on_digests():
    assert cache_key({"a": "1"}) != cache_key({"a": "2"})
    assert cache_key({"a": "1", "b": "2"}) == cache_key({"b": "2", "a": "1"})
    # in verksam's cache folder (VERKSAM_CACHE_DIR in the tests), never inside the repository
    from verksam.store.filecache import cache_root

    assert store_cache.cache_dir(ROOT).is_relative_to(cache_root())
    assert not store_cache.cache_dir(ROOT).is_relative_to(ROOT)
    assert AnalysisFrames.FRAME_NAMES[0] == "indicators"
