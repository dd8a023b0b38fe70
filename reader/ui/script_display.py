"""What the screen needs to show text in a script variant: the saved choice, the preferences,
the override list, and the open article converted (cached, with its offset map)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reader import script
from reader.article import Article
from reader.script import ConvertedArticle, ScriptPreferences, ScriptVariant


@dataclass(frozen=True, slots=True)
class _Key:
    path: str
    fingerprint: str
    variant: ScriptVariant
    preferences: ScriptPreferences


class ScriptDisplay:
    """Converts what is shown; keeps no widget. `problems` collects what went wrong reading
    the saved files (for one notification)."""

    def __init__(self) -> None:
        self.preferences, problems = script.load_preferences()
        self.variant, state_problems = script.load_variant()
        self.overrides = script.load_overrides()
        self.problems: list[str] = [*problems, *state_problems, *self.overrides.problems]
        self._scripts: dict[tuple[str, str], ScriptVariant | None] = {}
        self._shown: tuple[_Key, ConvertedArticle] | None = None

    def article_script(self, article: Article) -> ScriptVariant | None:
        key = (article.path, article.info.fingerprint)
        if key not in self._scripts:
            self._scripts[key] = script.article_script(article)
        return self._scripts[key]

    def show(self, article: Article, variant: ScriptVariant | None = None) -> ConvertedArticle:
        """`article` in `variant` (default: the current one); the last result is cached."""
        variant = self.variant if variant is None else variant
        key = _Key(article.path, article.info.fingerprint, variant, self.preferences)
        if self._shown is not None and self._shown[0] == key:
            return self._shown[1]
        shown = script.convert_article(
            article,
            variant,
            script=self.article_script(article),
            preferences=self.preferences,
            overrides=self.overrides,
        )
        self._shown = (key, shown)
        return shown

    def toggled(self, article: Article | None) -> ScriptVariant:
        """The variant `t` switches to while `article` is open."""
        own = self.article_script(article) if article is not None else None
        return script.toggled(self.variant, own, self.preferences)

    def text(self, text: str, own: ScriptVariant | None = None) -> str:
        """Any other text (meta, snippets) in the current variant; `own`: its script if known."""
        return script.convert_text(
            text, self.variant, script=own, preferences=self.preferences, overrides=self.overrides
        )

    def titles(self, titles: Sequence[str], variant: ScriptVariant) -> dict[str, str]:
        """Sidebar titles in `variant`, each from its own script (≈ 30 ms for 10k: use a worker)."""
        if variant is ScriptVariant.ORIGINAL:
            return {}
        unique = list(dict.fromkeys(titles))
        converted = script.convert_many(
            unique, variant, preferences=self.preferences, overrides=self.overrides
        )
        return {title: shown for title, shown in zip(unique, converted) if shown != title}

    @staticmethod
    def warm_up() -> None:
        """Build opencc's converters and the script tables before the first `t` (worker)."""
        script.detect_script("中文")
        for config in ("t2s", "s2t", "s2tw", "s2hk", "t2tw", "t2hk"):
            script.opencc_converter(config)
