"""Pilot tests of live search: typing, results, opening with hits, n/N, Esc, errors."""

from __future__ import annotations

import time
from pathlib import Path

from helpers import settle, wait_until

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.search_panel import SearchPanel
from reader.ui.widgets.search_results import SearchResults


async def type_query(pilot, text: str) -> SearchPanel:
    panel = pilot.app.screen.query_one(SearchPanel)
    await pilot.press("slash")
    panel.set_query(text)  # pilot.press cannot type CJK
    await settle(pilot)
    return panel


def status(panel: SearchPanel) -> str:
    return str(panel.query_one("#search-status").render())


def hit_highlights(app) -> list[tuple[str, str]]:
    """(text, kind) of every hit highlight in the article view."""
    out = []
    view = app.screen.query_one(ArticleView)
    for index, text in enumerate(view.paragraphs):
        for start, end, kind in view.highlights_of(index):
            if kind.startswith("hit"):
                out.append((text[start:end], kind))
    return out


async def test_typing_shows_results_in_place_of_the_list(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, "版权")
        results = panel.query_one(SearchResults)
        assert app.focused is panel.box
        assert results.display and not app.screen.query_one(ArticleList).display
        assert len(results.hits) >= 2
        assert "版權" in results.hits[0].title  # Simplified query, Traditional title
        assert "found" in status(panel)
        assert results.hits[0].snippet_spans


async def test_enter_opens_the_article_with_every_hit_highlighted_and_n_moves(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, "AI")
        first = panel.results.hits[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article.path == first.path
        assert app.focused is app.screen.query_one(ArticleView)
        hits = hit_highlights(app)
        assert len(hits) == len(first.spans) >= 2
        assert [kind for _t, kind in hits].count("hit-current") == 1
        assert hits[0][1] == "hit-current" and {text.lower() for text, _k in hits} <= {"ai", "ａｉ"}
        await pilot.press("n")
        await pilot.pause()
        assert hit_highlights(app)[1][1] == "hit-current"
        await pilot.press("N", "N")
        await pilot.pause()
        assert hit_highlights(app)[-1][1] == "hit-current"  # wrapped around


async def test_down_moves_into_results_and_enter_opens_that_one(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, "人工智能")
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.screen.article.path == panel.results.hits[1].path
        assert hit_highlights(app)


async def test_escape_clears_and_returns_to_the_full_list(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, "AI")
        await pilot.press("enter")
        await settle(pilot)
        assert hit_highlights(app)
        await pilot.press("escape")  # from the article: back to the results
        assert app.focused is panel.results
        await pilot.press("escape")  # from the results: clear
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert panel.current_query == ""
        assert article_list.display and not panel.results.display
        assert app.focused is article_list
        assert hit_highlights(app) == []


async def test_query_errors_and_widening_show_in_the_status_line(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, "title:")
        assert "needs a word" in status(panel) and not panel.results.hits
        panel.set_query("人工智能")
        await settle(pilot)
        assert "人工智慧" in status(panel)
        panel.set_query("不存在的詞")
        await settle(pilot)
        assert "no matches" in status(panel)


async def test_hostile_queries_do_not_break_the_app(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, '"')
        for query in ["(", "[@click=app.quit]x[/]", "😀", "a" * 2000, "\x1b[2J", "-", "tag:"]:
            panel.set_query(query)
            await settle(pilot)
            # Answered (hits, no matches or why not), not dropped or crashed.
            assert panel.last_shown is not None and panel.last_shown[0] == query
            assert status(panel)
        assert app.is_running


async def test_search_waits_for_the_index_then_answers(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        panel.focus_box()
        panel.set_query("版權")  # before the first index exists
        await settle(pilot)
        assert panel.results.hits  # answered once the index was ready
        assert panel.last_shown[0] == "版權"


async def test_search_library_puts_an_entity_query_in_the_box(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.search_library("Claude Opus 4", entity_type="product")
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        assert panel.current_query == 'entity:"Claude Opus 4"'
        assert panel.results.hits and all("opus" in h.snippet.lower() for h in panel.results.hits)


async def test_indexing_runs_in_the_background_with_progress(app_factory, make_library, monkeypatch) -> None:
    import time

    from reader.search import index as indexing
    from reader.ui import live_search

    root = make_library({f"{i:02d}.md": f"# 標題{i}\n\n版權內容第{i}篇。\n" for i in range(12)})
    real = indexing._entry  # the articles come read by the listing: their entries are slowed

    def slow(*args):
        time.sleep(0.05)
        return real(*args)

    monkeypatch.setattr(indexing, "_entry", slow)
    monkeypatch.setattr(live_search, "PROGRESS_INTERVAL", 0)
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        await wait_until(
            pilot,
            lambda: "reading" in status(panel) and app.screen.query_one(ArticleList).articles,
            what="indexing progress beside the listed library",
        )
        await pilot.press("j")  # the app answers keys while indexing
        assert app.screen.query_one(ArticleList).highlighted == 1
        await settle(pilot)
        assert "reading" not in status(panel)
        panel.focus_box()
        panel.set_query("版權")
        await settle(pilot)
        assert len(panel.results.hits) == 12


async def test_the_index_reuses_the_articles_the_listing_read(app_factory, make_library, monkeypatch) -> None:
    """A new folder's files are read once, by the listing; the index takes them from it,
    normalised already."""
    from reader.library import reading
    from reader.search import index as indexing

    root = make_library({f"{i:02d}.md": f"# 標題{i}\n\n版權內容第{i}篇。\n" for i in range(5)})
    reads: dict[str, list[str]] = {"listing": [], "index": []}
    real = reading.load_article

    def counted(reader: str):
        def load(path):
            reads[reader].append(str(path))
            return real(path)

        return load

    def not_again(text):
        raise AssertionError("normalised twice")

    monkeypatch.setattr(reading, "load_article", counted("listing"))
    monkeypatch.setattr(indexing, "load_article", counted("index"))
    monkeypatch.setattr(indexing, "normalize", not_again)
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        await wait_until(pilot, lambda: app.live_search.searcher is not None and app.library is not None, 60)
        await settle(pilot)
        panel.focus_box()
        panel.set_query("版權")
        await settle(pilot)
        assert len(panel.results.hits) == 5
    assert set(reads["listing"]) == {str(p) for p in root.glob("*.md")}
    assert reads["index"] == []
    assert app.live_search.preread == {}


async def test_a_folder_read_in_worker_processes_is_listed_and_searched(app_factory, make_library, monkeypatch) -> None:
    """Many new files are read (and normalised) in worker processes: the app lists them,
    says which it skipped, and searches them without reading or normalising any again (the
    index reads only the file the listing skipped, to keep it as skipped)."""
    from reader.library import reading
    from reader.search import index as indexing

    files: dict[str, str | bytes] = {f"{i:02d}.md": f"# 標題{i}\n\n版權內容第{i}篇。\n" for i in range(6)}
    files["empty.txt"] = ""
    root = make_library(files)
    read_again: list[str] = []
    real = indexing.load_article

    def load(path):
        read_again.append(Path(path).name)
        return real(path)

    def not_again(text):
        raise AssertionError("normalised again")

    monkeypatch.setattr(reading, "PROCESSES_FROM", 1)
    monkeypatch.setattr(indexing, "load_article", load)
    monkeypatch.setattr(indexing, "normalize", not_again)
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.live_search.searcher is not None and app.library is not None, 60)
        assert len(app.library.articles) == 6
        assert [Path(s.path).name for s in app.library.skipped] == ["empty.txt"]
        panel = app.screen.query_one(SearchPanel)
        panel.focus_box()
        panel.set_query("版权")  # Simplified finds Traditional
        await settle(pilot)
        assert len(panel.results.hits) == 6
    assert read_again == ["empty.txt"]


async def test_indexing_starts_only_once_the_library_is_listed(app_factory, samples, monkeypatch) -> None:
    # Both read every file of a new folder; run together they starved the list for 30 s on
    # 10,000 articles.
    from reader.search.index import LibraryIndex

    listed_when_indexing: list[bool] = []
    original = LibraryIndex.update

    def spy(self, *args, **kwargs):
        listed_when_indexing.append(app.library is not None)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LibraryIndex, "update", spy)
    import reader.ui.app as app_module

    open_library = app_module.open_library

    def slow_open(path, **kwargs):
        time.sleep(0.5)  # a large folder
        return open_library(path, **kwargs)

    monkeypatch.setattr(app_module, "open_library", slow_open)
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await type_query(pilot, "版权")
        assert panel.query_one(SearchResults).hits
    assert listed_when_indexing == [True]


async def test_prefetch_waits_for_the_frame_and_reports_a_bug(app_factory, samples, caplog) -> None:
    """Prefetching starts after the results are drawn, and an error in it is logged, not
    swallowed (a damaged index is expected and stays quiet)."""
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        live = app.live_search
        calls: list[tuple[str, int]] = []

        class Broken:
            def prefetch(self, query: str) -> None:
                calls.append((query, painted[0]))
                raise RuntimeError("a bug in prefetch")

        real, painted = live.searcher, [0]
        live.searcher = Broken()  # type: ignore[assignment]
        app.screen.call_after_refresh(lambda: painted.__setitem__(0, 1))
        live.prefetch("版权")
        await wait_until(pilot, lambda: calls)
        await app.workers.wait_for_complete()
        live.searcher = real
        assert calls == [("版权", 1)]
        assert any("prefetching" in r.message and r.exc_info for r in caplog.records)


async def test_showing_results_restyles_no_widget(app_factory, samples, monkeypatch) -> None:
    """The first keystroke of a search shows the results in place of the list without matching
    the stylesheet again for the sidebar's widgets (a class on the sidebar did, for longer than
    a frame); clearing the search too."""
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.set_query("版权")  # the box takes its `-valid` class once, for good
        await settle(pilot)
        panel.set_query("")
        await settle(pilot)
        restyled: list[str] = []
        real = type(app).update_styles

        def counting(self, node, *args, **kwargs) -> None:
            restyled.append(repr(node))
            real(self, node, *args, **kwargs)

        monkeypatch.setattr(type(app), "update_styles", counting)
        panel.set_query("版权")
        await settle(pilot)
        assert panel.results.display and not app.screen.query_one(ArticleList).display
        assert panel.results.hits
        panel.set_query("")
        await settle(pilot)
        assert not panel.results.display and app.screen.query_one(ArticleList).display
        assert restyled == []


async def test_the_first_results_are_drawn_after_one_layout(app_factory, samples, monkeypatch) -> None:
    """A search's first keystroke lays out the screen once, in the frame that draws its
    results in place of the list (not before the answer, drawing an empty list beside the
    search, nor again for the panel's new virtual size or the list hidden a moment later).
    The session's first search may take one more, for the scrollbar Textual creates then."""
    from textual.screen import Screen

    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.set_query("版权")  # the session's first search also creates the list's scrollbar
        await settle(pilot)
        panel.set_query("")
        await settle(pilot)
        searcher = app.live_search.searcher
        real_search = searcher.search

        answered: list[float] = []

        def slow_search(*args, **kwargs):
            time.sleep(0.2)  # as on a big library: frames are drawn while it runs
            result = real_search(*args, **kwargs)
            answered.append(time.perf_counter())
            return result

        monkeypatch.setattr(searcher, "search", slow_search)
        layouts: list[float] = []
        real_layout = Screen._refresh_layout

        def counting(self, *args, **kwargs):
            layouts.append(time.perf_counter())
            return real_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        started = time.perf_counter()
        panel.set_query("版权")
        await wait_until(pilot, lambda: panel.last_painted is not None and panel.last_painted[1] > started)
        assert panel.results.hits
        assert len(layouts) == 1
        assert layouts[0] > answered[0]
        assert not app.screen.query_one(ArticleList).display
        assert panel.results.drawn_version == panel.results.rows_version  # painted: drawn


async def test_typing_holds_the_collector_and_prefetches_in_the_lull(app_factory, samples, monkeypatch) -> None:
    """While keys arrive the collector's automatic passes wait and nothing is prefetched (whoosh
    took the GIL from the next keystroke); once typing pauses both run, the prefetch once for
    the query shown. The collector is on again when the app closes."""
    import gc

    from reader.ui.widgets import search_panel

    monkeypatch.setattr(search_panel, "LULL_SECONDS", 1.0)
    app = app_factory(samples)
    prefetched: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.live_search, "prefetch", prefetched.append)
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash")
        panel.set_query("版权")
        await wait_until(pilot, lambda: panel.last_painted is not None and panel.last_painted[0] == "版权")
        assert not gc.isenabled() and prefetched == []
        await wait_until(pilot, lambda: prefetched)
        assert gc.isenabled() and prefetched == ["版权"]
        await pilot.pause(0.2)
        assert prefetched == ["版权"]
        panel.set_query("版")
        await pilot.pause()
        assert not gc.isenabled()
    assert gc.isenabled()
