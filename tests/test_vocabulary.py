"""The vocabulary table: kept atomically under a lock, one item per word, exported for Anki."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.store.tables import StoreError
from reader.store.vocabulary import Vocabulary, export, sentence_around, to_anki

TEXT = "央行週四宣布降息。「銀行放款將增加。」分析師表示，市場反應平淡"


def add_bank(vocabulary: Vocabulary, **extra):
    fields = {
        "simplified": "银行",
        "traditional": "銀行",
        "pinyin": "yín háng",
        "meaning": "bank",
        "sentence": "「銀行放款將增加。」",
        "path": "/library/news.md",
        "title": "央行降息",
    }
    fields.update(extra)
    return vocabulary.add("銀行", **fields)


def test_add_list_and_reload(tmp_path):
    path = tmp_path / "vocabulary.json"
    vocabulary = Vocabulary(path)
    item, added = add_bank(vocabulary)
    assert added and len(vocabulary) == 1
    again = Vocabulary(path)
    [kept] = again.all()
    assert kept == item
    assert kept.source == "央行降息"
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == "vocabulary" and document["version"] == 1


def test_a_word_is_kept_once_in_either_script(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.json")
    first, _ = add_bank(vocabulary)
    second, added = vocabulary.add("银行", simplified="银行", traditional="銀行", pinyin="yín háng")
    assert not added and second == first and len(vocabulary) == 1
    assert vocabulary.has("银行", "银行", "銀行")
    assert vocabulary.find("銀行") == first


def test_two_traditional_words_with_one_simplified_form_are_two_words(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.json")
    vocabulary.add("乾", simplified="干", traditional="乾")
    _, added = vocabulary.add("幹", simplified="干", traditional="幹")
    assert added and len(vocabulary) == 2


def test_two_processes_merge_their_words(tmp_path):
    path = tmp_path / "v.json"
    one, two = Vocabulary(path), Vocabulary(path)
    add_bank(one)
    two.add("降息", simplified="降息", traditional="降息", meaning="to cut interest rates")
    assert {item.word for item in two.all()} == {"銀行", "降息"}
    one.reload()
    assert len(one) == 2


def test_remove_and_undo(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.json")
    item, _ = add_bank(vocabulary)
    assert vocabulary.remove(item.id) == item and len(vocabulary) == 0
    vocabulary.restore(item)
    assert Vocabulary(tmp_path / "v.json").all() == [item]


def test_newest_first(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.json")
    add_bank(vocabulary)
    vocabulary.add("市場")
    assert [item.word for item in vocabulary.all()] == ["市場", "銀行"]


def test_a_corrupt_file_is_kept_aside_and_reported(tmp_path):
    path = tmp_path / "vocabulary.json"
    path.write_text("{not json", "utf-8")
    vocabulary = Vocabulary(path)
    assert len(vocabulary) == 0
    [problem] = vocabulary.take_problems()
    assert "kept as vocabulary.json.corrupt-" in problem.message
    assert list(tmp_path.glob("vocabulary.json.corrupt-*"))
    add_bank(vocabulary)
    assert len(Vocabulary(path)) == 1


def test_damaged_items_are_skipped_and_reported(tmp_path):
    path = tmp_path / "vocabulary.json"
    good = {"id": "a1", "word": "銀行", "added": "2026-01-01T00:00:00+00:00"}
    data = {"words": {"a1": good, "b2": {"id": "b2", "word": ""}, "c3": "garbage"}}
    path.write_text(json.dumps({"format": "vocabulary", "version": 1, "data": data}), "utf-8")
    vocabulary = Vocabulary(path)
    assert [item.word for item in vocabulary.all()] == ["銀行"]
    assert "2 damaged words ignored" in vocabulary.take_problems()[0].message


def test_a_newer_file_is_not_saved_over(tmp_path):
    path = tmp_path / "vocabulary.json"
    path.write_text(json.dumps({"format": "vocabulary", "version": 99, "data": {"words": {}}}), "utf-8")
    vocabulary = Vocabulary(path)
    with pytest.raises(StoreError, match="newer reader"):
        add_bank(vocabulary)
    assert json.loads(path.read_text("utf-8"))["version"] == 99


def test_an_empty_word_is_refused(tmp_path):
    with pytest.raises(ValueError):
        Vocabulary(tmp_path / "v.json").add("  ")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("銀行", "「銀行放款將增加。」"),
        ("央行", "央行週四宣布降息。"),
        ("市場", "分析師表示，市場反應平淡"),
    ],
)
def test_sentence_around_a_word(word, expected):
    start = TEXT.index(word)
    assert sentence_around(TEXT, start, start + len(word)) == expected


def test_a_long_sentence_is_cut_around_the_word():
    text = "甲" * 300 + "銀行" + "乙" * 300 + "。"
    start = text.index("銀行")
    sentence = sentence_around(text, start, start + 2, limit=40)
    assert "銀行" in sentence and len(sentence) <= 40


def test_anki_export_is_tab_separated_notes(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.json")
    add_bank(vocabulary, meaning="bank\tfinance", sentence="line one\nline two")
    lines = to_anki(vocabulary.all()).splitlines()
    assert lines[:3] == ["#separator:tab", "#html:false", "#columns:Word\tPinyin\tMeaning\tSentence\tSource"]
    assert lines[3].split("\t") == ["銀行", "yín háng", "bank finance", "line one line two", "央行降息"]


def test_csv_and_markdown_export(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.json")
    add_bank(vocabulary, meaning="bank, [money] *house*")
    rows = list(csv.reader(io.StringIO(export(vocabulary.all(), "csv"))))
    assert rows[0][:5] == ["word", "simplified", "traditional", "pinyin", "meaning"]
    assert rows[1][:5] == ["銀行", "银行", "銀行", "yín háng", "bank, [money] *house*"]
    markdown = export(vocabulary.all(), "md")
    assert markdown.startswith("# Vocabulary\n")
    assert "- **銀行 (银行)** yín háng — bank, \\[money\\] \\*house\\*" in markdown
    with pytest.raises(ValueError, match="unknown format"):
        export([], "pdf")
