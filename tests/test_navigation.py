"""Back / forward through the articles opened (H, L), and the article's link: shown in the
meta line, opened in a graphical browser or copied (o), linked from the Markdown export."""

from __future__ import annotations

import webbrowser

import pytest
from helpers import settle, wait_until

from reader.cli import main
from reader.library.article import load_article
from reader.store.bookmarks import Bookmarks
from reader.text.links import safe_link
from reader.ui.navigation import History, graphical_browser
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView


def test_history_moves_back_and_forward_like_a_browser() -> None:
    history = History()
    for path in ("a", "b", "c"):
        history.visit(path)
    assert history.step(-1) == "b"
    history.visit("b")  # arriving where Back went is not a new visit
    assert history.step(-1) == "a"
    history.visit("a")
    assert history.step(-1) is None
    assert history.step(1) == "b"
    history.visit("b")
    history.visit("d")  # a new article drops what was ahead
    assert history.paths == ["a", "b", "d"]
    assert history.step(1) is None
    history.visit("d")  # the same article again: one entry
    assert history.paths == ["a", "b", "d"]


def test_history_forgets_articles_that_are_gone() -> None:
    history = History()
    for path in ("a", "b", "a", "c"):
        history.visit(path)
    history.forget("a")
    assert history.paths == ["b", "c"]
    assert history.step(-1) == "b"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/news/1", True),
        ("http://example.com", True),
        ("  https://example.com/x  ", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://exa mple.com", False),
        ("https://example.com/\x1b]52;c;ZXZpbA==\x07", False),
        ("example.com/no-scheme", False),
        ("https://", False),
        (None, False),
    ],
)
def test_only_web_links_are_shown_or_opened(url, safe) -> None:
    assert (safe_link(url) is not None) is safe


def test_a_terminal_browser_is_never_started_over_the_app(monkeypatch) -> None:
    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.GenericBrowser("w3m"))
    assert graphical_browser() is None
    background = webbrowser.BackgroundBrowser("xdg-open")
    monkeypatch.setattr(webbrowser, "get", lambda: background)
    assert graphical_browser() is background


def _library(make_library):
    return make_library(
        {
            f"{n}-{name}.md": f"---\ntitle: {title}\ndate: 2025-09-0{n}\nurl: {url}\n---\n\n{body}\n"
            for n, name, title, url, body in [
                (3, "one", "第一篇", "https://example.com/one", "第一篇的內文。"),
                (2, "two", "第二篇", "javascript:alert(1)", "第二篇的內文。"),
                (1, "three", "第三篇", "https://example.com/three", "第三篇的內文。"),
            ]
        }
    )


async def _open(pilot, app, index: int) -> None:
    app.screen.query_one(ArticleList).focus()
    await pilot.press("g", *["j"] * index, "enter")
    await settle(pilot)


async def test_h_and_l_go_back_and_forward(app_factory, make_library) -> None:
    app = app_factory(_library(make_library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [info.title for info in app.screen.query_one(ArticleList).articles]
        assert app.screen.article.title == titles[0]
        await _open(pilot, app, 1)
        await _open(pilot, app, 2)
        assert app.screen.article.title == titles[2]
        await pilot.press("H")
        await settle(pilot)
        assert app.screen.article.title == titles[1]
        await pilot.press("H")
        await settle(pilot)
        assert app.screen.article.title == titles[0]
        await pilot.press("H")  # nothing before the first: said, nothing changes
        await settle(pilot)
        assert app.screen.article.title == titles[0]
        assert any("No article before" in n.message for n in app._notifications)
        await pilot.press("L")
        await settle(pilot)
        assert app.screen.article.title == titles[1]
        assert app.screen.query_one(ArticleList).highlighted_article.path == app.screen.article.path


async def test_the_link_is_in_the_meta_line_and_o_opens_it(app_factory, make_library, monkeypatch) -> None:
    opened: list[str] = []

    class Browser(webbrowser.BackgroundBrowser):
        def open(self, url, new=0, autoraise=True):
            opened.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda: Browser("true"))
    app = app_factory(_library(make_library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        meta = app.screen.query_one(ArticleView).meta
        assert meta.endswith("· https://example.com/one")
        await pilot.press("o")
        await wait_until(pilot, lambda: opened, what="the browser called")
        assert opened == ["https://example.com/one"]


async def test_without_a_graphical_browser_o_copies_the_link(app_factory, make_library, monkeypatch) -> None:
    def no_browser():
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    app = app_factory(_library(make_library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: app.clipboard == "https://example.com/one", what="the link copied")
        assert any("copied" in n.message for n in app._notifications)


async def test_a_link_that_is_not_a_web_address_is_neither_shown_nor_opened(app_factory, make_library, monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(webbrowser, "get", lambda: calls.append("get"))
    app = app_factory(_library(make_library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open(pilot, app, 1)
        assert "javascript" not in app.screen.query_one(ArticleView).meta
        await pilot.press("o")
        await settle(pilot)
        assert calls == [] and app.clipboard == ""
        assert any("not a web address" in n.message for n in app._notifications)


def test_the_markdown_export_links_to_the_article(make_library, capsys) -> None:
    folder = _library(make_library)
    one, two = load_article(folder / "3-one.md"), load_article(folder / "2-two.md")
    Bookmarks().add(one, 0, library=folder)
    Bookmarks().add(two, 0, library=folder)
    assert main(["bookmarks", "export", "--format", "md"]) == 0
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if "第一篇" in line)
    second = next(line for line in out.splitlines() if "第二篇" in line)
    assert first.endswith("· [link](<https://example.com/one>)")
    assert "javascript" not in second and "[link]" not in second
