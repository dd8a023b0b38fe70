"""Command palette: toggle the script, choose the Traditional target and vocabulary."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.script import ScriptPreferences, ScriptVariant


class ScriptCommands(Provider):
    """"Script: …" commands, acting on the main screen."""

    def _screen(self):
        screen = self.app.screen_stack[0] if self.app.screen_stack else None
        return screen if hasattr(screen, "set_script_preferences") else None

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        screen = self._screen()
        if screen is None:
            return []
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
