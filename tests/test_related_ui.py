"""Pilot tests of the related-articles panel: `r` lists them for the open article, Enter opens
one, the list follows the article, Esc closes it."""

from __future__ import annotations

from pathlib import Path

from helpers import settle, wait_until

from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.related_panel import RelatedPanel

ARTICLES = {
    "a-chips.md": "---\ntitle: 晶片設廠\ndate: 2025-01-04\n---\n\n台積電在美國亞利桑那州設廠，魏哲家說蘋果公司是大客戶。\n",
    "b-visit.md": "---\ntitle: 黃仁勳訪台\ndate: 2025-01-03\n---\n\n輝達執行長黃仁勳訪問台北，與台積電董事長魏哲家會面。\n",
    "c-phones.md": "---\ntitle: 新手機\ndate: 2025-01-02\n---\n\n蘋果公司在美國發表新手機。\n",
    "d-huawei.md": "---\ntitle: 华为扩厂\ndate: 2025-01-01\n---\n\n北京市政府宣布，华为将在深圳扩建工厂，产品销往美国。\n",
}


def related_rows(panel: RelatedPanel) -> list[tuple[str, str]]:
    """(file name, label) of each listed article."""
    options = panel.options
    rows = []
    for index in range(options.option_count):
        option = options.get_option_at_index(index)
        if option.id:
            rows.append((Path(option.id).name, str(option.prompt)))
    return rows


async def open_related(pilot) -> RelatedPanel:
    await pilot.press("r")
    await settle(pilot)
    panel = pilot.app.screen.query_one(RelatedPanel)
    await wait_until(pilot, lambda: related_rows(panel), what="related articles listed")
    return panel


async def test_r_lists_related_articles_with_the_names_they_share(app_factory, make_library) -> None:
    app = app_factory(make_library(ARTICLES))
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.live_search.searcher is not None, what="the index")
        assert Path(app.screen.article.path).name == "a-chips.md"  # the newest
        panel = await open_related(pilot)
        rows = related_rows(panel)
        assert rows[0][0] == "b-visit.md"
        assert "黃仁勳訪台" in rows[0][1]
        # The shared names, as this article writes them (Traditional), rarest first.
        assert "台積電" in rows[0][1] and "魏哲家" in rows[0][1]
        assert rows[-1][0] == "d-huawei.md"  # only 美國 in common
        assert app.focused is panel.options


async def test_enter_opens_a_related_article_and_the_list_follows_it(app_factory, make_library) -> None:
    app = app_factory(make_library(ARTICLES))
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.live_search.searcher is not None, what="the index")
        panel = await open_related(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert Path(app.screen.article.path).name == "b-visit.md"
        assert app.focused is app.screen.query_one(ArticleView)
        await wait_until(pilot, lambda: panel.for_path == app.screen.article.path and related_rows(panel),
                         what="the list for the article opened")
        assert related_rows(panel)[0][0] == "a-chips.md"
        # r gives the list focus again; Esc closes it and reading carries on.
        await pilot.press("r")
        await settle(pilot)
        assert app.focused is panel.options
        await pilot.press("down", "enter")
        await settle(pilot)
        assert Path(app.screen.article.path).name != "b-visit.md"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.display
        assert app.focused is app.screen.query_one(ArticleView)


async def test_the_panel_waits_for_the_index(app_factory, make_library) -> None:
    app = app_factory(make_library(ARTICLES))
    async with app.run_test(size=(140, 30)) as pilot:
        # Straight away, before the library is even listed: no article, then the index.
        await pilot.press("r")
        await pilot.pause()
        panel = app.screen.query_one(RelatedPanel)
        await wait_until(pilot, lambda: related_rows(panel), timeout=60, what="related articles once indexed")
        assert related_rows(panel)[0][0] == "b-visit.md"
