"""Command palette providers: open any article by (fuzzy) title."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.article import ArticleInfo

MAX_DISCOVERY = 30


class ArticleCommands(Provider):
    """"Open article…": one command per article, matched on its title, date and tags."""

    def _articles(self) -> list[ArticleInfo]:
        library = getattr(self.app, "library", None)
        return list(library.articles) if library is not None else []

    def _open(self, path: str) -> None:
        opener = getattr(self.app, "open_path", None)
        if opener is not None:
            opener(path)

    @staticmethod
    def _label(info: ArticleInfo) -> str:
        return f"Open: {info.title}"

    async def discover(self) -> Hits:
        for info in self._articles()[:MAX_DISCOVERY]:
            label = self._label(info)
            yield DiscoveryHit(Content(label), partial(self._open, info.path), text=label, help="Open article 打開文章")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for info in self._articles():
            label = self._label(info)
            haystack = " ".join([label, info.date or "", *(f"#{tag}" for tag in info.tags)])
            score, offsets = matcher.fuzzy_search.match(query, haystack)
            if score <= 0:
                continue
            # Our own highlighting: Matcher.highlight() would parse the title as markup.
            display = Content(label)
            for offset in offsets:
                if offset < len(label) and not label[offset].isspace():
                    display = display.stylize("reverse", offset, offset + 1)
            yield Hit(score, display, partial(self._open, info.path), text=label, help="Open article 打開文章")
