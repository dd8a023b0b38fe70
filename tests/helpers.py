"""What tests share beyond fixtures: where the samples are, waiting on a running app, and the
child processes of a command."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_articles"


async def settle(pilot) -> None:
    """Let pending messages run and every worker finish, then repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition: Callable[[], object], timeout: float = 5.0, what: str = "") -> None:
    """Let the app run until `condition()` is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        await pilot.pause(0.02)


def palette_lists_first(app, text: str) -> bool:
    """The command palette has finished searching, and its first (highlighted) command has
    `text` in it."""
    from textual.widgets import OptionList

    screen = app.screen
    if not all(worker.is_finished for worker in app.workers if worker.node is screen):
        return False
    options = screen.query_one(OptionList)
    return options.option_count > 0 and options.highlighted == 0 and text in str(options.get_option_at_index(0).prompt)


def child_processes(pid: int) -> list[int]:
    """The live (not zombie) child processes of `pid` (Linux: reads /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            fields = stat.rsplit(b")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != b"Z":
                found.append(int(name))
    return found


def process_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


def processes_left_after(parent: subprocess.Popen[bytes], at_least: int, signum: int = signal.SIGKILL) -> list[int]:
    """Waits until `parent` has `at_least` children, sends it `signum`, and gives the
    children that are still running 10 s after it ended (all of them are killed after)."""
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < at_least and time.monotonic() < deadline and parent.poll() is None:
            workers = child_processes(parent.pid)
            time.sleep(0.02)
        assert len(workers) >= at_least, "the child processes never started"
        parent.send_signal(signum)
        parent.wait(30)
        deadline = time.monotonic() + 10
        while any(process_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        return [pid for pid in workers if process_running(pid)]
    finally:
        for pid in child_processes(parent.pid):
            os.kill(pid, signal.SIGKILL)
        parent.kill()
        parent.wait()


def calls_of(monkeypatch: Any, owner: object, name: str) -> list[Any]:
    """Spy on `owner.name` for the test: it still runs, and the returned list gets the first
    argument of each call."""
    calls: list[Any] = []
    real = getattr(owner, name)

    def spy(first: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(first)
        return real(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls
