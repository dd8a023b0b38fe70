"""Entities the rules and the model layer add: names with no title before them, transliterated
names, weekdays, approximate amounts; what must stay unmarked; `reader entities` on several
files; the quick path never loading the model."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.entities import extract_entities, model
from reader.entities.candidates import P_TITLE_NAME, Candidate
from reader.entities.extraction import EntityExtractor
from reader.entities.layers import repeats
from reader.entities.passage import Passage, Token, fold_width
from reader.text import normalize


def found(text: str) -> set[tuple[str, str]]:
    return {(span.text, span.type) for span in extract_entities(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("會議定於下週一舉行，報名截至星期六。", {("下週一", "date"), ("星期六", "date")}),
        ("会议定于下周一举行，报名截至星期六。", {("下周一", "date"), ("星期六", "date")}),
        ("展覽本週六開幕。", {("本週六", "date")}),
        ("1月至10月的出口增加，10月1日至8日放假。", {("1月至10月", "date"), ("10月1日至8日", "date")}),
    ],
)
def test_weekdays_and_date_ranges(text: str, expected: set[tuple[str, str]]) -> None:
    assert {x for x in found(text) if x[1] == "date"} == expected


@pytest.mark.parametrize("text", ["他每個星期六都去爬山。", "每周三班直航。", "這個週末天氣好。"])
def test_recurring_days_are_no_date(text: str) -> None:
    assert not {x for x in found(text) if x[1] == "date"}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("工程花了七百多萬港元。", "七百多萬港元"),
        ("一碗才兩百多元。", "兩百多元"),
        ("一串二三十块，很便宜。", "二三十块"),
        ("门票8块钱。", "8块钱"),
    ],
)
def test_approximate_amounts(text: str, amount: str) -> None:
    assert (amount, "money") in found(text)


def test_one_piece_is_no_money() -> None:
    assert not {x for x in found("他買了一块地。") if x[1] == "money"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("江泽民会见了来访的客人。", "江泽民"),  # frequent in the dictionary: a famous name still
        ("张伟明说，这项工程明年完工。", "张伟明"),  # no title before it
        ("法国总理奥尔布赖特昨天抵达。", "奥尔布赖特"),  # transliterated
        ("泰勒·布鲁克斯表示不会参选。", "泰勒·布鲁克斯"),  # with a dot
    ],
)
def test_names_with_no_title_before_them(text: str, name: str) -> None:
    assert (name, "person") in found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("晚上去吃了兰州拉面。", "兰州"),
        ("晚餐是台南牛肉湯。", "台南"),
        ("新市鎮的人口增加了。", "新市鎮"),
        ("爐內溫度達到攝氏數百度。", "百度"),
    ],
)
def test_not_marked(text: str, word: str) -> None:
    assert not any(text_ == word for text_, _ in found(text))


def test_repeats_do_not_depend_on_the_hash_seed() -> None:
    # "東林" was found as an org at 0 and as a place at 5; at 9 both repeat candidates
    # compete at equal priority and length, and the first one found by context must come first.
    text = "東林說了。東林好。東林"
    passage = Passage(normalize(text), fold_width(text), [Token(i, i + 1, ch) for i, ch in enumerate(normalize(text))])
    org, place = Candidate(0, 2, "org", P_TITLE_NAME, "title"), Candidate(5, 7, "place", P_TITLE_NAME, "title")
    at_nine = [c.type for c in repeats.find(passage, [org, place]) if c.start == 9]
    assert at_nine == ["org", "place"]
    at_nine = [c.type for c in repeats.find(passage, [place, org]) if c.start == 9]
    assert at_nine == ["place", "org"]


def test_quick_extraction_never_loads_the_model(monkeypatch) -> None:
    def refuse() -> None:
        raise AssertionError("the quick path loaded the model")

    monkeypatch.setattr(model, "shared", refuse)
    spans = EntityExtractor().extract("張伟明說，台北市政府明天公布。", quick=True)
    assert ("台北市政府", "org") in {(s.text, s.type) for s in spans}


def test_full_extraction_without_the_model_still_works(monkeypatch) -> None:
    monkeypatch.setattr(model, "shared", lambda: None)
    spans = EntityExtractor().extract("董事長魏哲家表示，營收約3,357億元新台幣。")
    assert {("魏哲家", "person"), ("約3,357億元新台幣", "money")} <= {(s.text, s.type) for s in spans}


def test_model_offsets_index_the_text() -> None:
    tagger = model.shared()
    assert tagger is not None
    text = "国务院总理李鹏今天在北京会见了客人。\n\n张三在上海市工作"
    words = tagger.tag(text)
    assert "".join(text[w.start : w.end] for w in words) == text.replace("\n", "")
    assert {(text[w.start : w.end], w.tag) for w in words} >= {("李鹏", "PER"), ("北京", "LOC"), ("上海市", "LOC")}


# --- CLI ---------------------------------------------------------------------------------------------


def test_cli_several_files_json(tmp_path, capsys) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("台積電董事長魏哲家表示", encoding="utf-8")
    b.write_text("2025年9月5日", encoding="utf-8")
    assert main(["entities", str(a), str(b), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["path"] for i in items] == [str(a), str(b)]
    assert ("魏哲家", "person") in {(e["text"], e["type"]) for e in items[0]["entities"]}
    assert items[1]["entities"] == [{"text": "2025年9月5日", "type": "date", "start": 0, "end": 9}]


def test_cli_several_files_one_unreadable(tmp_path, capsys) -> None:
    a = tmp_path / "a.txt"
    a.write_text("2025年9月5日", encoding="utf-8")
    assert main(["entities", str(tmp_path / "missing.txt"), str(a)]) == 1
    out, err = capsys.readouterr()
    assert "cannot read" in err and "missing.txt" in err
    assert f"{a}:" in out and "2025年9月5日" in out


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("中国队在尤伯杯决赛中落败。", "尤伯"),  # a cup named after someone
        ("院藏的明代永樂、宣德青花。", "宣德"),  # reign titles: an era
        ("受訪的通勤族表示滿意。", "通勤族"),
    ],
)
def test_names_inside_other_words_are_not_people(text: str, word: str) -> None:
    assert not any(t == word for t, _ in found(text))


def test_teams_and_public_bodies_after_a_place() -> None:
    spans = found("印尼女队与中国女队之间展开决赛。美国财政部昨天宣布。")
    assert {("印尼女队", "org"), ("中国女队", "org"), ("美国财政部", "org")} <= spans


def test_two_countries_before_a_word_of_relations() -> None:
    assert {("中", "place"), ("美", "place")} <= found("中美关系持续改善。")


def test_a_model_number_after_a_maker_is_a_product() -> None:
    spans = found("台積電今年為高通X2代工，營收2025年創新高。")
    assert {("台積電", "org"), ("高通", "org"), ("X2", "product")} <= spans
    assert not any(kind == "product" and text.startswith("2025") for text, kind in spans)
