"""Bookmarks: add, toggle, note, undo, following a moved article, missing ones, two processes."""

from __future__ import annotations

import errno
import json
import multiprocessing
from pathlib import Path

import pytest

from reader.library import open_library
from reader.library.article import load_article
from reader.store import tables as store_module
from reader.store.bookmarks import (
    Bookmarks,
    listing,
    locate_anywhere,
    paragraph_at,
    position_in,
    quote_at,
    to_markdown,
)
from reader.store.tables import StoreError

TSMC = """---
title: 台積電第三季營收創新高
date: 2025-10-16
---
台積電今日公布第三季財報，營收達新台幣九千八百億元，年增三成。

董事長魏哲家表示，人工智慧相關需求依然強勁。先進製程產能供不應求！

分析師認為，明年資本支出可能再創新高。
"""

METRO = """深圳地铁开通新线路

深圳地铁今天开通两条新线路，全长六十公里。

市民表示通勤时间明显缩短。
"""


@pytest.fixture
def library_dir(tmp_path) -> Path:
    folder = tmp_path / "library"
    (folder / "tw").mkdir(parents=True)
    (folder / "tw" / "tsmc.md").write_text(TSMC, "utf-8")
    (folder / "metro.txt").write_text(METRO, "utf-8")
    return folder


def article(folder: Path, name: str):
    return load_article(folder / name)


def test_add_keeps_offset_paragraph_quote_and_survives_a_restart(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    position = tsmc.body.index("先進製程")
    added = Bookmarks().add(tsmc, position, note="  記得 看 ", library=library_dir)
    assert added.paragraph == 1
    assert added.quote == "先進製程產能供不應求！"  # from the start of its sentence
    assert added.note == "記得 看"
    assert added.fingerprint == tsmc.info.fingerprint
    [again] = Bookmarks().all()
    assert again == added
    assert tsmc.body[again.position :].startswith("先進製程")


def test_a_quote_starts_after_closing_quotation_marks():
    from reader.library.article import parse_article

    text = "標題\n\n她說：「大家都很努力。」他補充，今年增加約12%。明年再看。"
    article = parse_article("x.txt", text)
    assert quote_at(article, article.body.index("他補充")) == "他補充，今年增加約12%。明年再看。"
    assert quote_at(article, article.body.index("12%")) == "他補充，今年增加約12%。明年再看。"


def test_quote_is_one_trimmed_line():
    from reader.library.article import parse_article

    long = parse_article("x.txt", "標題\n\n" + "很長的句子" * 30 + "。")
    quote = quote_at(long, 0, limit=20)
    assert len(quote) == 20 and quote.endswith("…") and "\n" not in quote


def test_positions_map_to_paragraphs(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    starts = tsmc.paragraph_starts()
    assert [paragraph_at(tsmc, s) for s in starts] == list(range(len(starts)))
    assert paragraph_at(tsmc, starts[1] - 1) == 0  # in the blank line between
    assert quote_at(tsmc, 10**6)  # past the end: clamped, not an error


def test_newest_first_and_per_article(library_dir):
    tsmc, metro = article(library_dir, "tw/tsmc.md"), article(library_dir, "metro.txt")
    bookmarks = Bookmarks()
    first = bookmarks.add(tsmc, 0)
    second = bookmarks.add(metro, 0)
    third = bookmarks.add(tsmc, tsmc.paragraph_starts()[2])
    assert [b.id for b in bookmarks.all()] == [third.id, second.id, first.id]
    of_tsmc = sorted((b for b in bookmarks.all() if b.matches(tsmc.info)), key=lambda b: b.position)
    assert [b.id for b in of_tsmc] == [first.id, third.id]
    assert bookmarks.is_bookmarked(metro.info)


def test_toggle_adds_then_removes_in_the_same_paragraph(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()
    start = tsmc.paragraph_starts()[1]
    added, removed = bookmarks.toggle(tsmc, start)
    assert added is not None and removed == []
    other, _ = bookmarks.toggle(tsmc, tsmc.paragraph_starts()[2])
    assert other is not None and len(bookmarks) == 2
    added_again, removed = bookmarks.toggle(tsmc, start + 5)  # same paragraph
    assert added_again is None and [b.id for b in removed] == [added.id]
    assert [b.id for b in Bookmarks().all()] == [other.id]


def test_remove_restore_and_note(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()
    kept = bookmarks.add(tsmc, 0)
    removed = bookmarks.remove(kept.id)
    assert removed == kept and len(Bookmarks()) == 0
    assert bookmarks.remove("no-such-id") is None
    bookmarks.restore(removed)
    assert Bookmarks().get(kept.id) == kept
    changed = bookmarks.set_note(kept.id, "第二段\n重要")
    assert changed.note == "第二段 重要"
    assert Bookmarks().get(kept.id).note == "第二段 重要"


def test_a_bookmark_follows_its_article_when_the_file_moves(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()
    made = bookmarks.add(tsmc, tsmc.paragraph_starts()[1], library=library_dir)
    (library_dir / "archive").mkdir()
    (library_dir / "tw" / "tsmc.md").rename(library_dir / "archive" / "台積電.md")
    library = open_library(library_dir)
    [located] = bookmarks.locate(library.articles)
    assert located.status == "moved"
    new_path = str(library_dir.resolve() / "archive" / "台積電.md")
    assert located.bookmark.path == new_path
    # The new path is saved: the next process finds it there directly.
    reopened = Bookmarks()
    assert reopened.get(made.id).path == new_path
    assert reopened.locate(library.articles)[0].status == "here"
    moved = library.load(new_path)
    assert position_in(moved, reopened.get(made.id)) == made.position


def test_a_missing_article_is_reported_not_dropped(library_dir):
    metro = article(library_dir, "metro.txt")
    bookmarks = Bookmarks()
    made = bookmarks.add(metro, 0, library=library_dir)
    (library_dir / "metro.txt").unlink()
    [located] = bookmarks.locate(open_library(library_dir).articles)
    assert located.missing and located.info is None
    assert Bookmarks().get(made.id) == made
    assert listing([located])[0]["missing"] is True
    assert "(missing)" in to_markdown([located])


def test_an_edited_article_keeps_its_bookmark_at_the_quote(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()
    made = bookmarks.add(tsmc, tsmc.body.index("分析師"))
    path = library_dir / "tw" / "tsmc.md"
    path.write_text(TSMC.replace("台積電今日", "台積電（2330）今日公布：今日"), "utf-8")
    edited = load_article(path)
    [located] = bookmarks.locate(open_library(library_dir).articles)
    assert located.status == "edited"
    assert edited.body[position_in(edited, made) :].startswith("分析師")


def test_locate_anywhere_searches_the_library_each_bookmark_was_made_in(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()
    bookmarks.add(tsmc, 0, library=library_dir.resolve())
    (library_dir / "tw" / "tsmc.md").rename(library_dir / "renamed.md")
    [located] = locate_anywhere(Bookmarks())
    assert located.status == "moved" and located.bookmark.path.endswith("renamed.md")
    # Listing changes nothing on disk.
    assert Bookmarks().all()[0].path.endswith("tsmc.md")


def test_damaged_entries_are_ignored_reported_and_kept(library_dir):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()
    good = bookmarks.add(tsmc, 0)
    document = json.loads(bookmarks.path.read_text("utf-8"))
    document["data"]["bookmarks"]["broken"] = {"id": "broken", "position": "here"}
    bookmarks.path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    reopened = Bookmarks()
    assert [b.id for b in reopened.all()] == [good.id]
    assert "1 damaged bookmark ignored" in reopened.take_problems()[0].message
    assert reopened.take_problems() == []
    reopened.set_note(good.id, "still saved")
    assert "broken" in json.loads(bookmarks.path.read_text("utf-8"))["data"]["bookmarks"]


def test_a_corrupt_bookmarks_file_is_kept_aside(library_dir):
    path = Bookmarks().path
    path.write_text("{ torn", "utf-8")
    bookmarks = Bookmarks()
    assert len(bookmarks) == 0
    [problem] = bookmarks.take_problems()
    assert "bookmarks.json is not valid JSON" in problem.message
    assert Path(problem.kept_at).read_text("utf-8") == "{ torn"


def test_a_failed_save_raises_and_keeps_the_bookmark_for_the_session(library_dir, monkeypatch):
    tsmc = article(library_dir, "tw/tsmc.md")
    bookmarks = Bookmarks()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "write_json_atomic", full)
    with pytest.raises(StoreError, match="No space left on device"):
        bookmarks.add(tsmc, 0)
    assert len(bookmarks) == 1  # shown for this session
    monkeypatch.undo()
    assert len(Bookmarks()) == 0


def _add_many(home: str, path: str, count: int) -> None:
    import os

    os.environ["READER_HOME"] = home
    tsmc = load_article(path)
    bookmarks = Bookmarks()
    for index in range(count):
        bookmarks.add(tsmc, index, note=f"{os.getpid()}-{index}")


def test_two_processes_adding_bookmarks_keep_all_of_them(library_dir, reader_home):
    context = multiprocessing.get_context("spawn")
    path = str(library_dir / "tw" / "tsmc.md")
    workers = [context.Process(target=_add_many, args=(str(reader_home), path, 15)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    notes = {b.note for b in Bookmarks().all()}
    assert len(notes) == 30
