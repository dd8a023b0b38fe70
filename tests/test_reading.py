"""Reading state: positions, read/unread, last opened, renamed and edited articles."""

from __future__ import annotations

import errno

import pytest

from reader.library.article import ArticleInfo
from reader.store import reading
from reader.store import tables as store_module
from reader.store.reading import ReadingState
from reader.store.tables import StoreError


def info(path: str = "/lib/台積電.md", fingerprint: str = "fp-tsmc") -> ArticleInfo:
    return ArticleInfo(path=path, title="台積電", fingerprint=fingerprint)


def test_an_article_never_opened_is_unread_at_the_start():
    progress = ReadingState().get(info())
    assert (progress.position, progress.read, progress.opened) == (0, False, None)


def test_position_read_flag_and_opened_survive_a_restart():
    state = ReadingState()
    state.opened(info())
    state.set_position(info(), 321)
    state.set_read(info())
    again = ReadingState().get(info())
    assert again.position == 321 and again.read and again.opened
    assert ReadingState().path.parent.name == "state"


def test_toggle_read_and_unread():
    state = ReadingState()
    a, b = info("/lib/a.md", "fa"), info("/lib/b.md", "fb")
    assert state.toggle_read(a) is True
    assert state.is_read(a) and not state.is_read(b)
    assert state.toggle_read(a) is False
    assert not ReadingState().is_read(a) and not ReadingState().is_read(b)


def test_last_opened():
    state = ReadingState()
    assert state.last_opened() is None
    state.opened(info("/lib/a.md", "fa"))
    assert state.last_opened().path == "/lib/a.md"


def test_a_renamed_article_keeps_its_state():
    ReadingState().set_position(info("/lib/old.md", "same"), 99)
    assert ReadingState().get(info("/lib/new/renamed.md", "same")).position == 99


def test_an_edited_article_carries_on_from_its_old_state():
    state = ReadingState()
    state.set_position(info(fingerprint="before"), 40)
    state.set_read(info(fingerprint="before"))
    edited = info(fingerprint="after")
    assert state.get(edited).read and state.get(edited).position == 40
    state.set_position(edited, 50)
    progress = ReadingState().get(edited)
    assert progress.read and progress.position == 50 and progress.fingerprint == "after"


def test_two_states_in_one_session_merge_their_changes():
    first, second = ReadingState(), ReadingState()
    first.set_read(info("/lib/a.md", "fa"))
    second.set_position(info("/lib/b.md", "fb"), 7)  # second never reloaded first's change
    merged = ReadingState()
    assert merged.is_read(info("/lib/a.md", "fa")) and merged.get(info("/lib/b.md", "fb")).position == 7


def test_the_oldest_articles_are_forgotten_past_the_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ARTICLES", 3)
    state = ReadingState()
    for name in "abcd":
        state.opened(info(f"/lib/{name}.md", f"f{name}"))
    # Same-second timestamps: one of the four is dropped, and never the one just opened.
    remembered = ReadingState()
    assert len(remembered.store.load()["articles"]) == 3
    assert remembered.get(info("/lib/d.md", "fd")).opened


def test_a_failed_save_raises_and_keeps_the_position_for_the_session(monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    state = ReadingState()
    monkeypatch.setattr(store_module, "write_json_atomic", full)
    with pytest.raises(StoreError, match="reading.json"):
        state.set_position(info(), 12)
    assert state.get(info()).position == 12


def test_a_corrupt_state_file_is_kept_aside():
    path = ReadingState().path
    path.write_text('{"format": "reading-state", "version": 1, "data": {"articles": []}}', "utf-8")
    state = ReadingState()
    assert state.get(info()).position == 0
    assert "has no table of articles" in state.take_problems()[0].message
