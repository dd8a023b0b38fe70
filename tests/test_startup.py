"""The app's start: the first screen (the list and the first article) before the work it does
not show (the search index, opencc's converters), which then starts in any case."""

from __future__ import annotations

import pytest
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
        def notes() -> list:
            return [n for n in list(app._notifications) if "damaged" in n.message]

        await wait_until(pilot, lambda: app.library is not None and notes(), what="the note")
        assert notes()[0].severity == "warning" and "kept as" in notes()[0].message
        assert len(app.screen.query_one(ArticleList).articles) == 2


async def test_the_catalogs_listing_is_shown_first_then_checked(app_factory, make_library, monkeypatch) -> None:
    """The first screen lists what the catalog holds (no look at the folder before it); what
    changed on disk since shows up once the folder is checked after that screen."""
    from reader.library import catalog, open_library

    root = make_library(ARTICLES)
    open_library(root)
    (root / "a.md").write_text("---\ntitle: 第一篇改\ndate: 2025-01-02\n---\n\n台北的捷運更方便了。\n", encoding="utf-8")
    (root / "b.md").unlink()
    (root / "c.md").write_text("---\ntitle: 第三篇\ndate: 2024-12-31\n---\n\n高雄的輕軌。\n", encoding="utf-8")
    app = app_factory(root)
    walked_before_the_first_screen: list[bool] = []
    real = catalog._article_file_paths

    def walk(*args):
        walked_before_the_first_screen.append(not app.startup.done)
        return real(*args)

    monkeypatch.setattr(catalog, "_article_file_paths", walk)
    def titles() -> list[str]:
        return [info.title for info in app.screen.query_one(ArticleList).articles]

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: titles() == ["第一篇改", "第三篇"], what="the checked list")
        await wait_until(pilot, lambda: "更方便" in app.screen.article.body, what="the changed article again")
        assert app.library is not None and not app.library_unchecked
        assert walked_before_the_first_screen and not any(walked_before_the_first_screen)


async def test_the_footer_is_built_again_only_when_its_keys_change(app_factory, make_library, monkeypatch) -> None:
    """Textual's footer builds its keys again each time the bindings may have changed: five
    times over, for the same keys, while the first screen came up."""
    from textual.widgets._footer import FooterKey

    from reader.ui.widgets.key_footer import KeyFooter

    built: list[int] = []
    compose = KeyFooter.compose

    def counted(self):
        built.append(1)
        return compose(self)

    monkeypatch.setattr(KeyFooter, "compose", counted)
    app = app_factory(make_library(ARTICLES))

    def keys() -> list[str]:
        return [key.description for key in app.screen.query(FooterKey)]

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.startup.done and "Quit 離開" in keys(), what="the footer's keys")
        await pilot.pause(0.2)
        assert len(built) == 2  # empty until the bindings are ready, then the keys
        await pilot.press("slash")  # the search box: other keys
        await wait_until(pilot, lambda: "Quit 離開" not in keys() and "Help 說明" in keys(), what="the search box's keys")
        await pilot.press("escape")
        await wait_until(pilot, lambda: "Quit 離開" in keys(), what="the list's keys again")
        assert len(built) == 4


def test_the_garbage_collector_waits_for_the_first_screen(make_library) -> None:
    """It walked the start's objects again and again before the first frame; it runs again
    once that screen is complete, with what the start made left out of its walks."""
    import gc

    from reader.ui.app import ReaderApp

    seen: list[tuple] = []

    class Watched(ReaderApp):
        def on_mount(self) -> None:
            super().on_mount()
            seen.append(("mounted", gc.isenabled()))
            self.set_interval(0.01, self.check)

        def check(self) -> None:
            if self.startup.done:
                seen.append(("first screen", gc.isenabled(), gc.get_freeze_count() > 0))
                self.exit()

    try:
        Watched(make_library(ARTICLES)).run(headless=True, size=(100, 30))
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
    assert seen[0] == ("mounted", False)
    assert seen[-1] == ("first screen", True, True)


async def test_the_article_the_catalog_offered_first_is_gone(app_factory, make_library) -> None:
    """Deleted while reader was closed: the catalog's listing still offers it, it cannot be
    read, and once the folder is checked the newest article left is opened."""
    from reader.library import open_library

    root = make_library({**ARTICLES, "c.md": "---\ntitle: 第三篇\ndate: 2025-01-03\n---\n\n高雄的輕軌。\n"})
    open_library(root)
    (root / "c.md").unlink()
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.article is not None and not app.library_unchecked, what="an article")
        assert app.screen.article.title == "第一篇"
        assert [info.title for info in app.screen.query_one(ArticleList).articles] == ["第一篇", "第二篇"]


@pytest.mark.parametrize(("width", "wide"), [(100, False), (140, True)])
async def test_the_screen_is_styled_for_its_width_and_focus_from_the_start(app_factory, make_library, monkeypatch,
                                                                           width, wide) -> None:
    """The list has focus and the screen the breakpoint class of its width from the moment it
    is composed: a focus moved or a class changed afterwards restyled every widget."""
    from textual.screen import Screen

    from reader.ui.screens.reader_screen import ReaderScreen

    focused: list[str] = []
    set_focus = Screen.set_focus

    def record(self, widget, *args, **kwargs):
        if widget is not None and widget is not self.focused:
            focused.append(widget.id)
        return set_focus(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", record)
    classes: list[set[str]] = []
    on_mount = ReaderScreen.on_mount

    def mounted(self) -> None:
        classes.append(set(self.classes))
        on_mount(self)

    monkeypatch.setattr(ReaderScreen, "on_mount", mounted)
    app = app_factory(make_library(ARTICLES))
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_until(pilot, lambda: app.startup.done, what="the first screen")
        assert focused == ["articles"]
        assert classes[0] >= ({"-wide"} if wide else {"-narrow"})
        assert app.screen.has_class("-wide") is wide and app.screen.has_class("-narrow") is not wide
