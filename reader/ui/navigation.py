"""Moving between articles as in a browser: back and forward through the articles opened,
and the article's own link (`url:` in its front matter) opened or copied."""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.text.links import safe_link
from reader.ui.messages import LinkOpened

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen

def graphical_browser() -> webbrowser.BaseBrowser | None:
    """The user's browser, unless it would run inside this terminal (lynx, w3m, $BROWSER as
    a plain command: Python runs those in the foreground, over the app), or there is none."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    return None if type(browser) is webbrowser.GenericBrowser else browser


class History:
    """The articles opened, in order, with a place in the list: Back and Forward move it."""

    def __init__(self, limit: int = 200) -> None:
        self.paths: list[str] = []
        self.index = -1
        self.limit = limit
        #: Set while Back/Forward opens an article, so that arriving there is not a new visit.
        self._travelling_to: str | None = None

    def visit(self, path: str) -> None:
        """An article was opened; unless Back/Forward opened it, it ends the list."""
        if self._travelling_to == path:
            self._travelling_to = None
            return
        self._travelling_to = None
        if self.index >= 0 and self.paths[self.index] == path:
            return
        del self.paths[self.index + 1 :]
        self.paths.append(path)
        if len(self.paths) > self.limit:
            del self.paths[0]
        self.index = len(self.paths) - 1

    def step(self, step: int) -> str | None:
        """The path `step` places back (-1) or forward (+1), now the current one; None at an end."""
        target = self.index + step
        if not 0 <= target < len(self.paths):
            return None
        self.index = target
        self._travelling_to = self.paths[target]
        return self._travelling_to

    def forget(self, path: str) -> None:
        """An article that is gone from the library: Back and Forward skip it."""
        while path in self.paths:
            at = self.paths.index(path)
            del self.paths[at]
            if at <= self.index:
                self.index -= 1
        self.index = max(self.index, -1 if not self.paths else 0)


class Navigation:
    """The main screen's Back / Forward (H / L) and open-the-link (o)."""

    #: The screen lists these among its own key bindings.
    BINDINGS = [
        Binding("H,alt+left", "history(-1)", "Back to the article before 上一篇(歷史)", show=False, id="history_back"),
        Binding("L,alt+right", "history(1)", "Forward again 下一篇(歷史)", show=False, id="history_forward"),
        Binding("o", "open_link", "Open the article's link 開啟原文連結", show=False, id="open_link"),
    ]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.history = History()

    def arrived(self, path: str) -> None:
        self.history.visit(path)

    def go(self, step: int) -> None:
        library = self.screen.library
        while (path := self.history.step(step)) is not None:
            if library is not None and library.find(path) is not None:
                self.screen.open_path(path)
                return
            self.history.forget(path)
        where = "before" if step < 0 else "after"
        self.screen.notify(f"No article {where} this one in the history.", title="History 歷史", timeout=3)

    def open_link(self) -> None:
        article = self.screen.article
        if article is None:
            return
        url = safe_link(article.url)
        if url is None:
            reason = "has no link (url: in its front matter)" if not article.url else "has a link that is not a web address"
            self.screen.notify(f"This article {reason}.", title="Link 連結", severity="warning", markup=False)
            return
        self.screen.run_worker(lambda: self._open(url), thread=True, group="link", exclusive=True)

    def _open(self, url: str) -> None:
        """In a worker: starting a browser can take a while."""
        browser = graphical_browser()
        opened = False
        if browser is not None:
            try:
                opened = browser.open(url, new=2)
            except (OSError, webbrowser.Error):
                opened = False
        self.screen.post_message(LinkOpened(url, opened))

    def link_opened(self, message: LinkOpened) -> None:
        if message.opened:
            self.screen.notify(message.url, title="Opened in the browser 已在瀏覽器開啟", timeout=4, markup=False)
            return
        self.screen.app.copy_to_clipboard(message.url)
        self.screen.notify(
            f"{message.url}\nNo graphical browser here: the link is copied to the clipboard.",
            title="Link copied 已複製連結",
            timeout=8,
            markup=False,
        )
