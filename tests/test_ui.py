"""Pilot tests of the app: navigation, opening, help, palette, untrusted text, small sizes."""

from __future__ import annotations

from helpers import palette_lists_first, settle, wait_until
from textual.content import Content
from textual.widgets import Input, OptionList

from reader.ui.screens.help_screen import HelpScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView

HOSTILE = (
    "---\ntitle: '[@click=app.quit]點我標題[/]'\n---\n"
    "陣列[i]與[bold]粗體[/bold]，[@click=app.quit]按這裡離開[/]，[link=https://example.com]連結[/link]。\n\n"
    "第二段\x1b]52;c;ZXZpbA==\x07正常文字。"
)


def shown_text(app) -> str:
    view = app.screen.query_one(ArticleView)
    # Paragraphs are broken into lines for display; join the lines as painted back.
    paragraphs = []
    for index in range(len(view.paragraphs)):
        top = view.screen_place(index, 0).y
        rows = len(view.paragraph_lines(index))
        paragraphs.append("".join(view.line_strip(y).text.rstrip() for y in range(top, top + rows)))
    return "\n\n".join(paragraphs)


async def test_opens_samples_and_shows_first_article(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert len(article_list.articles) >= 12
        assert app.focused is article_list
        assert app.screen.article.path == article_list.articles[0].path
        assert "字" in app.screen.query_one(ArticleView).meta


async def test_keyboard_navigation_and_open(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("j", "j", "down")
        assert article_list.highlighted == 3
        await pilot.press("k")
        assert article_list.highlighted == 2
        await pilot.press("G")
        assert article_list.highlighted == len(article_list.articles) - 1
        await pilot.press("g", "j", "enter")
        await settle(pilot)
        assert app.screen.article.path == article_list.articles[1].path
        view = app.screen.query_one(ArticleView)
        assert app.focused is view
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("tab")
        assert app.focused is article_list


async def test_click_opens_article(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        # Two lines per article: line 6 is the title of the fourth.
        await pilot.click(ArticleList, offset=(3, 6))
        await settle(pilot)
        assert article_list.highlighted == 3
        assert app.screen.article.path == article_list.articles[3].path


async def test_help_screen_lists_the_real_bindings(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(static.render()) for static in app.screen.query(".help-keys"))
        for widget_class in (ArticleList, ArticleView):
            for binding in widget_class.BINDINGS:
                assert binding.description in text
        assert "Quit" in text and "Help" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_an_article_by_title(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = next(info for info in app.library.articles if "Anthropic" in info.title)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Anthropic 15"
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, target.title), what="the palette to offer the article")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article.path == target.path


async def test_palette_finds_a_title_in_the_other_script(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = next(info for info in app.library.articles if "捷運" in info.title)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "捷运"  # Simplified, the title is Traditional
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, target.title), what="the palette to offer 捷運")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article.path == target.path


async def test_markup_in_articles_is_shown_literally_and_does_nothing(app_factory, make_library) -> None:
    root = make_library({"hostile.md": HOSTILE, "plain.txt": "普通標題\n\n普通內容。"})
    app = app_factory(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        hostile = next(info for info in app.library.articles if info.path.endswith("hostile.md"))
        app.open_path(hostile.path)
        await settle(pilot)
        text = shown_text(app)
        assert "[@click=app.quit]按這裡離開[/]" in text
        assert "陣列[i]與[bold]粗體[/bold]" in text
        assert "[link=https://example.com]連結[/link]" in text
        assert "\x1b" not in text and "ZXZpbA" not in text
        view = app.screen.query_one(ArticleView)
        assert view.title == "[@click=app.quit]點我標題[/]"
        assert view.line_strip(1).text.rstrip() == "[@click=app.quit]點我標題[/]"
        article_list = app.screen.query_one(ArticleList)
        rows = [article_list.render_line(y).text for y in range(4)]
        assert any("[@click=app.quit]點我標題[/]" in row for row in rows), rows
        # Click all over the hostile paragraph and the title: nothing may happen.
        first_line = view.screen_place(0, 0).y - int(view.scroll_y)
        for x in range(0, 60, 4):
            await pilot.click(ArticleView, offset=(x + 2, first_line))
        await pilot.click(ArticleView, offset=(4, 1))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        # The palette shows the title literally too.
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "點我"
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, "點我"), what="the palette to offer the article")
        options = app.screen.query_one(OptionList)
        assert "[@click=app.quit]點我標題[/]" in str(options.get_option_at_index(0).prompt)


async def test_bad_files_are_reported_not_shown(app_factory, make_library) -> None:
    root = make_library({"ok.txt": "標題\n\n內容。", "bin.txt": b"\x00\xff" * 100, "empty.md": ""})
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(ArticleList).articles) == 1
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "bin.txt" in messages and "empty.md" in messages
        assert "2 skipped" in str(app.screen.query_one("#library-status").render())


async def test_single_file_opens_at_once(app_factory, samples) -> None:
    path = sorted(samples.glob("*.md"))[0]
    app = app_factory(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.article.path == str(path)
        assert app.focused is app.screen.query_one(ArticleView)


async def test_small_terminal_and_resize(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.size.width > 20
        for size in [(40, 12), (120, 40), (60, 20)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        width = view.scrollable_content_region.width
        top = view.screen_place(0, 0).y
        lines = [view.line_strip(y).text.rstrip() for y in range(top, top + len(view.paragraph_lines(0)))]
        assert len(lines) > 1 and all(0 < Content(line).cell_length <= width for line in lines)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not app.screen.query_one("#sidebar").display
        assert app.focused is view


async def test_quit(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
