"""`verksam serve`: the app in a browser. A real server process, a real headless Chromium.

Needs Debian's `chromium` (`.ci/run` installs it when missing); elsewhere the test is skipped and
says why. The screen is read from what the server sends the browser's terminal over its WebSocket
(xterm.js draws on a canvas, so the page's DOM holds no text).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH: the browser test needs Debian's chromium package (.ci/run installs it)")

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"verksam serve ended: {proc.stderr.read().decode(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("verksam serve did not listen")


@pytest.fixture
def served(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", repo / "plans")
    port = _free_port()
    env = dict(os.environ, VERKSAM_LANG="sv")
    proc = subprocess.Popen([sys.executable, "-m", "verksam", "serve", "--repo", str(repo), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        _wait_port(port, proc)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_binds_to_localhost_by_default(tmp_path):
    from verksam.cli.main import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_the_app_runs_in_headless_chromium(served, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    port, _ = served
    received: list[str] = []

    def on_ws(ws):
        ws.on("framereceived", lambda payload: received.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", errors="replace")))

    def screen_has(text: str, seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in chunk for chunk in received):
                return True
            page.wait_for_timeout(200)
        return False

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("websocket", on_ws)
            page.goto(f"http://127.0.0.1:{port}/")
            if page.locator("#start").is_visible():  # textual-serve's start button, when it asks
                page.click("#start")
            assert screen_has("Norrtälje"), "the tree with the municipalities never reached the browser"
            page.locator("#terminal").click()
            received.clear()
            page.keyboard.press("?")  # the help screen, in Swedish
            assert screen_has("Tangent"), "the help screen (its Tangent column) never reached the browser"
            page.keyboard.press("Escape")
            shot = os.environ.get("VERKSAM_SCREENSHOT")
            if shot:  # docs/serve.png is made this way: VERKSAM_SCREENSHOT=docs/serve.png pytest …
                page.wait_for_timeout(1500)
                page.screenshot(path=shot)
        finally:
            browser.close()
