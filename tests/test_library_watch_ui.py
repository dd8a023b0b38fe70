"""Pilot tests of the library that updates itself: files written, changed and deleted while the
app runs show up in the list, in search and in the open article."""

from __future__ import annotations

import os
import time
from pathlib import Path

from helpers import settle, wait_until

from reader.ui.library_watch import GONE
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView

ARTICLES = {
    "a.md": "---\ntitle: 第一篇\ndate: 2025-01-03\n---\n\n" + "\n\n".join(f"第{i}段，講天氣和交通。" for i in range(40)) + "\n",
    "b.md": "---\ntitle: 第二篇\ndate: 2025-01-02\n---\n\n今天下雨。\n",
}


def listed(app) -> list[str]:
    return [Path(info.path).name for info in app.screen.query_one(ArticleList).articles]


def finds(app, word: str) -> list[str]:
    searcher = app.live_search.searcher
    if searcher is None:
        return []
    return [Path(hit.path).name for hit in searcher.search(word, typing=False).hits]


def meta_text(app) -> str:
    return app.screen.query_one(ArticleView).meta


async def ready(pilot) -> None:
    await settle(pilot)
    await wait_until(pilot, lambda: pilot.app.live_search.searcher is not None, timeout=60, what="the index")


async def test_a_file_written_while_reading_appears_in_the_list_and_in_search(app_factory, make_library) -> None:
    root = make_library(ARTICLES)
    app = app_factory(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert finds(app, "獨角獸") == []
        written = time.perf_counter()
        (root / "new").mkdir()
        (root / "new" / "c.md").write_text("---\ntitle: 新來的\ndate: 2025-02-01\n---\n\n獨角獸公司上市。\n",
                                           encoding="utf-8")
        await wait_until(pilot, lambda: "c.md" in listed(app), timeout=30, what="the new file listed")
        listed_after = time.perf_counter() - written
        await wait_until(pilot, lambda: finds(app, "獨角獸") == ["c.md"], timeout=60, what="the new file searchable")
        searchable_after = time.perf_counter() - written
        print(f"\nnew file listed after {listed_after:.2f} s, searchable after {searchable_after:.2f} s")
        assert listed(app)[0] == "c.md"  # newest first
        assert "1 new" in str(app.screen.query_one("#library-status").render())


async def test_the_open_article_changed_on_disk_is_reloaded_at_its_place(app_factory, make_library) -> None:
    root = make_library(ARTICLES)
    app = app_factory(root)
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert Path(screen.article.path).name == "a.md"
        target = screen.article.body.index("第30段")
        screen.scroll_to_body_offset(target)
        await settle(pilot)
        before = screen.body_offset_in_view()
        assert before > 0
        text = (root / "a.md").read_text("utf-8").replace("第0段，", "前言：多寫了一段。\n\n第0段，")
        (root / "a.md").write_text(text, encoding="utf-8")
        stat = (root / "a.md").stat()
        os.utime(root / "a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        await wait_until(pilot, lambda: "前言" in screen.article.body, timeout=30, what="the article reloaded")
        await settle(pilot)
        paragraphs = list(screen.query_one(ArticleView).paragraphs)
        assert paragraphs[0] == "前言：多寫了一段。"
        after = screen.body_offset_in_view()
        # Kept at the same words, which moved down by the new paragraph.
        shift = len("前言：多寫了一段。\n\n")
        assert abs(after - (before + shift)) <= 12, (before, after)
        await wait_until(pilot, lambda: finds(app, "前言") == ["a.md"], timeout=60, what="the change searchable")


async def test_the_open_article_deleted_is_marked_and_a_deleted_file_leaves_the_list(app_factory, make_library) -> None:
    root = make_library(ARTICLES)
    app = app_factory(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert Path(app.screen.article.path).name == "a.md"
        (root / "a.md").unlink()
        await wait_until(pilot, lambda: "a.md" not in listed(app), timeout=30, what="the deleted file unlisted")
        await settle(pilot)
        assert GONE in meta_text(app)
        assert app.screen.article is not None  # still shown, to finish reading
        await wait_until(pilot, lambda: "a.md" not in finds(app, "天氣"), timeout=60, what="dropped from search")
        # Another article opened: the mark is gone with it.
        await pilot.press("tab")
        app.screen.query_one(ArticleList).focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        assert Path(app.screen.article.path).name == "b.md"
        assert GONE not in meta_text(app)


async def test_a_change_the_index_missed_is_taken_in_later(app_factory, make_library) -> None:
    """Another reader held the index when the file came: the index catches up afterwards."""
    from filelock import FileLock

    from reader.search.index import LibraryIndex

    root = make_library(ARTICLES)
    app = app_factory(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        lock = FileLock(str(LibraryIndex(root).lock_file))
        lock.acquire()
        try:
            (root / "late.md").write_text("---\ntitle: 晚到\ndate: 2025-03-01\n---\n\n麒麟出現。\n", encoding="utf-8")
            await wait_until(pilot, lambda: "late.md" in listed(app), timeout=30, what="the new file listed")
            # The update it started finds the index busy and gives up.
            await wait_until(pilot, lambda: not any(w.group == "search-index" and not w.is_finished
                                                    for w in app.workers), timeout=30, what="the update to give up")
            assert finds(app, "麒麟") == []
        finally:
            lock.release()
        await wait_until(pilot, lambda: finds(app, "麒麟") == ["late.md"], timeout=60, what="the index to catch up")


async def test_the_first_look_at_a_new_folder_waits_until_it_can_be_searched(app_factory, make_library,
                                                                             monkeypatch) -> None:
    """Both go through every file: the watcher's first look would compete with the index for
    the GIL while the user waits to search. It comes after, and still finds what changed."""
    from reader.search import index as indexing
    from reader.ui import library_watch

    root = make_library({f"{i:02d}.md": f"# 標題{i}\n\n版權內容第{i}篇。\n" for i in range(8)})
    real_entry, real_catch_up = indexing._entry, library_watch.LibraryState.catch_up
    searchable_when_looking: list[bool] = []

    def slow(*args):
        time.sleep(0.1)
        return real_entry(*args)

    def catch_up(state, *args):
        searchable_when_looking.append(app.live_search.searcher is not None)
        return real_catch_up(state, *args)

    monkeypatch.setattr(indexing, "_entry", slow)
    monkeypatch.setattr(library_watch.LibraryState, "catch_up", catch_up)
    app = app_factory(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: searchable_when_looking, timeout=30, what="the watcher's first look")
        assert searchable_when_looking == [True]
        (root / "late.md").write_text("# 遲到\n\n獨角獸公司上市。\n", encoding="utf-8")
        await wait_until(pilot, lambda: "late.md" in listed(app), timeout=30, what="a file written after")
