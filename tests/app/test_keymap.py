"""The one command registry and the user's keymap file: every binding has an id and words in
both languages; a keymap remaps by id, and the footer, the help screen and the palette follow;
a bad keymap file is told, located and in Swedish, never a crash."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import DataTable, Footer

from verksam.app.app import VerksamApp
from verksam.app.commands import REGISTRY, Palette, all_ids, command
from verksam.app.screens.help import HelpScreen
from verksam.app.screens.search import SearchScreen
from verksam.service.keymap import read_keymap, valid_key
from verksam.text import STRINGS

from .conftest import wait_loaded, wait_until

APP = Path(__file__).resolve().parents[2] / "tui" / "verksam" / "app"


def test_every_binding_is_in_the_registry():
    """No screen or widget makes its own Binding: they all come from verksam.app.commands."""
    offenders = []
    for path in APP.rglob("*.py"):
        if path.name == "commands.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Binding":
                offenders.append(f"{path.relative_to(APP)}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "BINDINGS" for t in node.targets):
                offenders.append(f"{path.relative_to(APP)}:{node.lineno} BINDINGS")
    assert not offenders, offenders


def test_one_id_has_one_set_of_keys_and_words_in_both_languages():
    seen: dict[str, str] = {}
    for scope, cmds in REGISTRY.items():
        ids = [c.id for c in cmds]
        assert len(ids) == len(set(ids)), f"{scope}: an id twice"
        for c in cmds:
            assert seen.setdefault(c.id, c.keys) == c.keys, f"{c.id}: other keys in {scope}"
            assert f"cmd.{c.id}" in STRINGS, f"cmd.{c.id} is not in the text catalog"
            assert all(valid_key(k) for k in c.keys.split(",")), c.keys


def write_keymap(tmp_path, monkeypatch, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("VERKSAM_KEYMAP", str(path))
    return path


WIDE = 300  # every key of the main screen fits in the footer (a remapped key moves to its end)


def footer_text(app) -> str:
    """The keys the footer shows (a key that does not fit is not built, or is hidden)."""
    footer = app.screen.query_one(Footer)
    return " ".join(str(k.render()) for k in footer.children if k.display)


async def test_a_remapped_key_works_and_the_footer_help_and_palette_show_it(small_repo, tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, 'search = "ctrl+f"\n"tree.down" = ["J"]\n')
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(WIDE, 30)) as pilot:
        await wait_loaded(app, pilot)
        assert "^f" in footer_text(app) and "/ Sök" not in footer_text(app)
        await pilot.press("slash")  # the old key does nothing any more
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, SearchScreen))

        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {what.split(" – ")[0]: keys for keys, what in app.screen.rows}
        assert rows["Sök"] == "Ctrl+f"
        assert rows["Ned"] == "J"  # the tree's binding, from the focused widget
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))

        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, Palette))
        await pilot.press(*"sök")
        await pilot.pause(0.6)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Ctrl+f" in s for s in texts), texts
        await pilot.press(*"xqzxqz")
        await wait_until(pilot, lambda: any("Inga träffar" in str(options.get_option_at_index(i).prompt)
                                            for i in range(options.option_count)))


async def test_a_bad_keymap_file_is_told_located_in_swedish_and_the_rest_applies(small_repo, tmp_path, monkeypatch):
    path = write_keymap(tmp_path, monkeypatch, '# mina tangenter\nsave = "ctrl+w"\nsok = "ctrl+f"\nhelp = "ctrl+ctrl"\n')
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(WIDE, 30)) as pilot:
        await wait_loaded(app, pilot)
        told = [n.message for n in app._notifications]
        assert f"{path}:3: okänt kommando ”sok”" in "\n".join(told)
        assert any(m.startswith(f"{path}:4: ”ctrl+ctrl” för ”help” är ingen tangent") for m in told), told
        assert "^w" in footer_text(app)  # save moved, the good line applied


async def test_a_keymap_that_is_not_toml_changes_nothing_and_says_where(small_repo, tmp_path, monkeypatch):
    path = write_keymap(tmp_path, monkeypatch, 'search = "ctrl+f"\nsave = \n')
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(app, pilot)
        told = [n.message for n in app._notifications]
        assert told == [f"{path}:2:8: tangentfilen är inte giltig TOML; inga tangenter ändrades"], told
        assert "/ Sök" in footer_text(app)


def test_read_keymap_in_english(tmp_path):
    from verksam.text import set_language

    path = tmp_path / "k.toml"
    path.write_text('"round.opn" = "o"\nquit = 3\n', encoding="utf-8")
    set_language("en")
    try:
        km = read_keymap(all_ids(), path)
    finally:
        set_language("sv")
    assert km.bindings == {}
    assert km.problems == [f"{path}:1: unknown command “round.opn”; the help (?) lists them all",
                           f"{path}:2: “quit” should be a quoted key or a list of keys"]


def test_a_missing_keymap_is_no_keymap_and_a_folder_is_told(tmp_path):
    assert read_keymap(all_ids(), tmp_path / "none.toml").problems == []
    problems = read_keymap(all_ids(), tmp_path).problems
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}: kan inte läsa tangentfilen"), problems


def test_the_keymap_is_found_in_the_config_folder(monkeypatch, tmp_path):
    from verksam.service.keymap import keymap_path

    assert keymap_path({"VERKSAM_KEYMAP": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert keymap_path({}) == tmp_path / "cfg" / "verksam" / "keymap.toml"


@pytest.mark.parametrize("key, ok", [("ctrl+f", True), ("f5", True), ("question_mark", True), ("A", True),
                                     ("ctrl+ctrl", False), ("f99", False), ("space bar", False), ("", False)])
def test_valid_key(key, ok):
    assert valid_key(key) is ok


def test_command_lookup():
    assert command("save").keys == "ctrl+s"
