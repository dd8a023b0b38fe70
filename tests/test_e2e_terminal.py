"""End to end: the installed `reader` command in a real terminal (tmux) — opens, moves, quits."""

from __future__ import annotations

import re
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


# --- the reading screen as drawn in a real terminal (colours read from tmux) -------------

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def background_at(line: str, text: str) -> str | None:
    """The background colour (an SGR parameter string, or None for the default) in effect
    where `text` starts on a line captured with escapes (`capture-pane -e`); reverse video
    counts as the foreground colour."""
    fg = bg = None
    reverse = False
    position = 0
    plain = ""
    while position < len(line):
        match = _SGR.match(line, position)
        if match:
            params = match.group(1).split(";") if match.group(1) else ["0"]
            index = 0
            while index < len(params):
                code = params[index]
                if code in ("0", ""):
                    fg = bg = None
                    reverse = False
                elif code == "7":
                    reverse = True
                elif code == "27":
                    reverse = False
                elif code in ("38", "48"):
                    width = 3 if params[index + 1] == "5" else 5
                    value = ";".join(params[index + 1 : index + width])
                    if code == "38":
                        fg = value
                    else:
                        bg = value
                    index += width - 1
                elif code == "39":
                    fg = None
                elif code == "49":
                    bg = None
                index += 1
            position = match.end()
            continue
        plain += line[position]
        if plain.endswith(text):
            return fg if reverse else bg
        position += 1
    raise AssertionError(f"{text!r} is not on the line {line!r}")


def line_with(screen: str, text: str) -> str:
    for line in screen.splitlines():
        if text in _SGR.sub("", line):
            return line
    raise AssertionError(f"{text!r} is not on screen:\n{_SGR.sub('', screen)}")


def until(condition, what: str, terminal: Terminal, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}:\n{terminal.screen()}"
        time.sleep(0.2)


def box_line(terminal: Terminal) -> str:
    """The search box's line: under the sidebar's status, which ends in 未讀 (unread)."""
    lines = terminal.screen().splitlines()
    return lines[next(index for index, line in enumerate(lines) if "未讀" in line) + 1]


def coloured(terminal: Terminal) -> str:
    return terminal._tmux("capture-pane", "-e", "-p", "-t", terminal.session)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_moving_around_at_80_by_24_is_visible(samples, reader_home) -> None:
    """The issue's new-user walk: the list cursor is drawn and moves, focus changes are
    visible, typing after emptying the search box stays typing, the entity panel fits."""
    reader = installed_reader()
    assert reader, "the reader command is not installed (pip install the project)"
    command = (
        f"env READER_HOME={shlex.quote(str(reader_home))} TERM=xterm-256color "
        f"{shlex.quote(reader)} {shlex.quote(str(samples))}; echo READER-EXIT=$?; sleep 30"
    )
    terminal = Terminal(command, width=80, height=24)
    first, second = "▪ 香港亞洲電影節", "▪ 阿里巴巴发布"
    try:
        terminal.wait_for("14 articles")
        terminal.wait_for("第二十二屆香港亞洲電影節")
        # The cursor: the first row stands out, then the second after j.
        screen = coloured(terminal)
        cursor = background_at(line_with(screen, first), first)
        assert cursor != background_at(line_with(screen, second), second), "no cursor drawn"
        terminal.keys("j")
        until(lambda: background_at(line_with(coloured(terminal), second), second) == cursor, "the cursor did not move", terminal)
        screen = coloured(terminal)
        assert background_at(line_with(screen, first), first) != cursor
        # Focus: the bar down the left edge of the focused pane moves with Tab.
        assert terminal.screen().splitlines()[6].startswith("▊")
        terminal.keys("Tab")
        until(lambda: "▕▊" in terminal.screen().splitlines()[6], "the focus bar did not move to the article", terminal)
        assert not terminal.screen().splitlines()[6].startswith("▊")
        # Emptying the search box keeps the keys typed after it in the box.
        # (While the app is still indexing: keys typed right after `/` went elsewhere.)
        terminal.keys("/", "a", "BSpace", "t", "e")
        until(lambda: box_line(terminal).startswith("▊te "), "te is not in the search box", terminal)
        time.sleep(0.5)
        screen = terminal.screen()
        assert box_line(terminal).startswith("▊te "), screen
        assert "People 人物" not in screen  # e did not open the entity panel
        assert "香港亞洲電影節揭幕" in screen  # t did not convert the article
        terminal.keys("BSpace", "BSpace", "版")
        terminal.wait_for("found 筆")
        assert "版" in box_line(terminal)
        terminal.keys("Escape")
        time.sleep(0.5)
        terminal.keys("Escape")
        terminal.wait_gone("found 筆")
        # The entity panel at 80×24 covers the sidebar; the article stays readable.
        terminal.keys("Tab")
        time.sleep(0.3)
        terminal.keys("e")
        screen = terminal.wait_for("People 人物")
        article_line = line_with(screen, "第二十二屆香港亞洲電影節")
        assert len(_SGR.sub("", article_line).split("第二十二屆")[1].rstrip()) >= 15
        terminal.keys("Escape")
        time.sleep(0.3)
        terminal.keys("q")
        screen = terminal.wait_for("READER-EXIT=", timeout=20)
        assert "READER-EXIT=0" in screen, screen
        assert "Traceback" not in screen
    finally:
        terminal.close()
