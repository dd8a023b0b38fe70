"""Pilot tests of entities in the app: highlights from a worker, the panel, stepping, search."""

from __future__ import annotations

import threading

from helpers import settle
from textual.widgets import OptionList

from reader.entities import ENTITY_TYPES
from reader.ui import entity_display
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entity_panel import EntityPanel


def shown_highlights(app) -> list[tuple[str, str]]:
    """(text, kind) of every highlight in the shown paragraphs."""
    out = []
    view = app.screen.query_one(ArticleView)
    for index, text in enumerate(view.paragraphs):
        out += [(text[s:e], kind) for s, e, kind in view.highlights_of(index)]
    return out


async def open_article(pilot, name: str) -> None:
    app = pilot.app
    info = next(info for info in app.library.articles if info.path.endswith(name))
    app.open_path(info.path)
    await settle(pilot)


async def test_entities_are_highlighted_by_a_worker(app_factory, samples, monkeypatch) -> None:
    threads = []
    original = entity_display.extract_entities

    def recording(text, **options):
        threads.append(threading.current_thread())
        return original(text, **options)

    monkeypatch.setattr(entity_display, "extract_entities", recording)
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_article(pilot, "02-tsmc-exports-stocks-tw.md")
        assert threads and all(t is not threading.main_thread() for t in threads)
        highlights = shown_highlights(app)
        assert ("魏哲家", "person") in highlights
        assert ("台積電", "org") in highlights
        assert ("約3,357億元新台幣", "money") in highlights
        assert {kind for _, kind in highlights} <= set(ENTITY_TYPES)
        # Spans index the body exactly: nothing swallowed or shifted.
        body = app.screen.article.body
        for span in app.screen.entities.spans:
            assert body[span.start : span.end] == span.text


async def test_entity_panel_lists_groups_and_steps_through_occurrences(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_article(pilot, "08-mtr-northern-link-hk.txt")
        await pilot.press("e")
        await settle(pilot)
        panel = app.screen.query_one(EntityPanel)
        options = panel.query_one(OptionList)
        assert panel.display and app.focused is options
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("Places 地點") for p in prompts)
        assert any(p.startswith("Organisations 機構") for p in prompts)
        # 港鐵 is the most frequent organisation; its count is shown.
        org_heading = next(i for i, p in enumerate(prompts) if p.startswith("Organisations"))
        first_org = prompts[org_heading + 1]
        starts = [s.start for s in app.screen.entities.spans if (s.text, s.type) == ("港鐵", "org")]
        assert len(starts) >= 4
        assert first_org.split() == ["港鐵", str(len(starts))]

        options.highlighted = org_heading + 1
        await pilot.press("enter")
        await pilot.pause()
        current = app.screen.highlights[entity_display.CURRENT_GROUP]
        assert [(h.start, h.end, h.kind) for h in current] == [(starts[0], starts[0] + 2, "hit-current")]
        status = str(panel.query_one(".entity-panel-status").render())
        assert status.endswith(f"1/{len(starts)}")

        await pilot.press("enter")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.highlights[entity_display.CURRENT_GROUP][0].start == starts[2]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.highlights[entity_display.CURRENT_GROUP][0].start == starts[1]

        # The last occurrence is near the end: the view scrolled to it.
        view = app.screen.query_one(ArticleView)
        await pilot.press("p", "p")
        await pilot.pause()
        assert app.screen.highlights[entity_display.CURRENT_GROUP][0].start == starts[-1]
        assert view.scroll_y > 0

        await pilot.press("escape")
        await pilot.pause()
        assert not panel.display
        assert app.focused is view
        assert app.screen.highlights[entity_display.CURRENT_GROUP] == []


async def test_entity_panel_follows_the_open_article(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_article(pilot, "06-claude-opus4-safety-tw.txt")
        await pilot.press("e")
        await settle(pilot)
        options = app.screen.query_one(EntityPanel).query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("  Claude Opus 4") for p in prompts)
        await open_article(pilot, "11-shenzhen-metro-cn.txt")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any("Claude" in p for p in prompts)
        assert any(p.split()[:1] == ["深圳"] for p in prompts)


async def test_search_key_uses_the_library_search(app_factory, samples) -> None:
    from reader.ui.widgets.search_panel import SearchPanel

    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_article(pilot, "10-qwen3-max-release-cn.md")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        group = app.screen.query_one(EntityPanel).chosen_group()
        panel = app.screen.query_one(SearchPanel)
        assert panel.current_query == f'entity:"{group.text}"' and panel.results.hits


async def test_help_shows_the_entity_colours(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-extra"))
        assert "Entities 實體" in text and "Next occurrence" in text and "People 人物" in text and "Hashtags 標籤" in text
        keys = "\n".join(str(s.render()) for s in app.screen.query(".help-keys"))
        assert "Entities 實體" in keys


async def test_entities_follow_the_script_toggle(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_article(pilot, "02-tsmc-exports-stocks-tw.md")
        await pilot.press("t")
        await settle(pilot)
        assert ("台积电", "org") in shown_highlights(app)
        await pilot.press("e")
        await settle(pilot)
        options = app.screen.query_one(EntityPanel).query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # The panel names it as the article shows it.
        options.highlighted = next(i for i, p in enumerate(prompts) if p.split()[:1] == ["台积电"])
        await pilot.press("enter", "n")
        await pilot.pause()
        assert ("台积电", "hit-current") in shown_highlights(app)


async def test_quick_entities_first_then_the_full_set(app_factory, samples, monkeypatch) -> None:
    """The view shows the rules' entities while the model works, then the full set."""
    from helpers import wait_until

    from reader.entities import EntitySpan

    release = threading.Event()
    original = entity_display.extract_entities
    calls = []

    def two_phase(text, *, with_model=True, **options):
        calls.append(with_model)
        if not with_model:
            return original(text, with_model=False)
        assert release.wait(10), "the test never released the model"
        extra = EntitySpan(text[0:2], "place", 0, 2)  # stands for a name only the model finds
        return tuple(s for s in original(text, with_model=False) if s.start >= 2) + (extra,)

    monkeypatch.setattr(entity_display, "extract_entities", two_phase)
    monkeypatch.setattr(entity_display, "cached_entities", lambda text: None)
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        info = next(info for info in app.library.articles if info.path.endswith("02-tsmc-exports-stocks-tw.md"))
        app.open_path(info.path)
        display = app.screen.entities

        def opened() -> bool:
            article = app.screen.article
            return article is not None and str(article.path).endswith("02-tsmc-exports-stocks-tw.md")

        await wait_until(pilot, lambda: opened() and display.spans is not None, timeout=60, what="the quick entities")
        assert display.complete is False  # the model phase is still running
        await pilot.pause()
        assert ("魏哲家", "person") in shown_highlights(app)  # quick layers already on screen
        body = app.screen.article.body
        assert (body[0:2], "place") not in {(s.text, s.type) for s in display.spans}
        release.set()
        await wait_until(pilot, lambda: display.complete, timeout=60, what="the full entities")
        await settle(pilot)
        assert (body[0:2], "place") in {(s.text, s.type) for s in display.spans}
        assert calls[-2:] == [False, True]
        assert ("魏哲家", "person") in shown_highlights(app)


async def test_when_the_entity_process_fails_the_user_is_told_and_entities_still_show(app_factory, samples, monkeypatch) -> None:
    from reader.entities import process
    from reader.lru import LRU

    broken = process.EntityProcess()
    broken.failure = "the entity process does not start: no such file"
    monkeypatch.setattr(process, "_shared", broken)
    monkeypatch.setattr(process, "_results", LRU(256))  # nothing found before
    app = app_factory(samples)
    told = []  # every notification (they expire from the screen after a few seconds)
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **options: (told.append((options.get("title", ""), message)),
                                                                   notify(message, **options)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_article(pilot, "02-tsmc-exports-stocks-tw.md")
        display = app.screen.entities
        assert display.complete
        highlights = shown_highlights(app)
        assert ("魏哲家", "person") in highlights
        assert ("台積電", "org") in highlights
        notes = [message for title, message in told if title.startswith("Entities")]
        assert notes and "the entity process does not start" in notes[0]
        assert len(notes) == 1  # said once, not for each article
        await open_article(pilot, "10-qwen3-max-release-cn.md")
        assert len([m for title, m in told if title.startswith("Entities")]) == 1
