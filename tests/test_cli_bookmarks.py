"""`reader bookmarks [--json]` and `reader bookmarks export --format md|json [-o FILE]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library.article import load_article
from reader.store.bookmarks import Bookmarks

ARTICLE = """---
title: 香港亞洲電影節揭幕
---
第二十屆香港亞洲電影節今晚揭幕，三成片目出自本地新晉導演。

節目總監表示，觀眾對本地故事的興趣明顯上升。
"""


@pytest.fixture
def bookmarked(tmp_path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    path = folder / "film.md"
    path.write_text(ARTICLE, "utf-8")
    film = load_article(path)
    Bookmarks().add(film, film.body.index("節目總監"), note="[b]粗體[/b] 備註", library=folder)
    return path


def test_no_bookmarks_yet(capsys):
    assert main(["bookmarks"]) == 0
    assert "No bookmarks yet" in capsys.readouterr().err
    assert main(["bookmarks", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_table_lists_title_quote_note_and_file(bookmarked, capsys):
    assert main(["bookmarks"]) == 0
    out = capsys.readouterr().out
    header, row = out.splitlines()
    assert header.split() == ["created", "title", "quote", "note", "file"]
    assert "香港亞洲電影節揭幕" in row and "節目總監表示" in row and str(bookmarked) in row


def test_json_has_the_documented_fields(bookmarked, capsys):
    assert main(["bookmarks", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert {"path", "title", "created", "position", "quote", "note"} <= set(item)
    assert item["path"] == str(bookmarked)
    assert item["note"] == "[b]粗體[/b] 備註"
    assert item["quote"].startswith("節目總監表示")
    body = load_article(bookmarked).body
    assert body[item["position"] :].startswith("節目總監")
    assert item["missing"] is False


def test_a_moved_article_is_found_and_a_deleted_one_marked_missing(bookmarked, capsys):
    moved = bookmarked.with_name("電影節.md")
    bookmarked.rename(moved)
    main(["bookmarks", "--json"])
    assert json.loads(capsys.readouterr().out)[0]["path"] == str(moved)
    moved.unlink()
    main(["bookmarks"])
    assert "missing: " in capsys.readouterr().out


def test_export_markdown_to_a_file(bookmarked, tmp_path, capsys):
    target = tmp_path / "out" / "reading-list.md"
    assert main(["bookmarks", "export", "--format", "md", "-o", str(target)]) == 0
    text = target.read_text("utf-8")
    assert text.startswith("# Reading list")
    assert "[香港亞洲電影節揭幕](<file://" in text
    assert "\\[b\\]粗體\\[/b\\] 備註" in text  # escaped, not Markdown
    assert "wrote 1 bookmark" in capsys.readouterr().err


def test_export_json_to_stdout(bookmarked, capsys):
    assert main(["bookmarks", "export", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == "香港亞洲電影節揭幕"


def test_export_to_an_unwritable_place_fails_cleanly(bookmarked, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["bookmarks", "export", "-o", str(blocker / "list.md")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_a_bad_format_is_a_usage_error(capsys):
    assert main(["bookmarks", "export", "--format", "pdf"]) == 2


def test_a_corrupt_bookmarks_file_is_reported_kept_and_the_command_works(tmp_path, capsys):
    path = Bookmarks().path
    path.write_text("{ not json", "utf-8")
    assert main(["bookmarks", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "bookmarks.json is not valid JSON" in captured.err and "kept as" in captured.err
    [kept] = path.parent.glob("bookmarks.json.corrupt-*")
    assert kept.read_text("utf-8") == "{ not json"


@pytest.mark.parametrize("where", ["before", "after"])
def test_library_option_before_or_after_export(bookmarked, tmp_path, capsys, where):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / "film.md"
    bookmarked.rename(moved)  # out of the library it was bookmarked in
    main(["bookmarks", "export", "--format", "json"])
    assert json.loads(capsys.readouterr().out)[0]["missing"] is True
    option = ["--library", str(elsewhere)]
    argv = ["bookmarks", *option, "export", "-f", "json"] if where == "before" else ["bookmarks", "export", "-f", "json", *option]
    assert main(argv) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["missing"] is False and item["path"] == str(moved)
