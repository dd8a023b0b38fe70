"""End to end: the installed `reader` command in a real terminal (tmux) — opens, moves, quits."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")


def installed_reader() -> str | None:
    """The `reader` script installed beside this Python (a venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / "reader"
    if beside.exists():
        return str(beside)
    return shutil.which("reader")


class Terminal:
    def __init__(self, command: str, width: int = 100, height: int = 30) -> None:
        self.socket = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.session = "t"
        self._tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never left the screen:\n{screen}")

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_installed_reader_opens_moves_and_quits(samples, reader_home) -> None:
    reader = installed_reader()
    assert reader, "the reader command is not installed (pip install the project)"
    command = (
        f"env READER_HOME={shlex.quote(str(reader_home))} TERM=xterm-256color "
        f"{shlex.quote(reader)} {shlex.quote(str(samples))}; echo READER-EXIT=$?; sleep 30"
    )
    terminal = Terminal(command)
    try:
        terminal.wait_for("14 articles")
        terminal.wait_for("Help")  # the footer
        # The newest article's body is opened at start.
        terminal.wait_for("第二十二屆香港亞洲電影節")
        terminal.keys("j", "Enter")
        # The second article's body (not in the sidebar) is now shown.
        screen = terminal.wait_for("在杭州举行的云栖大会上")
        terminal.keys("?")
        terminal.wait_for("按鍵說明")
        # Escape and a key right after it reach the app as one Alt+key when the terminal
        # delivers them together: let the help screen close before pressing q.
        terminal.keys("Escape")
        terminal.wait_gone("按鍵說明")
        terminal.keys("q")
        screen = terminal.wait_for("READER-EXIT=", timeout=20)
        assert "READER-EXIT=0" in screen, screen
        assert "Traceback" not in screen
    finally:
        terminal.close()
