"""The word index at work: settled clauses go to whoosh (cached while the last word grows),
the scan covers the word being typed and jieba's other cuts, and the `entity:` field."""

from __future__ import annotations

import struct
import zlib

import pytest
from whoosh import query as Q
from whoosh.index import EmptyIndexError
from whoosh.searching import Searcher as WhooshSearcher

from reader.search import Searcher, search_library
from reader.search.index import LibraryIndex
from reader.search.matching import regional_variants

ARTICLES = {
    "shadow.md": (
        "---\ntitle: 影子圖書館與版權之爭\ndate: 2025-09-06\ntags: [著作權]\n---\n\n"
        "美國人工智慧新創公司 Anthropic 同意和解。該公司從「影子圖書館」網站下載盜版電子書。\n\n"
        "法院認為以軟體訓練 Claude Opus 4 模型，涉及版權法與合理使用。\n"
    ),
    "chips.md": (
        "---\ntitle: 晶片股走強\ndate: 2025-08-28\n---\n\n"
        "台積電董事長魏哲家表示，先進製程訂單滿載，版權與專利糾紛不影響出貨。\n"
    ),
    "opus.md": (
        "---\ntitle: 作曲家的新作品\ndate: 2025-07-01\n---\n\n"
        "這部 Opus 4 是 Claude 的得意之作，不是人工智慧模型。\n"
    ),
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("home")
    root = tmp_path_factory.mktemp("lib")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READER_HOME", str(home))
        index = LibraryIndex(root)
        index.update()
        searcher = Searcher.for_index(index)
        searcher.warm_up()
        yield searcher
        index.close()


@pytest.fixture
def whoosh_queries(monkeypatch) -> list:
    """Every query whoosh runs."""
    asked: list = []
    real = WhooshSearcher.search

    def spy(self, q, *args, **kwargs):
        asked.append(q)
        return real(self, q, *args, **kwargs)

    monkeypatch.setattr(WhooshSearcher, "search", spy)
    return asked


def names(result) -> list[str]:
    return [hit.path.split("/")[-1] for hit in result.hits]


def fresh(searcher: Searcher) -> Searcher:
    return Searcher.for_index(searcher.index)  # empty caches


def terms(q) -> set:
    return {(t[0], t[1]) for t in q.iter_all_terms()}


def test_a_settled_field_query_is_answered_by_whoosh(searcher, whoosh_queries) -> None:
    result = fresh(searcher).search("title:版权 ")
    assert names(result) == ["shadow.md"]
    assert ("title", "版权") in set().union(*map(terms, whoosh_queries))


def test_a_phrase_is_a_whoosh_phrase_query(searcher, whoosh_queries) -> None:
    result = fresh(searcher).search('"Claude Opus 4"')
    assert names(result) == ["shadow.md"]  # opus.md has the words, not the phrase
    phrases = [q for q in whoosh_queries for q in ([q] + list(getattr(q, "subqueries", ()))) if isinstance(q, Q.Phrase)]
    assert phrases and phrases[0].words == ["claude", "opus", "4"]


def test_exclusions_are_asked_of_whoosh(searcher, whoosh_queries) -> None:
    result = fresh(searcher).search("版权 -專利 ")
    assert names(result) == ["shadow.md"]
    assert ("body", "专利") in set().union(*map(terms, whoosh_queries))


def test_the_settled_part_is_cached_while_the_last_word_grows(searcher, whoosh_queries) -> None:
    s = fresh(searcher)
    typed = ["版权 影", "版权 影子", "版权 影子圖", "版权 影子圖書館"]
    results = [s.search(q) for q in typed]
    asked = s.words.queries
    assert asked >= 1 and len(whoosh_queries) == asked  # only for 版权, once
    assert set(names(results[0])) == {"shadow.md", "chips.md"}  # 不影响
    assert [names(r) for r in results[1:]] == [["shadow.md"]] * 3
    s.search("版权 影子圖書館 ")  # the word is finished: now whoosh answers it too
    assert s.words.queries > asked


def test_the_command_line_sends_every_word_to_whoosh(searcher, whoosh_queries) -> None:
    s = fresh(searcher)
    s.search("版权 影子", typing=False)
    assert ("body", "影子") in set().union(*map(terms, whoosh_queries))


def test_words_jieba_cuts_otherwise_are_still_found(searcher) -> None:
    # The text has 图书馆 as one word: whoosh has no 图书 there; the substring scan finds it.
    s = fresh(searcher)
    assert names(s.search("图书 ")) == ["shadow.md"]
    assert names(s.search("影子圖 ", typing=False)) == ["shadow.md"]


def test_title_hits_still_rank_first(searcher) -> None:
    assert names(fresh(searcher).search("版权 "))[0] == "shadow.md"


@pytest.mark.parametrize("query", ["entity:台积电 ", "entity:台積電 ", "entity:魏哲家 ", "实体:台積電 "])
def test_entity_field_in_either_script(searcher, whoosh_queries, query) -> None:
    result = fresh(searcher).search(query)
    assert names(result) == ["chips.md"]
    assert any(field == "entity" for q in whoosh_queries for field, _ in terms(q))


def test_entity_field_latin_any_case_and_highlighted(searcher) -> None:
    result = fresh(searcher).search("entity:anthropic ")
    assert names(result) == ["shadow.md"]
    hit = result.hits[0]
    body = ARTICLES["shadow.md"].split("---\n\n", 1)[1]
    assert [body[s:e] for s, e in hit.spans] == ["Anthropic"]


def test_entity_being_typed_matches_names_starting_so(searcher) -> None:
    assert names(fresh(searcher).search("entity:anthr")) == ["shadow.md"]


def test_entity_field_is_not_the_text(searcher) -> None:
    # 版權 is in the text of two articles but is no entity: the field finds neither...
    # ...unless no article has the name as an entity, when the name is looked for as text.
    s = fresh(searcher)
    assert names(s.search('entity:"Claude Opus 4"')) == ["shadow.md"]
    assert set(names(s.search("entity:版权 "))) == {"shadow.md", "chips.md"}


def test_without_the_word_index_the_scan_answers(searcher) -> None:
    scan_only = Searcher(searcher.corpus)
    assert names(scan_only.search("title:版权 ")) == ["shadow.md"]
    assert names(scan_only.search("entity:台積電 ")) == ["chips.md"]
    assert scan_only.words.queries == 0


def test_search_library_uses_the_word_index(tmp_path) -> None:
    (tmp_path / "a.md").write_text(ARTICLES["chips.md"], encoding="utf-8")
    assert [h.path.split("/")[-1] for h in search_library(tmp_path, "entity:台积电").hits] == ["a.md"]


def test_query_words_are_cut_by_the_index_vocabulary_without_jieba(searcher, monkeypatch) -> None:
    from reader.search import analysis

    def no_jieba(text):
        raise AssertionError("the segmenter was asked")

    monkeypatch.setattr(analysis, "words", no_jieba)
    s = fresh(searcher)
    assert names(s.search("影子图书馆 ", typing=False)) == ["shadow.md"]
    assert names(s.search('"claude opus 4" 台积电董事长 -晶片股', typing=False)) == []
    assert names(s.search('"claude opus 4"', typing=False)) == ["shadow.md"]
    assert s.words.queries >= 3


def test_the_entity_analyzer_finds_names_in_text_or_takes_them_one_a_line() -> None:
    from reader.search.analysis import FIND_NAMES, name_analyzer

    found = [t.text for t in name_analyzer()(FIND_NAMES + "台積電董事長魏哲家說，Anthropic 也來了。")]
    assert "台积电" in found and "anthropic" in found
    assert [t.text for t in name_analyzer()("台積電\nAndrea  Bartz\n")] == ["台积电", "andrea bartz"]


def test_prefetch_readies_the_word_being_typed(searcher) -> None:
    s = fresh(searcher)
    s.prefetch("版权 影子圖書館")
    asked = s.words.queries
    assert asked >= 1
    assert names(s.search("版权 影子圖書館 ")) == ["shadow.md"]
    # Only 版权 (and its regional forms): the last word was ready.
    assert s.words.queries == asked + 1 + len(regional_variants("版权"))
    s.prefetch('"Claude Opus')  # a phrase being typed, a field, nonsense: never raise
    s.prefetch("title:")
    s.prefetch("")


# --- a word index in trouble ---------------------------------------------------------------

QUERIES = ["版权 ", "title:版权 ", '"Claude Opus 4"', "entity:台积电 ", "版权 -專利 影子"]


@pytest.fixture
def own_index(make_library):
    """A word index this test may damage, with a searcher already holding it open."""
    index = LibraryIndex(make_library(ARTICLES))
    index.update()
    searcher = Searcher.for_index(index)
    searcher.warm_up()
    yield searcher
    index.close()


def scan_answers(searcher: Searcher) -> list[list[str]]:
    scan_only = Searcher(searcher.corpus)
    return [names(scan_only.search(q)) for q in QUERIES]


def test_a_word_index_removed_under_an_open_searcher_leaves_the_scan(own_index) -> None:
    # Another reader rebuilding the index empties its folder first.
    import shutil

    shutil.rmtree(own_index.index.directory)
    assert [names(own_index.search(q)) for q in QUERIES] == scan_answers(own_index)
    assert own_index.words.queries == 0


def test_a_table_of_contents_that_does_not_unpickle_leaves_the_scan(own_index, make_library, monkeypatch) -> None:
    # Another version of reader wrote the next generation: its analyzers are elsewhere.
    import whoosh.index

    class Elsewhere:
        @staticmethod
        def loads(data):
            raise ModuleNotFoundError("No module named 'reader.analysis'")

    (own_index.index.folder / "new.md").write_text("新文章\n\n版權的發展。\n", encoding="utf-8")
    LibraryIndex(own_index.index.folder).update()
    monkeypatch.setattr(whoosh.index, "pickle", Elsewhere)
    assert [names(own_index.search(q)) for q in QUERIES] == scan_answers(own_index)
    assert own_index.words.queries == 0


@pytest.mark.parametrize("damage", [
    struct.error("unpack requires a buffer of 4 bytes"),  # a truncated file
    EOFError(),
    zlib.error("Error -3 while decompressing data: incorrect data check"),  # flipped bits
    Exception("Block tag error b'\\x00\\x00\\x00\\x00'"),  # zeros over a postings block
    FileNotFoundError(2, "No such file or directory"),  # a segment merged away
    EmptyIndexError("Index 'articles' does not exist"),
], ids=lambda e: type(e).__name__)
def test_a_damaged_word_index_leaves_the_scan(own_index, monkeypatch, damage: Exception) -> None:
    def damaged(self, q, *args, **kwargs):
        raise damage

    monkeypatch.setattr(WhooshSearcher, "search", damaged)
    assert [names(own_index.search(q)) for q in QUERIES] == scan_answers(own_index)


@pytest.mark.parametrize("where", ["cutting words", "searching", "opening"])
def test_a_bug_is_logged_and_raised_not_taken_for_damage(own_index, monkeypatch, caplog, where: str) -> None:
    from whoosh.filedb.filestore import FileStorage

    from reader.search import words

    def bug(*args, **kwargs):
        raise TypeError("a bug")

    searcher = own_index
    if where == "cutting words":
        monkeypatch.setattr(words, "query_words", bug)
    elif where == "searching":
        monkeypatch.setattr(WhooshSearcher, "search", bug)
    else:
        index = LibraryIndex(own_index.index.folder)
        assert index.load()
        searcher = Searcher.for_index(index)  # its word index is not open yet
        monkeypatch.setattr(FileStorage, "open_index", bug)
    with pytest.raises(TypeError, match="a bug"):
        searcher.search("版权 ")
    logged = [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r.name for r in logged] == ["reader.search.words"] and logged[0].exc_info is not None


def test_a_one_off_search_reads_only_the_paths_whoosh_found(tmp_path, monkeypatch) -> None:
    """Without warm_up (the command line), a query reads the stored path of the documents it
    found, not of every document, and ranks exactly as a warmed-up searcher does."""
    from whoosh.codec.whoosh3 import W3PerDocReader

    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for i in range(20):
        (tmp_path / f"filler-{i}.md").write_text(f"# 天氣 {i}\n\n今天天氣晴朗，氣溫{i}度。\n", encoding="utf-8")
    index = LibraryIndex(tmp_path)
    index.update()
    read: list[int] = []
    real = W3PerDocReader.stored_fields

    def spy(self, docnum):
        read.append(docnum)
        return real(self, docnum)

    monkeypatch.setattr(W3PerDocReader, "stored_fields", spy)
    try:
        one_off = Searcher.for_index(index).search("晶片", 10, typing=False)
        assert [hit.path for hit in one_off.hits] == [str(tmp_path / "chips.md")]
        assert len(read) == 1
        warmed = Searcher.for_index(index)
        warmed.warm_up()
        for query in ("晶片", "版權 -專利", "天氣", "Opus"):
            lazy = Searcher.for_index(index).search(query, 50, typing=False)
            assert [(h.path, h.score) for h in lazy.hits] == [
                (h.path, h.score) for h in warmed.search(query, 50, typing=False).hits
            ]
            assert lazy.total == len(lazy.hits) > 0
    finally:
        index.close()
