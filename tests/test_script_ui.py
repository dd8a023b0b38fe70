"""Pilot tests of the script toggle: `t`, persistence across a restart, highlights and the
reading position after a toggle, the settings screen and the palette."""

from __future__ import annotations

from bisect import bisect_right

from helpers import palette_lists_first, settle, wait_until
from textual.widgets import Input, RadioSet

from reader import script
from reader.script import ScriptPreferences
from reader.script import ScriptVariant as V
from reader.text import opencc_converter
from reader.ui.screens.script_settings import ScriptSettingsScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView, Highlight


def shown(app) -> dict[str, object]:
    view = app.screen.query_one(ArticleView)
    return {
        "title": view.title,
        "meta": view.meta,
        "paragraphs": list(view.paragraphs),
    }


def sidebar_titles(app) -> list[str]:
    """Each sidebar entry: title and meta line."""
    article_list = app.screen.query_one(ArticleList)
    return ["\n".join(article_list.row_text(info)) for info in article_list.articles]


def to_simplified(text: str) -> str:
    return opencc_converter("t2s").convert(text)


async def test_t_toggles_a_traditional_article_and_the_sidebar(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article = app.screen.article
        assert script.detect_script(article.body) is V.TRADITIONAL
        before = shown(app)
        titles_before = sidebar_titles(app)
        assert "繁體 (original)" in before["meta"]

        await pilot.press("t")
        await settle(pilot)
        after = shown(app)
        assert app.screen.script_variant is V.SIMPLIFIED
        assert after["title"] == to_simplified(article.title)
        assert after["paragraphs"] == [to_simplified(p) for p in article.paragraphs]
        assert "简体 (from 繁體)" in after["meta"]
        titles_after = sidebar_titles(app)
        assert titles_after == [to_simplified(t) for t in titles_before]
        assert titles_after != titles_before

        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.ORIGINAL
        assert shown(app) == before
        assert sidebar_titles(app) == titles_before


async def test_t_on_a_simplified_article_shows_the_preferred_traditional(app_factory, samples) -> None:
    script.save_preferences(ScriptPreferences(traditional=V.HK))
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cn = next(info for info in app.library.articles if info.path.endswith("11-shenzhen-metro-cn.txt"))
        app.open_path(cn.path)
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.HK
        after = shown(app)
        assert after["title"] == opencc_converter("s2hk").convert(app.screen.article.title)
        assert "繁體·香港 (from 简体)" in after["meta"]
        # A Traditional article opened now is shown in Hong Kong characters.
        tw = next(info for info in app.library.articles if info.path.endswith("03-taipei-mrt-wanda-line-tw.txt"))
        app.open_path(tw.path)
        await settle(pilot)
        assert "臺北" in app.screen.article.body
        assert "臺北" not in "".join(shown(app)["paragraphs"])
        # ...and `t` from there goes to Simplified, not back to the original Traditional.
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.SIMPLIFIED


async def test_variant_persists_across_a_restart(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.SIMPLIFIED
    assert script.load_variant() == (V.SIMPLIFIED, [])

    again = app_factory(samples)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.screen.script_variant is V.SIMPLIFIED
        article = again.screen.article
        assert shown(again)["title"] == to_simplified(article.title)
        assert all(title == to_simplified(title) for title in sidebar_titles(again))


VOCABULARY_ARTICLE = "程序员的U盘\n\n" + "\n\n".join(
    f"第{i}段：程序员用U盘拷贝软件，互联网信息很多。" for i in range(40)
)


async def test_highlights_land_on_the_same_words_after_a_toggle(app_factory, make_library) -> None:
    script.save_preferences(ScriptPreferences(traditional=V.TW, vocabulary=True))
    root = make_library({"cn.txt": VOCABULARY_ARTICLE})
    app = app_factory(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        body = screen.article.body
        words = ["U盘", "信息", "程序员"]
        spans = []
        for word in words:
            start = body.index(word, body.index("第3段"))
            spans.append(Highlight(start, start + len(word), "hit"))
        screen.set_highlights("test", spans)
        await pilot.pause()

        def highlighted() -> list[str]:
            view = screen.query_one(ArticleView)
            return [text[h.start : h.end] for index, text in enumerate(view.paragraphs) for h in view.highlights_of(index)]

        assert highlighted() == words
        await pilot.press("t")
        await settle(pilot)
        assert screen.script_variant is V.TW
        assert highlighted() == ["隨身碟", "資訊", "程式設計師"]
        # Highlights set while converted are given in original offsets too.
        start = body.index("软件", body.index("第7段"))
        screen.set_highlights("test", [Highlight(start, start + 2, "hit")])
        await pilot.pause()
        assert highlighted() == ["軟體"]
        await pilot.press("t")
        await settle(pilot)
        assert highlighted() == ["软件"]


async def test_reading_position_is_kept_across_a_toggle(app_factory, make_library) -> None:
    script.save_preferences(ScriptPreferences(vocabulary=True))
    root = make_library({"cn.txt": VOCABULARY_ARTICLE})
    app = app_factory(root)
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        starts = app.screen.article.paragraph_starts()
        view.scroll_to_offset(starts[20])
        await pilot.pause()

        def top_paragraph() -> str:
            return view.paragraphs[bisect_right(view.paragraph_starts, view.offset_in_view()) - 1]

        assert top_paragraph().startswith("第20段")
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.TW
        assert top_paragraph().startswith("第20段") and "程式設計師" in top_paragraph()
        await pilot.press("t")
        await settle(pilot)
        assert top_paragraph().startswith("第20段") and "程序员" in top_paragraph()


async def test_settings_screen_changes_the_traditional_target(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cn = next(info for info in app.library.articles if info.path.endswith("10-qwen3-max-release-cn.md"))
        app.open_path(cn.path)
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.TW
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, ScriptSettingsScreen)
        radio = app.screen.query_one(RadioSet)
        assert radio.pressed_button.id == "traditional-tw"
        await pilot.press("down", "space")  # Hong Kong
        await pilot.press("tab", "space")  # vocabulary on
        await pilot.press("enter")  # apply
        await settle(pilot)
        assert not isinstance(app.screen, ScriptSettingsScreen)
        assert app.screen.script.preferences == ScriptPreferences(traditional=V.HK, vocabulary=True)
        assert app.screen.script_variant is V.HK
        assert "繁體·香港" in shown(app)["meta"]
    assert script.load_preferences()[0] == ScriptPreferences(traditional=V.HK, vocabulary=True)
    assert script.load_variant()[0] is V.HK


async def test_settings_screen_q_discards(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("down", "space", "q")
        await settle(pilot)
        assert app.screen.script.preferences == ScriptPreferences()


async def test_palette_sets_the_traditional_target(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Traditional as Hong Kong"
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, "Traditional as Hong Kong"), what="the command")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.script.preferences.traditional is V.HK
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "toggle Simplified"
        await pilot.pause()
        await wait_until(pilot, lambda: palette_lists_first(app, "toggle Simplified"), what="the command")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.script_variant is V.SIMPLIFIED


async def test_corrupt_script_files_are_reported_not_fatal(app_factory, samples) -> None:
    from reader import locations

    (locations.config_dir() / script.PREFERENCES_FILE).write_text("{broken", encoding="utf-8")
    script.overrides_path().write_text("no tab on this line\n", encoding="utf-8")
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = "\n".join(n.message for n in app._notifications)
        assert "kept as" in messages and "line 1" in messages
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is V.SIMPLIFIED


async def test_bookmark_taken_while_converted_points_into_the_original(app_factory, make_library) -> None:
    script.save_preferences(ScriptPreferences(vocabulary=True))
    root = make_library({"cn.txt": VOCABULARY_ARTICLE})
    app = app_factory(root)
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("t")
        await settle(pilot)
        assert screen.script_variant is V.TW
        view = screen.query_one(ArticleView)
        view.scroll_to_offset(view.paragraph_starts[20])  # paragraph 20 as shown (longer words)
        await pilot.pause()
        original_start = screen.article.paragraph_starts()[20]
        assert view.paragraph_starts[20] != original_start
        assert screen.body_offset_in_view() == original_start
        await pilot.press("b")
        await settle(pilot)
        [bookmark] = screen.reading.user_data.bookmarks.all()
        assert bookmark.position == original_start and bookmark.paragraph == 20
