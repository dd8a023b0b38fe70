"""The app's start: the first screen (the list and the first article) before the work it does
not show (the search index, opencc's converters), which then starts in any case."""

from __future__ import annotations

from helpers import wait_until

from reader.ui.live_search import LiveSearch
from reader.ui.script_display import ScriptDisplay
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView

ARTICLES = {
    "a.md": "---\ntitle: 第一篇\ndate: 2025-01-02\n---\n\n台北的捷運很方便。\n",
    "b.md": "---\ntitle: 第二篇\ndate: 2025-01-01\n---\n\n上海的地铁也很方便。\n",
}


def record_starts(monkeypatch, app) -> list[tuple[str, bool]]:
    """Each held-back start, with whether the first article was on screen by then."""
    started: list[tuple[str, bool]] = []
    keep_current, warm_up = LiveSearch.keep_current, ScriptDisplay.warm_up

    def shown() -> bool:
        return app.screen.query_one(ArticleView).paragraphs != [] and app.screen.article is not None

    def index(self, listener):
        started.append(("index", shown()))
        keep_current(self, listener)

    def script(self, node):
        started.append(("script", shown()))
        warm_up(self, node)

    monkeypatch.setattr(LiveSearch, "keep_current", index)
    monkeypatch.setattr(ScriptDisplay, "warm_up", script)
    return started


async def test_the_index_and_the_converters_wait_for_the_first_article(app_factory, make_library, monkeypatch) -> None:
    app = app_factory(make_library(ARTICLES))
    started = record_starts(monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: len(started) == 2, what=f"the held-back work {started}")
        assert sorted(started) == [("index", True), ("script", True)]
        assert app.screen.article.path.endswith("a.md")
        assert len(app.screen.query_one(ArticleList).articles) == 2


async def test_they_start_when_the_first_article_cannot_be_read(app_factory, make_library, monkeypatch) -> None:
    library = make_library({**ARTICLES, "a.md": "---\ntitle: 第一篇\ndate: 2025-01-02\n---\n\n捷運\n"})
    app = app_factory(library)
    started = record_starts(monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.library is not None, what="the list")
        (library / "a.md").unlink()  # listed, then gone before it is read
        await wait_until(pilot, lambda: {name for name, _ in started} == {"index", "script"}, what="the held-back work")


async def test_they_start_in_an_empty_library(app_factory, make_library, monkeypatch) -> None:
    app = app_factory(make_library({"notes/readme.bin": b"\x00"}))
    started = record_starts(monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: len(started) == 2, what="the held-back work")
        assert app.screen.article is None


async def test_a_damaged_catalog_is_reported(app_factory, make_library) -> None:
    from reader import locations
    from reader.library import open_library

    root = make_library(ARTICLES)
    open_library(root)
    locations.catalog_path(root).write_bytes(b"\x00garbage")
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.library is not None and app._notifications, what="the note")
        [note] = list(app._notifications)
        assert "damaged" in note.message and note.severity == "warning"
        assert len(app.screen.query_one(ArticleList).articles) == 2
