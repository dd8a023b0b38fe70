"""The corpus mirror: masks built in bulk as one by one, and updates that cost only what changed
while giving the same corpus as a build from scratch."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.search.corpus import (
    BULK_MIN,
    Corpus,
    CorpusEntry,
    IndexedArticle,
    _masks_in_bulk,
    _masks_one_by_one,
    pack_masks,
)
from reader.search.corpus_file import CORPUS_FILE, load_corpus, update_corpus
from reader.text import normalize

WORDS = ["台積電", "軟體", "人工智慧", "图书馆", "OpenAI", "GPT 4", "紐約", "经济", "ｆｕｌｌ", "三星", "版權", "新聞"]


def entry(number: int, rng: random.Random, *, edition: int = 0) -> CorpusEntry:
    body = "，".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30))) + f"。第{number}篇 {edition}\n第二段"
    title = f"{rng.choice(WORDS)} {number}"
    article = IndexedArticle(f"/lib/{number:04d}.md", len(body), 1000 + number + edition, title,
                             tags=(rng.choice(WORDS),), source=rng.choice(["联合报", None]),
                             date=f"2024-01-{number % 28 + 1:02d}", fingerprint=f"{number}-{edition}", chars=len(body))
    return CorpusEntry(article, body, normalize(body))


def same(a: Corpus, b: Corpus) -> None:
    """Two corpora that search alike: slots, texts, masks and Latin postings."""
    assert [x.path for x in a.articles] == [x.path for x in b.articles]
    assert a.articles == b.articles and (a.titles, a.tags, a.sources) == (b.titles, b.tags, b.sources)
    for slot in range(len(a)):
        assert (a.norm(slot), a.original(slot)) == (b.norm(slot), b.original(slot))
        assert a.norm_texts.get(slot) == b.norm_texts.get(slot)
    assert a.masks.all() == b.masks.all()
    assert a.title_masks.all() == b.title_masks.all()
    assert {w: sorted(s) for w, s in a.latin.items()} == {w: sorted(s) for w, s in b.latin.items()}


def test_masks_in_bulk_are_the_masks_one_by_one() -> None:
    rng = random.Random(3)
    texts = ["".join(rng.choice("台積電軟體ab c\n１２é\U00020000\ud800") for _ in range(rng.randint(0, 40)))
             for _ in range(BULK_MIN + 77)]
    assert _masks_in_bulk(texts) == pack_masks(_masks_one_by_one(texts), len(texts))


@pytest.mark.parametrize("changes", ["one changed", "one new", "one gone", "a few of each", "many gone", "nothing"])
def test_an_update_gives_the_corpus_a_build_gives(tmp_path: Path, changes: str) -> None:
    rng = random.Random(7)
    entries = [entry(n, rng) for n in range(40)]
    old = update_corpus(Corpus.empty(), {e.article.path: e for e in entries}, (), generation=1, skipped={},
                        directory=tmp_path)
    order = [a.path for a in old.articles]
    fresh: dict[str, CorpusEntry] = {}
    gone: list[str] = []
    if changes in ("one changed", "a few of each"):
        for n in (3, 17)[: 1 if changes == "one changed" else 2]:
            fresh[f"/lib/{n:04d}.md"] = entry(n, random.Random(n), edition=1)
    if changes in ("one new", "a few of each"):
        for n in (40, 41)[: 1 if changes == "one new" else 2]:
            fresh[f"/lib/{n:04d}.md"] = entry(n, rng)
    if changes == "many gone":
        gone = order[1:30:2]  # runs of survivors enough for the long way round
    if changes in ("one gone", "a few of each"):
        gone = [p for p in (order[0], order[9], order[10], order[-1]) if p not in fresh][: 1 if changes == "one gone" else 4]
    texts_before = old.texts_file
    updated = update_corpus(old, fresh, gone, generation=2, skipped={}, directory=tmp_path)

    kept = [fresh.get(p) or old.entry(old.by_path[p]) for p in order if p not in gone]
    new = sorted((e for p, e in fresh.items() if p not in old.by_path), key=lambda e: e.article.path)
    new.sort(key=lambda e: e.article.date or "", reverse=True)
    same(updated, Corpus.build(kept + new))
    same(updated, load_corpus(tmp_path / CORPUS_FILE))  # as another process reads it
    assert updated.generation == 2
    # Only the changed articles' texts were written: appended to the same file.
    assert updated.texts_file.name == texts_before.name
    written = sum(len(e.norm.encode()) + len(e.body.encode()) for e in fresh.values())
    assert updated.texts_file.size == texts_before.size + written


def test_a_texts_file_mostly_unused_is_written_anew(tmp_path: Path) -> None:
    rng = random.Random(11)
    entries = {e.article.path: e for e in (entry(n, rng) for n in range(12))}
    corpus = update_corpus(Corpus.empty(), entries, (), generation=1, skipped={}, directory=tmp_path)
    first = corpus.texts_file.name
    for round_ in range(1, 4):  # every article changed, three times over
        changed = {p: entry(int(p[5:9]), random.Random(round_), edition=round_) for p in entries}
        corpus = update_corpus(corpus, changed, (), generation=1 + round_, skipped={}, directory=tmp_path)
        same(corpus, Corpus.build([changed[a.path] for a in corpus.articles]))
    assert corpus.texts_file.name != first
    assert [p.name for p in tmp_path.glob("corpus-texts-*.bin")] == [corpus.texts_file.name]
    assert (tmp_path / corpus.texts_file.name).stat().st_size == corpus.texts_file.size


def test_a_corpus_whose_texts_file_is_missing_or_short_does_not_load(tmp_path: Path) -> None:
    rng = random.Random(5)
    corpus = update_corpus(Corpus.empty(), {e.article.path: e for e in (entry(n, rng) for n in range(5))}, (),
                           generation=1, skipped={}, directory=tmp_path)
    texts = tmp_path / corpus.texts_file.name
    data = texts.read_bytes()
    texts.write_bytes(data[:-10])
    assert load_corpus(tmp_path / CORPUS_FILE) is None
    texts.unlink()
    assert load_corpus(tmp_path / CORPUS_FILE) is None


def test_the_bodies_decoded_are_passed_on_by_an_update(tmp_path: Path) -> None:
    rng = random.Random(2)
    entries = {e.article.path: e for e in (entry(n, rng) for n in range(6))}
    corpus = update_corpus(Corpus.empty(), entries, (), generation=1, skipped={}, directory=tmp_path)
    assert corpus.decoded is not None  # a fresh build had every text at hand
    changed = entry(2, rng, edition=1)
    again = update_corpus(corpus, {changed.article.path: changed}, (), generation=2, skipped={}, directory=tmp_path)
    assert again.decoded is not None and again.decoded[again.by_path[changed.article.path]] == changed.norm
    assert again.decoded == [again.norm_texts.get(s) for s in range(len(again))]


def test_an_update_of_a_live_library_decodes_no_body_again(tmp_path: Path) -> None:
    """The bodies the searcher decoded pass to the corpus of each update (a live library's
    change at 10,000 articles decoded 15 M characters again, and held them twice meanwhile)."""
    from reader.search.index import LibraryIndex

    library = tmp_path / "library"
    library.mkdir()
    for n in range(5):
        (library / f"{n}.md").write_text(f"# 文章 {n}\n\n台積電第{n}篇。\n", encoding="utf-8")
    LibraryIndex(library).update()
    searching = LibraryIndex(library)
    assert searching.load()
    bodies = searching.corpus.bodies
    again = LibraryIndex(library)  # as the app's next update opens it
    assert again.load()
    again.corpus.adopt_bodies(searching.corpus)
    assert again.corpus.decoded is bodies
    (library / "2.md").write_text("# 文章 2\n\n改過了：三星。\n", encoding="utf-8")
    assert again.update().changed == 1
    decoded = again.corpus.decoded
    assert decoded is not None and decoded[0] is bodies[0] and "三星" in decoded[again.corpus.by_path[str(library / "2.md")]]
    assert decoded == [again.corpus.norm_texts.get(s) for s in range(len(again.corpus))]
    stale = LibraryIndex(library)
    assert stale.load()
    stale.corpus.adopt_bodies(searching.corpus)  # another state of the corpus: not taken
    assert stale.corpus.decoded is None


@pytest.mark.parametrize("text", ["gpt 4 和 openai-o3", "ｆｕｌｌ width：abc１２３", "Upper 不算 abc", "é café naïve", "\ud800x9", ""])
def test_latin_words_are_the_regex_matches(text: str) -> None:
    from reader.search.corpus import LATIN_WORD_RE, latin_words

    assert latin_words(text) == set(LATIN_WORD_RE.findall(text))


@pytest.mark.parametrize("size", [40, BULK_MIN + 10])
def test_a_corpus_held_in_memory_is_the_corpus_written(tmp_path: Path, size: int) -> None:
    """Made as it is (no header written and read back), it searches as the one on disk; and
    written from memory, it is that corpus on disk."""
    rng = random.Random(5)
    entries = {e.article.path: e for e in (entry(n, rng) for n in range(size))}
    skipped = {"/lib/bad.md": (3, 4, "empty")}
    held = update_corpus(Corpus.empty(), entries, (), generation=-1, skipped=dict(skipped), directory=None)
    written = update_corpus(Corpus.empty(), entries, (), generation=-1, skipped=dict(skipped), directory=tmp_path)
    same(held, written)
    assert (held.generation, held.skipped, held.bodies) == (written.generation, written.skipped, written.bodies)
    saved = update_corpus(held, {}, (), generation=3, skipped=dict(skipped), directory=tmp_path / "later")
    same(saved, load_corpus(tmp_path / "later" / CORPUS_FILE))
    same(saved, written)
    assert saved.generation == 3 and saved.skipped == skipped


@pytest.mark.parametrize("literal", ["台积电", "软体", "图书", "openai", "gpt 4", "第1篇", "。第", "\n第二", "\U00020000", "x"])
def test_the_bodies_searched_in_their_bytes_hold_what_the_decoded_ones_do(tmp_path: Path, literal: str) -> None:
    rng = random.Random(11)
    entries = [entry(n, rng) for n in range(30)]
    entries.append(CorpusEntry(IndexedArticle("/lib/odd.md", 9, 1, "odd", chars=9), "𠀀x台", normalize("𠀀x台")))
    built = update_corpus(Corpus.empty(), {e.article.path: e for e in entries}, (), generation=1, skipped={},
                          directory=tmp_path)
    loaded = load_corpus(tmp_path / CORPUS_FILE)
    assert loaded is not None and loaded.decoded is None  # the texts stay in the file's map
    slots = list(range(len(loaded)))[::-1]
    expected = [normalize(literal) in built.norm(s) for s in slots]
    assert loaded.norms_holding(normalize(literal), slots) == expected == built.norms_holding(normalize(literal), slots)
    assert loaded.decoded is None  # nothing was decoded to answer
