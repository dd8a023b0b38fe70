"""Pilot tests of moving around the library: next/previous unread, unread counts, the list
filtered by tag or source, reading progress and the search hit counter under the article,
and a search hit opened where n/N would show it."""

from __future__ import annotations

from helpers import palette_lists_first, settle, wait_until
from textual.widgets import Input

from reader.store.reading import ReadingState
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.reading_status import ReadingStatus
from reader.ui.widgets.search_panel import SearchPanel


def library_status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def reading_status(app) -> str:
    return str(app.screen.query_one(ReadingStatus).render())


async def test_u_and_shift_u_open_the_next_and_previous_unread_article(app_factory, samples) -> None:
    from reader.library import open_library

    articles = open_library(samples).articles
    ReadingState().set_read(articles[2], True)
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.article.path == articles[0].path
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.article.path == articles[1].path
        await pilot.press("u")  # the third is read: skipped
        await settle(pilot)
        assert app.screen.article.path == articles[3].path
        assert app.screen.query_one(ArticleList).highlighted == 3
        assert app.focused is app.screen.query_one(ArticleView)
        await pilot.press("U")
        await settle(pilot)
        assert app.screen.article.path == articles[1].path


async def test_the_sidebar_counts_unread_articles(app_factory, samples) -> None:
    from reader.library import open_library

    articles = open_library(samples).articles
    ReadingState().set_read(articles[5], True)
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        total = len(articles)
        assert f"{total} articles · {total - 1} unread" in library_status(app)
        await pilot.press("m")  # the highlighted article: now read
        await settle(pilot)
        await app.screen.reading.user_data.settled()
        await pilot.pause()
        assert f"{total - 2} unread" in library_status(app)


async def test_f_filters_the_list_by_tag_in_either_script(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        total = len(app.library.articles)
        tagged = [info for info in app.library.articles if "人工智慧" in info.tags]
        assert 0 < len(tagged) < total
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one(Input).value = "人工智慧"
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, "#人工智慧"), what="the tag offered")
        await pilot.press("enter")
        await settle(pilot)
        shown = app.screen.query_one(ArticleList).articles
        assert [info.path for info in shown] == [info.path for info in tagged]
        assert f"{len(tagged)} of {total} articles" in library_status(app)
        assert "#人工智慧" in library_status(app)
        # Back to everything.
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one(Input).value = "all"
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, "All articles"), what="the clear filter")
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.query_one(ArticleList).articles) == total


async def test_f_filters_the_list_by_source(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        source = app.library.articles[0].source
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one(Input).value = source
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, f"Source 來源: {source}"), what="the source offered")
        await pilot.press("enter")
        await settle(pilot)
        shown = app.screen.query_one(ArticleList).articles
        assert shown and all(info.source == source for info in shown)


async def test_reading_progress_is_shown_under_the_article(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert reading_status(app).endswith("0%")
        await pilot.press("tab", "G")
        await settle(pilot)
        assert reading_status(app).endswith("100%")
        view = app.screen.query_one(ArticleView)
        view.scroll_to(y=view.max_scroll_y // 2, animate=False, immediate=True)
        await pilot.pause()
        assert reading_status(app).endswith(f"{round(100 * (view.max_scroll_y // 2) / view.max_scroll_y)}%")


async def test_a_search_hit_counter_follows_n_and_shift_n(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash")
        panel.set_query("AI")
        await settle(pilot)
        count = len(panel.results.hits[0].spans)
        assert count >= 2
        await pilot.press("enter")
        await settle(pilot)
        assert f"hit 1/{count}" in reading_status(app)
        await pilot.press("n")
        await pilot.pause()
        assert f"hit 2/{count}" in reading_status(app)
        await pilot.press("N", "N")
        await pilot.pause()
        assert f"hit {count}/{count}" in reading_status(app)
        # Back in the list, another article: no counter.
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert "hit" not in reading_status(app)


async def test_enter_shows_a_hit_where_n_and_shift_n_show_it(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash")
        panel.set_query("人工智能")
        await settle(pilot)
        await pilot.press("down", "j", "j", "j", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await wait_until(pilot, lambda: view.scroll_y > 0, what="the view to scroll to the hit")
        await pilot.pause(0.3)
        opened_at = view.scroll_y
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert view.scroll_y == opened_at  # the same hit, the same place: no jump


async def test_every_key_in_the_readme_works_at_80_by_24_and_200_by_60(app_factory, samples) -> None:
    from reader.ui.screens.reader_screen import ReaderScreen

    keys = [
        "j", "k", "down", "up", "G", "g", "end", "home", "enter", "tab", "j", "space", "pagedown",
        "shift+space", "pageup", "shift+tab", "ctrl+b", "ctrl+b", "slash", "escape", "n", "N",
        "e", "escape", "t", "t", "T", "escape", "b", "b", "B", "escape", "m", "m", "u", "U",
        "f", "escape", "less_than_sign", "greater_than_sign", "minus", "plus", "equals_sign",
        "question_mark", "escape", "f1", "escape", "ctrl+p", "escape",
    ]
    for size in ((80, 24), (200, 60)):
        app = app_factory(samples)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen), (size, app.screen)
            assert app.screen.article is not None
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0
