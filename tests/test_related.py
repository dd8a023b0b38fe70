"""Related articles: the entity table, ranking by the rarity of shared names, read from the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.search.index import LibraryIndex
from reader.search.related import EntityTable, RelatedArticle, shown_names


def table(rows: dict[str, list[str]]) -> EntityTable:
    return EntityTable((path, path.upper(), names) for path, names in rows.items())


def paths(related: list[RelatedArticle]) -> list[str]:
    return [r.path for r in related]


def test_rare_shared_names_rank_above_common_ones() -> None:
    t = table({
        "a": ["台积电", "美国", "魏哲家"],
        "b": ["魏哲家", "日本"],           # shares the rare name
        "c": ["美国", "日本"],             # shares only a common one
        "d": ["美国"],
        "e": ["美国", "台积电"],           # a common and a middling one
        "f": ["台积电"],
        "g": ["日本"],
    })
    related = t.related("a")
    # idf² over 7 articles: 魏哲家 1.57, 台积电 0.72, 美国 0.31 (c and d tie: by path).
    assert paths(related) == ["b", "e", "f", "c", "d"]
    assert "a" not in paths(related)  # never itself
    assert related[0].shared == ("魏哲家",)
    assert related[0].title == "B"
    assert all(0 < r.score <= 1 for r in related)
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_shared_names_are_listed_rarest_first() -> None:
    t = table({"a": ["美国", "魏哲家", "台积电"], "b": ["美国", "台积电", "魏哲家"], "c": ["美国", "台积电"],
               "d": ["美国"], "e": ["美国"]})
    assert t.related("a")[0].shared == ("魏哲家", "台积电", "美国")


def test_a_name_every_article_has_relates_nothing() -> None:
    t = table({"a": ["美国"], "b": ["美国"], "c": ["美国"]})
    assert t.related("a") == []


def test_unknown_articles_and_articles_without_names() -> None:
    t = table({"a": [], "b": ["美国"], "c": ["美国", "日本"], "d": ["日本"]})
    assert t.related("a") == []
    assert t.related("nowhere") == []
    assert t.names_of("c") == ("美国", "日本")
    assert t.names_of("nowhere") == ()


def test_the_limit_and_ties_broken_by_path() -> None:
    t = table({"a": ["x"], **{f"p{i:02d}": ["x"] for i in range(30)}, "z": ["y"]})
    related = t.related("a", limit=5)
    assert paths(related) == ["p00", "p01", "p02", "p03", "p04"]


def test_shown_names_use_the_articles_own_spelling() -> None:
    r = RelatedArticle("p", "t", 0.5, ("台积电", "andrea bartz", "美国", "日本", "韩国"))
    assert shown_names(r, {"台积电": "台積電", "andrea bartz": "Andrea Bartz"}) == ["台積電", "Andrea Bartz", "美国", "日本"]


ARTICLES = {
    "chips.md": "---\ntitle: 晶片\n---\n\n台積電在美國亞利桑那州設廠，魏哲家說蘋果公司是大客戶。\n",
    "visit.md": "---\ntitle: 訪台\n---\n\n輝達執行長黃仁勳訪問台北，與台積電董事長魏哲家會面。\n",
    "phones.md": "---\ntitle: 手機\n---\n\n蘋果公司在美國發表新手機。\n",
    "huawei.md": "---\ntitle: 华为\n---\n\n北京市政府宣布，华为将在深圳扩建工厂，产品销往美国。\n",
}


def test_the_table_comes_from_the_search_index(make_library) -> None:
    root = make_library(ARTICLES)
    index = LibraryIndex(root)
    index.update()
    t = EntityTable.from_index(index)
    assert t is not None and len(t) == 4
    chips = str(root / "chips.md")
    assert "台积电" in t.names_of(chips)  # normalised, as the index keeps them
    related = t.related(chips)
    names = [Path(r.path).name for r in related]
    assert names[0] == "visit.md"  # shares 台積電 and 魏哲家, named nowhere else
    assert names.index("huawei.md") == len(names) - 1  # shares only 美國, the commonest
    assert related[0].title == "訪台"
    assert set(related[0].shared) == {"台积电", "魏哲家"}
    index.close()


def test_no_table_without_a_word_index(make_library) -> None:
    index = LibraryIndex(make_library(ARTICLES))
    assert EntityTable.from_index(index) is None  # never indexed


@pytest.mark.parametrize("limit", [1, 3])
def test_changed_index_gives_a_new_table(make_library, limit: int) -> None:
    root = make_library(ARTICLES)
    index = LibraryIndex(root)
    index.update()
    (root / "more.md").write_text("黃仁勳與魏哲家再次會面，輝達加碼投資。\n", encoding="utf-8")
    index.update()
    t = EntityTable.from_index(index)
    assert t is not None
    related = t.related(str(root / "visit.md"), limit=limit)
    assert Path(related[0].path).name == "more.md"  # 黃仁勳 + 輝達 + 魏哲家
    assert len(related) <= limit
    index.close()


def test_names_as_written_in_the_article() -> None:
    from reader.search.related import names_as_written

    body = "輝達執行長黃仁勳與 Andrea Bartz 會面。"
    assert names_as_written(body, ["黄仁勋", "andrea bartz", "台积电"]) == {"黄仁勋": "黃仁勳", "andrea bartz": "Andrea Bartz"}


def test_pruned_ranking_equals_the_full_one() -> None:
    """Max-score pruning skips the long lists of common names: the ranking must not change."""
    import random

    rng = random.Random(3)
    common = [f"common{i}" for i in range(5)]
    rare = [f"rare{i}" for i in range(400)]
    rows = {}
    for number in range(600):
        names = rng.sample(common, rng.randint(1, 5)) + rng.sample(rare, rng.randint(0, 4))
        rows[f"p{number:03d}"] = names
    t = table(rows)
    for path in list(rows)[:80]:
        for limit in (3, 12):
            got = t.related(path, limit)
            # The full dot products, by brute force.
            mine = set(t.names_of(path))
            full = {}
            for other in rows:
                if other != path:
                    shared = mine & set(t.names_of(other))
                    dot = sum(t._weight[t.names.index(n)] for n in shared)
                    if dot:
                        full[other] = dot
            expected = sorted(full, key=lambda p: (-round(full[p], 9), p))[:limit]
            assert [r.path for r in got] == expected, (path, limit)
