"""Entities on the reading screen: found in a worker, highlighted by type, listed in the
entity panel (`e`), whose choices step through their occurrences in the article."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.worker import get_current_worker

from reader.ui.access import reader_app
from reader.ui.messages import EntitiesFound
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.entity_panel import TYPE_LABELS, EntityPanel

if TYPE_CHECKING:
    # Entity extraction (jieba, the rules, the model) is imported when first used, after the
    # first screen: importing it costs the app's first frame a tenth of a second.
    from reader.entities import EntityGroup, EntitySpan
    from reader.entities.chunked import EntityProgress
    from reader.library.article import Article
    from reader.ui.screens.reader_screen import ReaderScreen

#: Highlight groups on the screen (see ReaderScreen.highlights).
ENTITY_GROUP = "entities"
CURRENT_GROUP = "entity-current"
#: Seconds the worker rests between pieces of a big article: extraction holds the GIL, and
#: keys wait for it.
PIECE_REST = 0.05


def analysis_notice(progress: EntityProgress | None) -> str:
    """What the meta line says of entities still being found, or found in part of the text."""
    if progress is None or (progress.done and not progress.capped):
        return ""
    if not progress.done:
        share = progress.analysed * 100 // max(progress.total, 1)
        return f"finding entities… {share}% 正在找實體…"
    return f"entities in the first {progress.analysed:,} 字 only 只找了前 {progress.analysed:,} 字的實體"


#: What the worker calls of reader.entities.process, imported when first asked for (and looked
#: up as `entity_display.<name>`, which tests may replace).
_LAZY = ("cached_entities", "extract_entities")


def _entities(name: str) -> Any:
    found = globals().get(name)
    if found is None:
        from reader.entities import process

        found = globals()[name] = {"cached_entities": process.cached, "extract_entities": process.extract}[name]
    return found


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return _entities(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _in_app(text: str, *, with_model: bool = True, cancelled: Any = None) -> tuple[EntitySpan, ...]:
    """When the entity process fails: the layers but the model, found in the app itself."""
    from reader.entities import extract_entities

    return extract_entities(text, with_model=False)


def _grouped(spans: tuple[EntitySpan, ...]) -> dict[str, list[EntityGroup]]:
    from reader.entities import group_entities

    return group_entities(spans)


class EntityDisplay:
    """The open article's entities on the main screen: its highlights and its entity panel.

    The screen calls `find(article)` for each article it opens, hands on `EntitiesFound`
    and the entity panel's messages, and binds the key below to `toggle_panel`.
    """

    #: The screen lists this among its own key bindings.
    BINDINGS = [Binding("e", "entities", "Entities 實體", id="entities")]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        #: The open article's entities; None while they are being found.
        self.spans: tuple[EntitySpan, ...] | None = None
        self.complete = False
        self._position: tuple[str, str, int] | None = None  # (type, normalised key, index)
        self._told: str | None = None  # the entity process's failure, once told

    # --- finding and highlighting ------------------------------------------------------------

    def find(self, article: Article) -> None:
        """Forget the last article's entities and look for this one's off the UI thread."""
        self.spans = None
        self.complete = False
        self._position = None
        panel = self.panel()
        if panel is not None:
            panel.show_message("Finding entities… 正在找實體…")
        extract = partial(self._extract, article)
        # Not before the first article is drawn: starting the entity process (its module, the
        # user dictionary, a fork) would cost the first frame some CPU. Then the work is done
        # in the entity process, on another core, and the worker waits for it.
        reader_app(self.screen).startup.after_first_screen(
            lambda: self.screen.run_worker(extract, name="extract_entities", group="entities", exclusive=True, thread=True)
        )

    def _extract(self, article: Article) -> None:
        """Off the UI thread: the entities come from the entity process (reader.entities.process,
        which holds jieba, the name lists and the model, so that the app does not). Two phases,
        the rules' entities first, then the model's full set; a big article a piece at a time,
        up to a cap, each piece's entities shown as they come. Should the process fail, the
        user is told and the layers but the model run in the app."""
        from reader.entities.chunked import EntityProgress, chunks
        from reader.entities.process import Cancelled, EntitiesUnavailable

        cached_entities, extract = _entities("cached_entities"), _entities("extract_entities")
        body = article.body
        worker = get_current_worker()
        cached = cached_entities(body)
        if cached is not None:
            self.screen.post_message(EntitiesFound(article, cached))
            return
        pieces = chunks(body) or [(0, len(body))]
        found: list[EntitySpan] = []
        fallback = False  # the entity process failed: the app's own extraction, without the model
        for number, (start, end) in enumerate(pieces, 1):
            last = number == len(pieces)
            for with_model in (False, True):
                if fallback and with_model:
                    continue  # the fallback has one phase
                problem = ""
                try:
                    piece = extract(body[start:end], with_model=with_model, cancelled=lambda: worker.is_cancelled)
                except Cancelled:
                    return
                except EntitiesUnavailable as exc:
                    if worker.is_cancelled:
                        return  # (the app is closing: the process was ended)
                    problem, fallback, extract = str(exc), True, _in_app
                    piece = extract(body[start:end], with_model=False)
                spans = [replace(s, start=s.start + start, end=s.end + start) for s in piece]
                if worker.is_cancelled:
                    return
                complete = last and (with_model or fallback)
                # A piece counts as analysed once the model has been through it.
                progress = EntityProgress((), end if with_model or fallback else start, len(body), complete)
                self.screen.post_message(
                    EntitiesFound(article, (*found, *spans), progress if len(pieces) > 1 else None,
                                  complete=complete, problem=problem)
                )
            found += spans
            if not last:
                time.sleep(PIECE_REST)

    def found(self, message: EntitiesFound) -> None:
        """Show the entities found, if their article is still the one open."""
        screen = self.screen
        if screen.article is not message.article:
            return  # another article was opened meanwhile
        self.spans = message.spans
        if message.problem and message.problem != self._told:
            self._told = message.problem  # once, not for every article
            screen.app.notify(f"{message.problem}; entities without the model 實體程序出錯，未用模型", title="Entities 實體",
                              severity="warning", markup=False)
        screen.query_one(ArticleView).set_notice(analysis_notice(message.progress))
        #: Whether the spans shown are the full set (False while the model is still working).
        self.complete = message.complete
        screen.set_highlights(ENTITY_GROUP, [Highlight(s.start, s.end, s.type) for s in message.spans])
        screen.set_highlights(CURRENT_GROUP, [])
        panel = self.panel()
        if panel is not None:
            panel.show_groups(_grouped(message.spans))

    def legend(self) -> Content:
        """For the help screen: the highlight colours by entity type, and the entity panel's
        keys (read from its bindings)."""
        view = self.screen.query_one(ArticleView)
        app = self.screen.app
        from reader.entities.spans import ENTITY_TYPES

        parts: list[Content | str | tuple[str, object]] = [("Entities 實體", "bold underline"), "\n"]
        for index, kind in enumerate(ENTITY_TYPES):
            if index:
                parts.append("  ")
            parts.append((TYPE_LABELS[kind], view.get_visual_style(f"article-view--{kind}", partial=True)))
        parts.append("\nIn the entity panel (e): enter  Next occurrence 下一處")
        for binding in EntityPanel.BINDINGS:
            keys = " / ".join(app.get_key_display(binding.__class__(key, binding.action)) for key in binding.key.split(","))
            parts.append(f"\n  {keys}  {binding.description}")
        return Content.assemble(*parts)

    # --- the panel ---------------------------------------------------------------------------

    def panel(self) -> EntityPanel | None:
        panels = self.screen.query(EntityPanel)
        return panels.first() if panels else None

    def toggle_panel(self) -> None:
        """Open the entity panel, or close it when it has focus."""
        panel = self.panel()
        if panel is not None and panel.display and panel.has_focus_within:
            self.close_panel()
            return
        if panel is None:
            panel = EntityPanel(id="entity-panel")
            panel.name_display = self.screen.script.sidebar_text
            self.screen.query_one("#main").mount(panel)
            self.screen.call_after_refresh(self._fill_panel)
        else:
            panel.display = True
            self._fill_panel()

    def _fill_panel(self) -> None:
        panel = self.panel()
        if panel is None:
            return
        if self.screen.article is None:
            panel.show_message("No article open. 沒有打開的文章。")
        elif self.spans is None:
            panel.show_message("Finding entities… 正在找實體…")
        else:
            panel.show_groups(_grouped(self.spans))
        panel.focus_list()

    def refresh_names(self) -> None:
        """The script changed: list the names as the article now shows them."""
        panel = self.panel()
        if panel is not None and panel.display and self.spans is not None:
            panel.show_groups(_grouped(self.spans))

    def close_panel(self) -> None:
        panel = self.panel()
        if panel is not None:
            panel.display = False
        self.screen.set_highlights(CURRENT_GROUP, [])
        self._position = None
        self.screen.query_one(ArticleView).focus()

    def step(self, event: EntityPanel.Step) -> None:
        """Highlight and scroll to the next or previous occurrence of the entity chosen."""
        group = event.group
        key = (group.type, group.spans[0].text)
        position = self._position
        if position is not None and position[:2] == key:
            index = (position[2] + event.direction) % group.count
        else:
            index = 0 if event.direction > 0 else group.count - 1
        self._position = (*key, index)
        span = group.spans[index]
        screen = self.screen
        screen.set_highlights(CURRENT_GROUP, [Highlight(span.start, span.end, "hit-current")])
        screen.scroll_to_body_offset(span.start)
        panel = self.panel()
        if panel is not None:
            panel.show_position((group, index))

    def search(self, event: EntityPanel.Search) -> None:
        """Search the library for the entity chosen (an `entity:` query)."""
        reader_app(self.screen).search_library(event.group.text, entity_type=event.group.type)
