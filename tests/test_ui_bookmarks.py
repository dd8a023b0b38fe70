"""Pilot tests: b, B (jump, delete/undo, note), reading position after a restart, read/unread,
store problems and failed saves shown to the user."""

from __future__ import annotations

import errno

from helpers import settle, wait_until
from textual.widgets import Input, OptionList

from reader.library import open_library
from reader.store import tables as store_module
from reader.store.bookmarks import Bookmarks
from reader.store.reading import ReadingState
from reader.ui.reading_memory import BOOKMARK_MARK, UNREAD_MARK, ReadingMemory
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView

SIZE = (100, 24)


async def saved(pilot) -> None:
    """Let every queued save land and its outcome reach the UI."""
    await settle(pilot)
    await pilot.app.reader_screen.reading.user_data.settled()
    await pilot.pause()
    await pilot.pause()


def sidebar_prompt(app, path: str) -> str:
    """The title line the sidebar shows for the article at `path`."""
    article_list = app.reader_screen.query_one(ArticleList)
    [info] = [info for info in article_list.articles if info.path == path]
    return article_list.row_text(info)[0]


def notifications(app) -> list:
    return list(app._notifications)


async def scroll_down(pilot, pages: int = 1) -> ArticleView:
    view = pilot.app.reader_screen.query_one(ArticleView)
    view.focus()
    for _ in range(pages):
        await pilot.press("space")
    await pilot.wait_for_scheduled_animations()  # paging scrolls smoothly
    await pilot.pause()
    return view


async def test_b_toggles_a_bookmark_where_the_reader_is(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.reader_screen
        article = screen.article
        view = await scroll_down(pilot)
        position = view.offset_in_view()
        assert position > 0
        await pilot.press("b")
        await saved(pilot)
        [bookmark] = Bookmarks().all()  # on disk
        assert bookmark.position == position and bookmark.path == article.path
        # The quote is the sentence the view's top line is in.
        paragraph_start = article.paragraph_starts()[bookmark.paragraph]
        assert paragraph_start <= article.body.find(bookmark.quote.rstrip("…"), paragraph_start) <= position
        assert bookmark.library == str(screen.library.root)
        assert BOOKMARK_MARK.strip() in sidebar_prompt(app, article.path)
        assert any("Bookmarked" in (n.title or "") for n in notifications(app))
        await pilot.press("b")  # same place: removed
        await saved(pilot)
        assert Bookmarks().all() == []
        assert BOOKMARK_MARK.strip() not in sidebar_prompt(app, article.path)


async def test_B_lists_newest_first_and_enter_opens_at_the_bookmark(app_factory, samples):
    library = open_library(samples)
    older, newer = library.articles[3], library.articles[5]
    older_article, newer_article = library.load(older), library.load(newer)
    older_at = older_article.paragraph_starts()[2]
    bookmarks = Bookmarks()
    bookmarks.add(older_article, older_at, note="較早", library=library.root)
    bookmarks.add(newer_article, newer_article.paragraph_starts()[1], library=library.root)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [item.bookmark.title for item in screen.items] == [newer.title, older.title]
        prompt = str(screen.query_one(OptionList).get_option_at_index(1).prompt)
        assert older.title in prompt and "較早" in prompt
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.pause()
        reader = app.reader_screen
        assert app.screen is reader
        assert reader.article.path == older.path
        view = reader.query_one(ArticleView)
        assert view.scroll_y > 0 and view.offset_in_view() == older_at
        assert reader.query_one(ArticleList).highlighted_article.path == older.path


async def test_d_deletes_and_u_undoes(app_factory, samples):
    library = open_library(samples)
    article = library.load(library.articles[2])
    kept = Bookmarks().add(article, 0, library=library.root)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("d")
        await saved(pilot)
        assert app.screen.items == []
        assert Bookmarks().all() == []
        assert any("u to undo" in n.message for n in notifications(app))
        await pilot.press("u")
        await saved(pilot)
        assert [item.bookmark.id for item in app.screen.items] == [kept.id]
        assert Bookmarks().get(kept.id) == kept
        await pilot.press("escape")
        await pilot.pause()
        assert BOOKMARK_MARK.strip() in sidebar_prompt(app, article.path)


async def test_n_edits_the_note(app_factory, samples):
    library = open_library(samples)
    article = library.load(library.articles[0])
    made = Bookmarks().add(article, 0, note="舊的", library=library.root)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        note_input = app.screen.query_one(Input)
        assert note_input.value == "舊的"
        note_input.value = "[bold]重讀[/bold] 第三段"  # shown as typed, never as markup
        await pilot.press("enter")
        await saved(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert Bookmarks().get(made.id).note == "[bold]重讀[/bold] 第三段"
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "[bold]重讀[/bold] 第三段" in prompt
        # Esc in the note dialog changes nothing.
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "不要"
        await pilot.press("escape")
        await saved(pilot)
        assert Bookmarks().get(made.id).note == "[bold]重讀[/bold] 第三段"


async def test_a_missing_article_is_listed_and_not_opened(app_factory, samples):
    library = open_library(samples)
    info = library.articles[4]
    Bookmarks().add(library.load(info), 0, library=library.root)
    (samples / info.path.split("/")[-1]).unlink()
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        opened = app.reader_screen.article.path
        await pilot.press("B")
        await pilot.pause()
        assert app.screen.items[0].missing
        assert "missing" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.reader_screen and app.reader_screen.article.path == opened
        assert any(n.title == "Missing article" for n in notifications(app))
    assert len(Bookmarks()) == 1  # kept


async def test_a_bookmark_made_in_another_folder_is_not_missing_and_opens(app_factory, samples, make_library):
    other = open_library(make_library({"elsewhere.md": "---\ntitle: 別處的文章\n---\n第一段。\n\n第二段在這裡。"}, name="other"))
    info = other.articles[0]
    made = Bookmarks().add(other.load(info), 5, library=other.root)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await saved(pilot)
        [item] = app.screen.items
        assert not item.missing
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "missing" not in prompt and "another folder" in prompt
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.reader_screen and app.reader_screen.article.path == info.path
    assert Bookmarks().get(made.id).path == info.path  # nothing rewritten


async def test_a_moved_article_is_found_and_its_new_path_remembered(app_factory, samples):
    library = open_library(samples)
    info = library.articles[1]
    made = Bookmarks().add(library.load(info), 0, library=library.root)
    moved = samples / "archive" / "moved.md"
    moved.parent.mkdir()
    (samples / info.path.split("/")[-1]).rename(moved)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await saved(pilot)
        # Found by its text and remembered there: now it is simply where the bookmark says.
        assert app.screen.items[0].status == "here" and app.screen.items[0].bookmark.path == str(moved)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader_screen.article.path == str(moved)
    assert Bookmarks().get(made.id).path == str(moved)


async def test_the_reading_position_is_restored_after_a_restart(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        path = app.reader_screen.article.path
        view = await scroll_down(pilot, pages=2)
        await pilot.press("down")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        left_at = view.offset_in_view()
        assert left_at > 0
    # Quitting right away (no time for the scroll to settle) still saved it.
    info = open_library(samples).find(path)
    assert ReadingState().get(info).position == left_at

    again = app_factory(samples)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert again.reader_screen.article.path == path  # the newest article opens first
        assert again.reader_screen.query_one(ArticleView).offset_in_view() == left_at


async def test_switching_articles_keeps_each_position(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.reader_screen.article.path
        view = await scroll_down(pilot)
        first_at = view.offset_in_view()
        article_list = app.reader_screen.query_one(ArticleList)
        article_list.focus()
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.reader_screen.article.path != first
        assert view.offset_in_view() == 0
        article_list.focus()
        await pilot.press("k", "enter")
        await settle(pilot)
        await pilot.pause()
        assert app.reader_screen.article.path == first
        assert view.offset_in_view() == first_at


async def test_read_after_a_while_and_m_toggles(app_factory, samples, monkeypatch):
    monkeypatch.setattr(ReadingMemory, "READ_AFTER", 0.1)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.reader_screen.article
        reading = app.reader_screen.reading.user_data.reading
        await wait_until(pilot, lambda: reading.is_read(article.info), what="the article to count as read")
        await saved(pilot)
        assert ReadingState().is_read(article.info)
        assert UNREAD_MARK.strip() not in sidebar_prompt(app, article.path)
        app.reader_screen.query_one(ArticleView).focus()
        await pilot.press("m")
        await saved(pilot)
        assert not ReadingState().is_read(article.info)
        assert UNREAD_MARK.strip() in sidebar_prompt(app, article.path)


async def test_scrolling_to_the_end_marks_read(app_factory, samples, monkeypatch):
    monkeypatch.setattr(ReadingMemory, "SAVE_POSITION_AFTER", 0.05)
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.reader_screen.article
        app.reader_screen.query_one(ArticleView).focus()
        reading = app.reader_screen.reading.user_data.reading
        assert not reading.is_read(article.info)
        await pilot.press("G")
        await wait_until(pilot, lambda: reading.is_read(article.info), what="the end to mark the article read")
        await saved(pilot)
        assert ReadingState().is_read(article.info)


async def test_m_in_the_sidebar_marks_the_highlighted_article(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article_list = app.reader_screen.query_one(ArticleList)
        third = article_list.articles[2]
        assert UNREAD_MARK.strip() in sidebar_prompt(app, third.path)
        article_list.focus()
        await pilot.press("j", "j", "m")
        await saved(pilot)
        assert ReadingState().is_read(third)
        assert UNREAD_MARK.strip() not in sidebar_prompt(app, third.path)


async def test_a_corrupt_bookmarks_file_is_reported_and_the_app_starts(app_factory, samples):
    path = Bookmarks().path
    path.write_text('{"format": "bookmarks", "version": 1, "data": [', "utf-8")
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [note] = [n for n in notifications(app) if "bookmarks.json" in n.message]
        assert "kept as bookmarks.json.corrupt-" in note.message and note.severity == "warning"
        await pilot.press("b")
        await saved(pilot)
    assert len(Bookmarks()) == 1
    assert len(list(path.parent.glob("bookmarks.json.corrupt-*"))) == 1


async def test_a_failed_save_is_notified(app_factory, samples, monkeypatch):
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(store_module, "write_json_atomic", full)
        await pilot.press("b")
        await saved(pilot)
        [error] = [n for n in notifications(app) if n.severity == "error"]
        assert error.title == "Not saved 未儲存"
        assert "No space left on device" in error.message
        # Shown in this session all the same.
        assert BOOKMARK_MARK.strip() in sidebar_prompt(app, app.reader_screen.article.path)
        monkeypatch.undo()
    assert Bookmarks().all() == []


async def test_B_shows_bookmarks_another_reader_added(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = open_library(samples)
        other = library.load(library.articles[6])
        Bookmarks().add(other, 0, note="另一個視窗", library=library.root)  # another process
        await pilot.press("B")
        await saved(pilot)
        assert [item.bookmark.note for item in app.screen.items] == ["另一個視窗"]
        await pilot.press("escape")
        await pilot.pause()
        assert BOOKMARK_MARK.strip() in sidebar_prompt(app, other.path)


async def test_restart_carries_on_with_the_article_read_last(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = app.library.articles[5]
        app.open_path(target.path)
        await settle(pilot)
        assert app.screen.article.path == target.path
    again = app_factory(samples)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.screen.article.path == target.path
        assert again.screen.query_one(ArticleList).highlighted_article.path == target.path
