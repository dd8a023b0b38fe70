"""Command palette providers: open any article by (fuzzy) title; script commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.library.article import ArticleInfo
from reader.script import ScriptPreferences, ScriptVariant
from reader.text.normalize import normalize
from reader.ui.access import reader_app

MAX_DISCOVERY = 30


def matched_label(label: str, offsets: Sequence[int]) -> Content:
    """`label` as plain text with the characters the fuzzy match found shown reversed (our own
    highlighting: Matcher.highlight() would parse the label as markup)."""
    display = Content(label)
    for offset in offsets:
        if offset < len(label) and not label[offset].isspace():
            display = display.stylize("reverse", offset, offset + 1)
    return display


class ArticleCommands(Provider):
    """"Open article…": one command per article, matched on its title, date and tags."""

    def _articles(self) -> list[ArticleInfo]:
        library = reader_app(self).library
        return list(library.articles) if library is not None else []

    def _open(self, path: str) -> None:
        reader_app(self).open_path(path)

    @staticmethod
    def _label(info: ArticleInfo) -> str:
        return f"Open: {info.title}"

    async def discover(self) -> Hits:
        for info in self._articles()[:MAX_DISCOVERY]:
            label = self._label(info)
            yield DiscoveryHit(Content(label), partial(self._open, info.path), text=label, help="Open article 打開文章")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        # Both scripts find both (捷运 finds 捷運), as in the search: matched in Simplified,
        # folded width and case (length preserving, so the offsets mark the label as shown).
        wanted = normalize(query)
        for info in self._articles():
            label = self._label(info)
            haystack = " ".join([label, info.date or "", *(f"#{tag}" for tag in info.tags)])
            score, offsets = matcher.fuzzy_search.match(wanted, normalize(haystack))
            if score <= 0:
                continue
            yield Hit(score, matched_label(label, offsets), partial(self._open, info.path), text=label, help="Open article 打開文章")


class ScriptCommands(Provider):
    """"Script: …" commands, acting on the main screen."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        screen = reader_app(self).reader_screen
        prefs: ScriptPreferences = screen.script.preferences
        commands = [
            ("Script: toggle Simplified ⇄ Traditional 簡繁切換", screen.action_toggle_script, "Same as t"),
            ("Script: settings… 字體設定", screen.action_script_settings, "Traditional target and vocabulary"),
        ]
        for variant, name in (
            (ScriptVariant.TW, "Taiwan 臺灣"),
            (ScriptVariant.HK, "Hong Kong 香港"),
            (ScriptVariant.TRADITIONAL, "no region 繁體"),
        ):
            if variant is not prefs.traditional:
                commands.append(
                    (
                        f"Script: Traditional as {name}",
                        partial(screen.set_script_preferences, replace(prefs, traditional=variant)),
                        "What a Simplified article toggles to",
                    )
                )
        commands.append(
            (
                f"Script: regional vocabulary {'off 關閉地區用詞' if prefs.vocabulary else 'on 開啟地區用詞'}",
                partial(screen.set_script_preferences, replace(prefs, vocabulary=not prefs.vocabulary)),
                "软件 ⇄ 軟體, 人工智能 ⇄ 人工智慧",
            )
        )
        return commands

    async def discover(self) -> Hits:
        for text, run, help_text in self._commands():
            yield DiscoveryHit(Content(text), run, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, text=text, help=help_text)
