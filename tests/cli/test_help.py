"""--help in Swedish by default (argparse's own words too), English with --lang en, VERKSAM_LANG
or an English locale; every command has examples and the exit codes; shell completion."""

from __future__ import annotations

import subprocess
import sys

import pytest

from verksam.cli.main import build_parser, main

COMMANDS = ["demo", "validate", "set", "export", "summary", "diff", "report", "history", "schemas", "serve", "completion"]
ENGLISH = ["usage:", "positional arguments", "options:", "show this help message", "show program's version",
           "the following arguments", "invalid choice", "examples:", "exit codes:"]


def help_of(*args, capsys) -> str:
    assert main([*args, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_swedish_with_examples_and_exit_codes(command, capsys):
    out = help_of(*([command] if command else []), capsys=capsys)
    assert out.startswith("användning: verksam")
    assert "flaggor:" in out and "visa den här hjälpen och avsluta" in out
    assert "slutkoder:" in out and "  2  fel användning" in out
    assert "exempel:" in out
    assert not [w for w in ENGLISH if w in out], out


def test_every_command_has_help_text_in_the_list(capsys):
    out = help_of(capsys=capsys)
    for c in COMMANDS:
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(c + " "))
        assert len(line.split(None, 1)[1]) > 10, line


@pytest.mark.parametrize("how", [("--lang", "en"), ("--lang=en",), ("env", "VERKSAM_LANG", "en"), ("env", "LANG", "en_GB.UTF-8")])
def test_help_in_english(how, capsys, monkeypatch):
    args = []
    if how[0] == "env":
        monkeypatch.setenv(how[1], how[2])
    else:
        args = list(how)
    out = help_of(*args, "validate", capsys=capsys)
    assert out.startswith("usage: verksam validate") and "examples:" in out and "exit codes:" in out
    assert "användning" not in out


def test_usage_mistakes_are_one_swedish_line_and_exit_2(capsys):
    assert main(["export", "nonsense"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("verksam: argumentet what: ogiltigt val: 'nonsense' (välj bland 'indicators', ")
    assert err.count("\n") == 1
    assert main(["set"]) == 2
    assert capsys.readouterr().err == "verksam: de här argumenten saknas: FIL, NYCKEL, VÄRDE\n"
    assert main(["--lang", "fi", "validate"]) == 2
    assert capsys.readouterr().err == "verksam: --lang='fi': använd sv eller en\n"


def test_the_language_does_not_leak_between_calls(capsys):
    help_of("--lang", "en", capsys=capsys)
    assert help_of(capsys=capsys).startswith("användning:")


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o"), ("zsh", "#compdef verksam")])
def test_completion_script(shell, marker, capsys):
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert marker in out
    for c in ("validate", "summary", "history", "--format"):
        assert c in out


def test_completion_bash_completes_the_commands(tmp_path):
    """The script really completes in bash: `verksam va<Tab>` → validate."""
    script = tmp_path / "verksam.bash"
    script.write_text(subprocess.run([sys.executable, "-m", "verksam", "completion", "bash"], capture_output=True,
                                     text=True, check=True).stdout)
    probe = (f"source {script}; COMP_WORDS=(verksam va); COMP_CWORD=1; COMP_LINE='verksam va'; COMP_POINT=10; "
             "_shtab_verksam; echo \"${COMPREPLY[@]}\"")
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
    assert out.stdout.split() == ["validate"], (out.stdout, out.stderr)


def test_parser_builds_without_touching_argparse_for_others():
    import argparse

    before = argparse._
    build_parser()
    assert argparse._ is before
