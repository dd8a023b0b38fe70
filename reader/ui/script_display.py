"""What the screen needs to show text in a script variant: the saved choice, the preferences,
the override list, and the open article converted (cached, with its offset map); saving the
choice and warming up the converters in workers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from reader import script
from reader.library.article import Article
from reader.script import ConvertedArticle, ScriptPreferences, ScriptVariant, with_preferences
from reader.store.tables import StoreError
from reader.text import opencc_converter
from reader.text.links import safe_link
from reader.ui.messages import StoreWarning
from reader.ui.widgets.article_list import ArticleList, meta_line
from reader.ui.widgets.article_view import ArticleView, Highlight

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen


@dataclass(frozen=True, slots=True)
class _Key:
    path: str
    fingerprint: str
    variant: ScriptVariant
    preferences: ScriptPreferences


class ScriptDisplay:
    """Converts what is shown; keeps no widget. `problems` collects what went wrong reading
    the saved files (for one notification). Its workers run on the node given, and post
    `StoreWarning` to it."""

    def __init__(self) -> None:
        self.preferences, problems = script.load_preferences()
        self.variant, state_problems = script.load_variant()
        self.overrides = script.load_overrides()
        self.problems: list[str] = [*problems, *state_problems, *self.overrides.problems]
        self._scripts: dict[tuple[str, str], ScriptVariant | None] = {}
        self._shown: tuple[_Key, ConvertedArticle] | None = None
        self._sidebar: tuple[tuple[ScriptVariant, ScriptPreferences], dict[str, str]] | None = None

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

    def meta(self, article: Article) -> str:
        """The article's meta line (date · source · tags · length) in the shown script, with
        the script shown."""
        shown = self.show(article)
        parts = [meta_line(article.info)] if meta_line(article.info) else []
        parts.append(f"{article.info.chars:,} 字")
        line = f"{self.text(' · '.join(parts), shown.script)} · {shown.description}"
        link = safe_link(article.url)
        # The link as written: converting its letters' script would break it.
        return f"{line} · {link}" if link else line

    def highlights(self, article: Article | None, spans: list[Highlight]) -> list[Highlight]:
        """Highlights given in `article.body` offsets, moved onto the words as shown."""
        if article is None or not spans:
            return spans
        body = self.show(article).body
        if body.map.is_identity:
            return spans
        return [Highlight(*body.span(span.start, span.end), span.kind) for span in spans]

    def text(self, text: str, own: ScriptVariant | None = None) -> str:
        """Any other text (meta, snippets) in the current variant; `own`: its script if known."""
        return script.convert_text(
            text, self.variant, script=own, preferences=self.preferences, overrides=self.overrides
        )

    def sidebar_text(self, text: str) -> str:
        """A sidebar title or meta line in the current variant, from its own script.

        Called for the rows in view only (≈ 20 µs each), remembered until the variant or the
        preferences change.
        """
        if self.variant is ScriptVariant.ORIGINAL:
            return text
        key = (self.variant, self.preferences)
        if self._sidebar is None or self._sidebar[0] != key:
            self._sidebar = (key, {})
        known = self._sidebar[1]
        shown = known.get(text)
        if shown is None:
            shown = known[text] = script.convert_text(
                text, self.variant, preferences=self.preferences, overrides=self.overrides
            )
        return shown

    def save(self, node: DOMNode, *, preferences: bool = False) -> None:
        """Save the shown variant (and the preferences) in a worker: the latest, whichever
        save runs last."""
        node.run_worker(partial(self._save, node, preferences), name="save_script_state", group="script-save", thread=True)

    def _save(self, node: DOMNode, preferences: bool) -> None:
        try:
            script.save_variant(self.variant)
            if preferences:
                script.save_preferences(self.preferences)
        except StoreError as exc:
            node.post_message(StoreWarning("Script choice not saved", str(exc)))

    def warm_up(self, node: DOMNode) -> None:
        """Build opencc's converters and the script tables before the first `t`, in a worker;
        then tell of any trouble reading the saved files."""
        node.run_worker(partial(self._warm_up, node), name="warm_up_script", group="script-warm-up", thread=True)

    def _warm_up(self, node: DOMNode) -> None:
        script.detect_script("中文")
        for config in ("t2s", "s2t", "s2tw", "s2hk", "t2tw", "t2hk"):
            opencc_converter(config)
        if self.problems:
            node.post_message(StoreWarning("Script settings", "\n".join(self.problems)))

    # --- the main screen shown again in another script --------------------------------------

    def use_preferences(self, screen: ReaderScreen, preferences: ScriptPreferences | None) -> None:
        """Use and save new preferences (None: no change); a Traditional view switches to the
        new target."""
        if preferences is None or preferences == self.preferences:
            return
        position = screen.body_offset_in_view() if screen.article else None
        self.preferences = preferences
        variant = with_preferences(screen.script_variant, preferences)
        screen.set_reactive(type(screen).script_variant, variant)
        self.variant = variant
        self.show_again(screen, position)
        self.save(screen, preferences=True)

    def show_again(self, screen: ReaderScreen, position: int | None) -> None:
        """Show the open article, the sidebar and the entity panel in the current variant,
        the view kept at `position` (an `article.body` offset)."""
        article = screen.article
        if article is not None:
            # Same paragraphs in other characters: change the text in place (fast, no remount).
            shown = self.show(article)
            scroll_to = None if position is None else shown.body.position(position)
            view = screen.query_one(ArticleView)
            meta, highlights = self.meta(article), screen.shown_highlights()
            if not view.retext(shown.title, meta, shown.paragraphs, highlights, scroll_to=scroll_to):
                screen.show_article(scroll_to=position)
        screen.query_one(ArticleList).refresh_prompts()
        screen.entities.refresh_names()
