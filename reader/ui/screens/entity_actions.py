"""Entities on the reading screen: found in a worker, highlighted by type, listed in the
entity panel (`e`), whose choices step through their occurrences in the article."""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.worker import get_current_worker

from reader.entities import ENTITY_TYPES, EntitySpan, extract_entities, group_entities
from reader.library.article import Article
from reader.ui.access import reader_app
from reader.ui.messages import EntitiesFound
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.entity_panel import TYPE_LABELS, EntityPanel

#: Highlight groups on the screen (see ReaderScreen.highlights).
ENTITY_GROUP = "entities"
CURRENT_GROUP = "entity-current"


class EntityActions:
    """Mixed into ReaderScreen, which provides `article`, `set_highlights` and the widgets."""

    entity_spans: tuple[EntitySpan, ...] | None = None
    _entity_position: tuple[str, str, int] | None = None  # (type, normalised key, index)

    # --- finding and highlighting ------------------------------------------------------------

    def find_entities(self, article: Article) -> None:
        """Forget the last article's entities and look for this one's off the UI thread."""
        self.entity_spans = None
        self._entity_position = None
        panel = self._entity_panel()
        if panel is not None:
            panel.show_message("Finding entities… 正在找實體…")
        self._extract_entities(article)

    @work(thread=True, exclusive=True, group="entities")
    def _extract_entities(self, article: Article) -> None:
        spans = extract_entities(article.body)  # slow the first time (jieba): never on the UI thread
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesFound(article, spans))

    def on_entities_found(self, message: EntitiesFound) -> None:
        article, spans = message.article, message.spans
        if self.article is not article:
            return  # another article was opened meanwhile
        self.entity_spans = spans
        self.set_highlights(ENTITY_GROUP, [Highlight(s.start, s.end, s.type) for s in spans])
        self.set_highlights(CURRENT_GROUP, [])
        panel = self._entity_panel()
        if panel is not None:
            panel.show_groups(group_entities(spans))

    def entity_legend(self) -> Content:
        """For the help screen: the highlight colours by entity type, and the entity panel's
        keys (read from its bindings)."""
        view = self.query_one(ArticleView)
        parts: list[Content | str | tuple[str, object]] = [("Entities 實體", "bold underline"), "\n"]
        for index, kind in enumerate(ENTITY_TYPES):
            if index:
                parts.append("  ")
            parts.append((TYPE_LABELS[kind], view.get_visual_style(f"article-view--{kind}", partial=True)))
        parts.append("\nIn the entity panel (e): enter  Next occurrence 下一處")
        for binding in EntityPanel.BINDINGS:
            keys = " / ".join(self.app.get_key_display(binding.__class__(key, binding.action)) for key in binding.key.split(","))
            parts.append(f"\n  {keys}  {binding.description}")
        return Content.assemble(*parts)

    # --- the panel ---------------------------------------------------------------------------

    def _entity_panel(self) -> EntityPanel | None:
        panels = self.query(EntityPanel)
        return panels.first() if panels else None

    def action_entities(self) -> None:
        """Open the entity panel, or close it when it has focus."""
        panel = self._entity_panel()
        if panel is not None and panel.display and panel.has_focus_within:
            self._close_entity_panel()
            return
        if panel is None:
            panel = EntityPanel(id="entity-panel")
            self.query_one("#main").mount(panel)
            self.call_after_refresh(self._fill_entity_panel)
        else:
            panel.display = True
            self._fill_entity_panel()

    def _fill_entity_panel(self) -> None:
        panel = self._entity_panel()
        if panel is None:
            return
        if self.article is None:
            panel.show_message("No article open. 沒有打開的文章。")
        elif self.entity_spans is None:
            panel.show_message("Finding entities… 正在找實體…")
        else:
            panel.show_groups(group_entities(self.entity_spans))
        panel.focus_list()

    def _close_entity_panel(self) -> None:
        panel = self._entity_panel()
        if panel is not None:
            panel.display = False
        self.set_highlights(CURRENT_GROUP, [])
        self._entity_position = None
        self.query_one(ArticleView).focus()

    def on_entity_panel_closed(self, event: EntityPanel.Closed) -> None:
        event.stop()
        self._close_entity_panel()

    def on_entity_panel_step(self, event: EntityPanel.Step) -> None:
        event.stop()
        group = event.group
        key = (group.type, group.spans[0].text)
        position = self._entity_position
        if position is not None and position[:2] == key:
            index = (position[2] + event.direction) % group.count
        else:
            index = 0 if event.direction > 0 else group.count - 1
        self._entity_position = (*key, index)
        span = group.spans[index]
        self.set_highlights(CURRENT_GROUP, [Highlight(span.start, span.end, "hit-current")])
        self.query_one(ArticleView).scroll_to_offset(self._shown_offset(span.start), center=True)
        panel = self._entity_panel()
        if panel is not None:
            panel.show_position((group, index))

    def _shown_offset(self, offset: int) -> int:
        """`offset` in `article.body` as an offset in the text shown (which may be converted
        to the other script)."""
        script = getattr(self, "script", None)
        if script is None or self.article is None:
            return offset
        return script.show(self.article).body.position(offset)

    def on_entity_panel_search(self, event: EntityPanel.Search) -> None:
        """Search the library for the entity (an `entity:` query)."""
        event.stop()
        reader_app(self).search_library(event.group.text, entity_type=event.group.type)

