"""The line under the article: how far into it you are, and which search hit is current."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class ReadingStatus(Static):
    """Shows "hit 2/6 命中 · 42%"; the screen's helpers set the parts."""

    DEFAULT_CSS = """
    ReadingStatus {
        height: 1;
        width: 100%;
        padding: 0 2;
        color: $text-muted;
        text-align: right;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id, markup=False)
        self.progress: int | None = None
        self.hit: tuple[int, int] | None = None

    def set_progress(self, percent: int | None) -> None:
        """How far the view is scrolled, 0-100 (None: nothing shown)."""
        if percent != self.progress:
            self.progress = percent
            self._show()

    def set_hit(self, hit: tuple[int, int] | None) -> None:
        """(current, total) of the search hits in the article, 1-based; None: no search."""
        if hit != self.hit:
            self.hit = hit
            self._show()

    def _show(self) -> None:
        parts = []
        if self.hit is not None:
            parts.append(f"hit {self.hit[0]}/{self.hit[1]} 命中")
        if self.progress is not None:
            parts.append(f"{self.progress}%")
        # One line of fixed height: no layout (this changes on every scroll).
        self.update(Content(" · ".join(parts)), layout=False)
