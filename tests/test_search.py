"""Searching: both scripts, regional vocabulary, half-typed words, phrases, fields, ranking, spans."""

from __future__ import annotations

import pytest

from reader.library.article import load_article
from reader.search import QueryError, Searcher, find_spans, make_snippet
from reader.search.index import LibraryIndex

ARTICLES = {
    "tw/shadow.md": (
        "---\ntitle: 影子圖書館與版權之爭\ndate: 2025-09-06\nsource: 科技新報\ntags: [著作權, Anthropic]\n---\n\n"
        "美國人工智慧新創公司 Anthropic 同意和解。該公司從「影子圖書館」網站下載盜版電子書。\n\n"
        "法院認為以軟體訓練 Claude Opus 4 模型，涉及版權法與合理使用。ＡＩ業者表示將上訴。\n"
    ),
    "cn/software.md": (
        "---\ntitle: 国产软件出海\ndate: 2025-08-01\nsource: 澎湃新闻\ntags: [人工智能]\n---\n\n"
        "人工智能软件企业加快出海步伐，版权保护成为焦点。\n\n"
        "Claude 与 Opus 等外国模型也在竞争，但 4 家企业表示不受影响。\n"
    ),
    "cn/weather.txt": "今日天气\n\n全市晴到多云，午后气温升高，市民注意防暑。版权所有。\n",
    "hk/films.md": (
        "---\ntitle: 電影節揭幕\ndate: 2025-10-10\n---\n\n"
        "電影節今年放映逾百部電影，有導演以生成式軟件繪製分鏡。\n"
    ),
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    home = tmp_path_factory.mktemp("home")
    root = tmp_path_factory.mktemp("lib")
    for rel, text in ARTICLES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READER_HOME", str(home))
        index = LibraryIndex(root)
        index.update()
        yield Searcher.for_index(index)


def names(result) -> list[str]:
    return [hit.path.split("/")[-1] for hit in result.hits]


def test_simplified_finds_traditional_and_the_reverse(searcher: Searcher) -> None:
    assert set(names(searcher.search("版权 "))) == {"shadow.md", "software.md", "weather.txt"}
    assert set(names(searcher.search("版權 "))) == {"shadow.md", "software.md", "weather.txt"}
    assert names(searcher.search("影子图书馆")) == ["shadow.md"]


def test_latin_is_case_insensitive_and_full_width_folds(searcher: Searcher) -> None:
    assert set(names(searcher.search("anthropic "))) == {"shadow.md"}
    assert set(names(searcher.search("ai "))) == {"shadow.md"}  # written ＡＩ


def test_latin_words_match_whole_but_the_last_one_as_a_prefix(searcher: Searcher) -> None:
    assert names(searcher.search("anthr")) == ["shadow.md"]
    assert names(searcher.search("anthr ")) == []
    assert names(searcher.search("opu")) and not searcher.search("pus").hits


def test_half_typed_word_and_single_character_match(searcher: Searcher) -> None:
    assert names(searcher.search("影子圖")) == ["shadow.md"]
    assert set(names(searcher.search("晴"))) == {"weather.txt"}
    assert "films.md" in names(searcher.search("影"))  # 電影 contains 影


def test_terms_are_anded_and_exclusions_remove(searcher: Searcher) -> None:
    assert set(names(searcher.search("版權 天气"))) == {"weather.txt"}
    assert set(names(searcher.search("版权 -天气"))) == {"shadow.md", "software.md"}
    assert set(names(searcher.search('版权 -"Claude Opus"'))) == {"software.md", "weather.txt"}


def test_names_with_spaces_and_versions(searcher: Searcher) -> None:
    result = searcher.search("Claude Opus 4")
    assert set(names(result)) == {"shadow.md", "software.md"}
    assert names(result)[0] == "shadow.md"  # the words together rank first
    assert names(searcher.search('"Claude Opus 4"')) == ["shadow.md"]


def test_fields(searcher: Searcher) -> None:
    assert names(searcher.search("title:版權")) == ["shadow.md"]
    assert set(names(searcher.search("tag:人工智能"))) == {"software.md"}
    assert names(searcher.search("source:澎湃")) == ["software.md"]
    assert names(searcher.search("title:天气 ")) == ["weather.txt"]


def test_regional_vocabulary_widens_and_says_so(searcher: Searcher) -> None:
    result = searcher.search("人工智能")
    assert set(names(result)) == {"shadow.md", "software.md"}  # 人工智慧 in the Taiwan article
    assert result.widened and "人工智慧" in result.widened_note
    soft = searcher.search("软件")
    assert {"shadow.md", "software.md", "films.md"} <= set(names(soft))  # 軟體 and 軟件
    assert "軟體" in soft.widened_note
    assert set(names(searcher.search("軟體"))) >= {"shadow.md", "software.md"}  # and back
    assert not searcher.search("天气").widened


def test_title_hits_rank_first(searcher: Searcher) -> None:
    assert names(searcher.search("版权 "))[0] == "shadow.md"
    assert names(searcher.search("软件 "))[0] == "software.md"


def test_spans_index_the_article_body(searcher: Searcher) -> None:
    for query in ("版权", "Claude Opus 4", "影子圖書館", "ai"):
        for hit in searcher.search(query).hits:
            body = load_article(hit.path).body
            assert hit.spans, query
            assert hit.spans == tuple(find_spans(query, body))
            for start, end in hit.spans:
                assert body[start:end], (query, hit.path)
    hit = searcher.search("ai").hits[0]
    body = load_article(hit.path).body
    assert [body[s:e] for s, e in hit.spans] == ["ＡＩ"]


def test_snippet_spans_index_the_snippet(searcher: Searcher) -> None:
    for hit in searcher.search("版權").hits:
        assert hit.snippet_spans
        for start, end in hit.snippet_spans:
            from reader.text import normalize

            assert normalize(hit.snippet[start:end]) == "版权"
        assert "\n" not in hit.snippet


def test_make_snippet_windows_and_ellipses() -> None:
    body = "甲" * 100 + "版權" + "乙" * 100
    text, spans = make_snippet(body, [(100, 102)], width=20, lead=5)
    assert text.startswith("…") and text.endswith("…")
    assert [text[s:e] for s, e in spans] == ["版權"]


def test_no_results_and_empty_queries(searcher: Searcher) -> None:
    assert searcher.search("不存在的詞語").total == 0
    assert searcher.search("").hits == ()
    with pytest.raises(QueryError):
        searcher.search("title:")


def test_keystrokes_narrow_earlier_matches(searcher: Searcher) -> None:
    typed = ["影", "影子", "影子圖", "影子圖書", "影子圖書館"]
    results = [searcher.search(q) for q in typed]
    assert [r.total for r in results] == sorted((r.total for r in results), reverse=True)
    assert names(results[-1]) == ["shadow.md"]
    assert names(searcher.search("影")) == names(results[0])  # from the cache, same answer


@pytest.mark.parametrize(
    "query",
    ['"', "(", ")", "-", "title:x", "a" * 200, "😀 版權", "\x00\x1b[2J", '"版權', "tag:", "\u202e版權", "ＡＩ）"],
)
def test_hostile_queries_never_raise_anything_but_query_error(searcher: Searcher, query: str) -> None:
    try:
        result = searcher.search(query)
    except QueryError as exc:
        assert str(exc)
    else:
        # A query that is accepted gives a well-formed result: every hit counted, and its
        # highlight spans inside the text they mark.
        assert len(result.hits) == min(result.total, 50)
        for hit in result.hits:
            assert all(0 <= start < end for start, end in hit.spans + hit.title_spans)
            assert all(0 <= start < end <= len(hit.snippet) for start, end in hit.snippet_spans)
