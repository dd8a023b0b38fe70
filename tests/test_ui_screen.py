"""Pilot tests that read the screen as drawn (the compositor's cells, colours included), not
widget state: the cursor, which pane has focus, the layout at small and large sizes."""

from __future__ import annotations

from helpers import settle, wait_until
from rich.segment import Segment

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.search_panel import SearchPanel
from reader.ui.widgets.search_results import SearchResults


def screen_cells(app) -> list[list[tuple[str, str | None]]]:
    """Every cell of the screen as drawn: (character, background colour as #rrggbb); the
    second cell of a wide character holds ""."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        row: list[tuple[str, str | None]] = []
        for segment in strip:
            text, style, _ = segment
            background = style.bgcolor.triplet.hex if style and style.bgcolor and style.bgcolor.triplet else None
            for char in text:
                row.append((char, background))
                if Segment(char).cell_length == 2:
                    row.append(("", background))
        rows.append(row)
    return rows


def background(app, x: int, y: int) -> str | None:
    return screen_cells(app)[y][x][1]


def screen_text(app) -> list[str]:
    return ["".join(char for char, _ in row) for row in screen_cells(app)]


def region_text(app, region) -> str:
    """The text drawn in `region` of the screen, line by line."""
    rows = screen_cells(app)[region.y : region.bottom]
    return "\n".join("".join(char for char, _ in row[region.x : region.right]) for row in rows)


def cursor_rows(app, widget) -> list[int]:
    """Screen rows of `widget` whose background differs from the widget's own: the cursor."""
    region = widget.content_region
    x = region.x + 2
    colours = {y: background(app, x, y) for y in range(region.y, region.bottom)}
    # The colour most rows have is the list's own background; the others are the cursor.
    counts: dict[str | None, int] = {}
    for colour in colours.values():
        counts[colour] = counts.get(colour, 0) + 1
    common = max(counts, key=lambda colour: counts[colour])
    return [y for y, colour in colours.items() if colour != common]


async def test_the_list_cursor_is_drawn_and_moves(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        top = article_list.content_region.y
        assert cursor_rows(app, article_list) == [top, top + 1]
        await pilot.press("j", "j")
        await pilot.pause()
        assert cursor_rows(app, article_list) == [top + 4, top + 5]
        # The cursor row stands out from the rows around it.
        assert background(app, 5, top + 4) != background(app, 5, top + 2)


async def test_the_search_results_cursor_is_drawn_and_moves(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash")
        panel.set_query("人工智能")
        await settle(pilot)
        results = app.screen.query_one(SearchResults)
        assert len(results.hits) >= 3
        await pilot.press("down", "j")
        await pilot.pause()
        top = results.content_region.y
        assert cursor_rows(app, results) == [top + 2, top + 3]


async def test_the_focused_pane_is_marked(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sidebar_edge = app.screen.query_one("#sidebar").region.x
        reading_edge = app.screen.query_one("#reading").region.x
        y = 10
        marked = background(app, sidebar_edge, y), screen_cells(app)[y][sidebar_edge][0]
        assert app.focused is app.screen.query_one(ArticleList)
        assert screen_cells(app)[y][sidebar_edge][0] != " "  # the bar
        assert screen_cells(app)[y][reading_edge][0] == " "
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.screen.query_one(ArticleView)
        assert screen_cells(app)[y][sidebar_edge][0] == " "
        assert (background(app, reading_edge, y), screen_cells(app)[y][reading_edge][0]) == marked
        # The list's cursor dims when the list loses focus.
        article_list = app.screen.query_one(ArticleList)
        top = article_list.content_region.y
        focused_cursor = background(app, 5, top)
        assert focused_cursor != background(app, 5, top + 2)
        await pilot.press("tab")
        await pilot.pause()
        assert background(app, 5, top) != focused_cursor


async def test_emptying_the_search_box_keeps_typing_in_it(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        variant = app.screen.script_variant
        await pilot.press("slash", "a")
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert app.focused is panel.box
        await pilot.press("t", "e")
        await settle(pilot)
        assert panel.current_query == "te"
        assert app.screen.script_variant is variant  # `t` did not toggle the script
        assert not app.screen.query(EntityPanel)  # `e` did not open the entity panel
        # Esc still leaves the search for the list.
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.screen.query_one(ArticleList)


async def test_the_sidebar_takes_a_share_of_wide_terminals_and_resizes(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one("#sidebar")
        assert sidebar.size.width >= 60
        title = app.library.articles[0].title
        assert any(title in line for line in screen_text(app)), "the first title is shown whole"
        await pilot.press("less_than_sign")
        await pilot.pause()
        narrower = sidebar.size.width
        assert narrower < 60
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert sidebar.size.width > narrower + 10


async def test_the_article_is_a_centred_column_of_a_set_measure(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        reading = app.screen.query_one("#reading").content_region
        view = app.screen.query_one(ArticleView)
        text_width = view.scrollable_content_region.width
        assert 76 <= text_width <= 84
        left, right = view.region.x - reading.x, reading.right - view.region.right
        assert abs(left - right) <= 1 and left > 20
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert view.scrollable_content_region.width == text_width - 8
        await pilot.press("plus")
        await pilot.pause()
        assert view.scrollable_content_region.width == text_width - 4


async def test_the_entity_panel_covers_the_sidebar_not_the_article_at_80_columns(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        width = view.size.width
        await pilot.press("e")
        await settle(pilot)
        panel = app.screen.query_one(EntityPanel)
        await wait_until(pilot, lambda: panel.options.option_count > 1, what="entities listed")
        assert view.size.width == width  # not squeezed
        assert panel.region.x == 0 and panel.region.width >= 28
        assert panel.region.right <= view.region.x  # the article is not covered
        # The panel is drawn over the sidebar, its list readable; the article beside it.
        assert "People 人物" in region_text(app, panel.region)
        title = app.screen.article.title
        assert title[:8] in region_text(app, view.region).replace("\n", "")


async def test_the_entity_panel_sits_beside_the_article_when_it_fits(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        panel = app.screen.query_one(EntityPanel)
        view = app.screen.query_one(ArticleView)
        assert view.region.right <= panel.region.x


async def test_nothing_is_cut_at_80_by_24(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app)
        footer = lines[-1]
        for label in ("Bookmarks", "Entities", "Quit", "Help"):
            assert label in footer, footer
        assert "articles" in lines[0] and "未讀" in "".join(lines[:2])  # wrapped, not cut
        view = app.screen.query_one(ArticleView)
        assert view.scrollable_content_region.width >= 40


async def test_the_entity_panel_follows_the_script_toggle(app_factory, samples) -> None:
    app = app_factory(samples)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        festival = next(info for info in app.library.articles if "亞洲電影節" in info.title)
        app.open_path(festival.path)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        panel = app.screen.query_one(EntityPanel)

        def panel_text() -> str:
            return region_text(app, panel.region)

        await wait_until(pilot, lambda: "黃子軒" in panel_text(), what="the panel to list 黃子軒")
        await pilot.press("t")
        await settle(pilot)
        assert "黄子轩" in " ".join(line for line in screen_text(app))  # the article
        await wait_until(pilot, lambda: "黄子轩" in panel_text(), what="the panel to list 黄子轩")
        assert "黃子軒" not in panel_text()
        await pilot.press("enter")  # stepping names it as shown too
        await settle(pilot)
        assert "黃子軒" not in panel_text()


async def test_script_settings_escape_cancels_and_nothing_is_cut(app_factory, samples) -> None:
    from reader.script import ScriptPreferences
    from reader.ui.screens.script_settings import ScriptSettingsScreen

    app = app_factory(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.press("T")
            await pilot.pause()
            assert isinstance(app.screen, ScriptSettingsScreen)
            text = "\n".join(screen_text(app))
            assert "Regional vocabulary 地區用詞" in text
            assert "人工智慧 → 人工智能" in text
            assert "Esc cancels" in text
            await pilot.press("down", "space", "tab", "space", "escape")  # changed, then Esc
            await settle(pilot)
            assert not isinstance(app.screen, ScriptSettingsScreen)
            assert app.screen.script.preferences == ScriptPreferences()
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("tab", "space", "enter")  # vocabulary on, Enter applies
        await settle(pilot)
        assert app.screen.script.preferences.vocabulary


async def test_toasts_keep_every_character_over_the_entity_panel(app_factory, samples) -> None:
    from textual.widgets._toast import Toast

    message = "國科會公布ＡＩ基本法配套 工研院將成立可信任ＡＩ評測中心"
    for size in ((120, 30), (80, 24), (160, 40)):
        async with app_factory(samples).run_test(size=size, notifications=True) as pilot:
            app = pilot.app
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            app.notify(message, title="Marked read 已讀", timeout=30)
            await wait_until(pilot, lambda: app.screen.query(Toast), what="the toast")
            await pilot.pause(0.3)
            toast = app.screen.query_one(Toast)
            shown = region_text(app, toast.content_region).replace("\n", "").replace(" ", "")
            assert message.replace(" ", "") in shown, (size, shown)

