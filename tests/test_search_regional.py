"""Regional vocabulary: the shipped table, the user's additions, widening and -exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import locations
from reader.search import Searcher
from reader.search.index import LibraryIndex
from reader.search.matching import regional_variants
from reader.search.regional import SHIPPED_TABLE, build_table, regional_table, table_variants
from reader.text import normalize

ARTICLES = {
    "cn/metro.md": "---\ntitle: 地铁新线开通\n---\n\n今天地铁三号线开通，市民乘坐地铁上班。交通更方便。\n",
    "tw/mrt.md": "---\ntitle: 捷運環狀線\n---\n\n台北捷運環狀線今日通車，交通部表示通勤更方便。\n",
    "hk/mtr.md": "---\ntitle: 港鐵新車站\n---\n\n港鐵屯馬綫新車站啟用，交通配套完善。\n",
    "tw/bus.md": "---\ntitle: 公車改道\n---\n\n市區公車因施工改道，交通壅塞。\n",
    "tw/mouse.md": "---\ntitle: 滑鼠評測\n---\n\n這款無線滑鼠適合長時間工作，伺服器管理員也愛用。\n",
}


def names(result) -> set[str]:
    return {Path(hit.path).name for hit in result.hits}


@pytest.fixture
def searcher(make_library) -> Searcher:
    index = LibraryIndex(make_library(ARTICLES))
    index.update()
    return Searcher.for_index(index)


def test_the_shipped_table_reads_cleanly_and_is_a_few_hundred_groups() -> None:
    table = build_table(SHIPPED_TABLE.read_text("utf-8"))
    assert table.problems == ()
    assert table.groups >= 250
    for norm, others in table.others.items():
        assert others and all(normalize(o) != norm for o in others)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("地铁", {"捷運", "港鐵"}),
        ("公交车", {"公車", "巴士"}),
        ("自行车", {"腳踏車", "單車"}),
        ("打印机", {"印表機"}),
        ("鼠标", {"滑鼠"}),
        ("服务器", {"伺服器"}),
        ("视频", {"影片"}),
        ("滑鼠", {"鼠标"}),  # and back, from either script
        ("地铁站", {"捷運站", "港鐵站"}),  # a word that starts with a form
        ("坐地铁", {"坐捷運", "坐港鐵"}),  # or ends with one
    ],
)
def test_table_variants(word: str, expected: set[str]) -> None:
    displays = {display for _norm, display in table_variants(word)}
    assert {normalize(e) for e in expected} <= {normalize(d) for d in displays}


def test_latin_forms_match_whole_words_only() -> None:
    assert {d for _n, d in table_variants("Podcast")} == {"播客"}
    assert table_variants("podcasts") == ()


def test_opencc_and_the_table_together() -> None:
    found = {v.norm for v in regional_variants("人工智能")}
    assert "人工智慧" in found
    assert regional_variants("天气") == ()


def test_search_widens_across_regions_and_says_what_it_found(searcher: Searcher) -> None:
    result = searcher.search("地铁", typing=False)
    assert names(result) == {"metro.md", "mrt.md", "mtr.md"}
    assert result.widened_note is not None and "捷運" in result.widened_note and "港鐵" in result.widened_note


def test_the_note_lists_only_forms_that_found_something(searcher: Searcher) -> None:
    result = searcher.search("公交车", typing=False)
    assert names(result) == {"bus.md"}
    assert result.widened_note == "also searched: 公車 (公交车)"  # no 巴士 in this library


def test_words_being_typed_widen_too(searcher: Searcher) -> None:
    assert names(searcher.search("鼠标")) == {"mouse.md"}  # the growing word, scanned
    assert names(searcher.search("服务器 ")) == {"mouse.md"}


@pytest.mark.parametrize("typing", [False, True])
def test_an_exclusion_excludes_every_regional_form(searcher: Searcher, typing: bool) -> None:
    assert names(searcher.search("交通", typing=typing)) == {"metro.md", "mrt.md", "mtr.md", "bus.md"}
    # Typing: the last word is still growing (scanned); otherwise the word index answers.
    assert names(searcher.search("交通 -地铁", typing=typing)) == {"bus.md"}
    assert names(searcher.search("交通 -捷運", typing=typing)) == {"bus.md"}
    assert names(searcher.search("交通 -巴士", typing=typing)) == {"metro.md", "mrt.md", "mtr.md"}


def test_user_groups_extend_the_table_and_bad_lines_are_reported(searcher: Searcher) -> None:
    user = locations.config_dir() / "regional-vocabulary.txt"
    user.write_text("# mine\n無線滑鼠\t无线鼠标仔\n單\n筆電\t笔记本\t\n壞行\n", encoding="utf-8")
    table = regional_table()
    assert table.groups >= 252
    assert len(table.problems) == 2
    assert all("regional-vocabulary.txt line" in p for p in table.problems)
    assert {d for _n, d in table_variants("无线鼠标仔")} >= {"無線滑鼠"}
    assert names(searcher.search("无线鼠标仔", typing=False)) == {"mouse.md"}


def test_an_unreadable_user_file_is_reported_and_the_shipped_table_still_works() -> None:
    (locations.config_dir() / "regional-vocabulary.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    table = regional_table()
    assert any("not UTF-8" in p for p in table.problems)
    assert table.groups >= 250


def test_reader_search_reports_bad_user_lines(make_library, capsys) -> None:
    from reader.cli import main

    root = make_library(ARTICLES)
    (locations.config_dir() / "regional-vocabulary.txt").write_text("只有一个词\n", encoding="utf-8")
    assert main(["search", "地铁", "--library", str(root)]) == 0
    err = capsys.readouterr().err
    assert "regional-vocabulary.txt line 1" in err
    assert "also searched:" in err


async def test_the_app_reports_bad_user_lines(app_factory, make_library) -> None:
    from helpers import wait_until

    (locations.config_dir() / "regional-vocabulary.txt").write_text("只有一个词\n", encoding="utf-8")
    app = app_factory(make_library(ARTICLES))
    async with app.run_test(size=(100, 30)) as pilot:
        # Checked as it comes (a notification expires after a few seconds).
        await wait_until(pilot, lambda: any("regional-vocabulary.txt line 1" in str(n.message)
                                            for n in app._notifications), timeout=30, what="the warning")
