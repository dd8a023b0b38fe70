"""How the model's names and the rules' names are merged: whole organisations over the places
inside them, the model's word on common words, context cues for people."""

from __future__ import annotations

import pytest

from reader.entities import extract_entities


def found(text: str) -> set[tuple[str, str]]:
    return {(span.text, span.type) for span in extract_entities(text)}


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("西安电影制片厂厂长张丕民介绍，新片明年上映。", "西安电影制片厂"),
        ("长沙市芙蓉区人民法院开庭审理了此案。", "长沙市芙蓉区人民法院"),
        ("在G组的比赛中，哥伦比亚队以1比0击败对手。", "哥伦比亚队"),
    ],
)
def test_a_whole_organisation_wins_over_the_places_inside_it(text: str, org: str) -> None:
    names = found(text)
    assert (org, "org") in names
    assert not {n for n, kind in names if kind == "place" and n in org}


@pytest.mark.parametrize(
    ("text", "place", "org"),
    [
        ("美國人工智慧公司 Anthropic 表示將上訴。", "美國", "Anthropic"),
        ("她說，「美國法院把這種使用視為合理使用」。", "美國", None),
        ("展品也向日本九州國立博物館借展。", "日本", "九州國立博物館"),
    ],
)
def test_a_place_before_a_description_or_a_known_organisation_stays_a_place(text: str, place: str, org: str | None) -> None:
    names = found(text)
    assert (place, "place") in names
    if org is not None:
        assert (org, "org") in names


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("中国的统一是全中国人民的愿望。", "统一"),
        ("全县建成10万亩红富士苹果基地。", "苹果"),
        ("明天部分地区有阵雨或雷阵雨。", "雷阵雨"),
        ("企业须申领出口许可证。", "许可证"),
    ],
)
def test_everyday_words_the_model_reads_as_words_are_not_marked(text: str, word: str) -> None:
    assert not {n for n, _ in found(text) if n == word}


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("蘋果（Apple）傳出好消息。", "蘋果"),
        ("小米手机和联想电脑都在降价。", "小米"),
        ("联想集团昨天公布财报。", "联想集团"),
    ],
)
def test_a_listed_company_named_by_an_everyday_word_stands_where_the_text_names_it(text: str, org: str) -> None:
    assert (org, "org") in found(text)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("谈到禁毒合作时，罗干说，合作进行得很好。", "罗干"),
        ("法国总理若斯潘在记者招待会上评论此事。", "若斯潘"),
        ("若斯潘总理周二晚表示，政府不会让步。", "若斯潘"),
        ("阿尔维斯告诉我，巴西的农民很辛苦。", "阿尔维斯"),
    ],
)
def test_context_cues_make_a_dictionary_name_a_person(text: str, person: str) -> None:
    assert (person, "person") in found(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("玛格丽特·里德说，这是她第一次来。", "里德"),
        ("他指着满满一柜子的英文书说，离开时很不舍。", "英文书"),
    ],
)
def test_a_cue_does_not_cut_a_name_out_of_a_longer_one_or_make_a_word_a_person(text: str, fragment: str) -> None:
    assert (fragment, "person") not in found(text)


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("市委书记张敬涛召集会议。", "市委"),
        ("栾城县委决定今年修路。", "栾城县委"),
        ("近日，中共河北省委副书记赵世居来校。", "中共河北省委"),
        ("在共青团衡阳市委的安排下，两校结对。", "共青团衡阳市委"),
        ("她被团县委评为十佳青年。", "团县委"),
    ],
)
def test_party_committees_are_organisations(text: str, org: str) -> None:
    assert (org, "org") in found(text)


@pytest.mark.parametrize("text", ["他委托律师办理。", "县委员会明天开会。"])
def test_committee_words_inside_other_words_are_not_committees(text: str) -> None:
    assert not {n for n, kind in found(text) if kind == "org"}


def test_a_newspapers_title_names_it_and_other_titles_name_nothing() -> None:
    names = found("据《费加罗报》报道，《人工智慧基本法》草案与《调查报告》都已公布。")
    assert ("费加罗报", "org") in names
    assert not {n for n, _ in names if "基本法" in n or "报告" in n}


@pytest.mark.parametrize(
    ("text", "place", "whole"),
    [
        ("动荡将危及亚洲地区的经济复苏。", "亚洲", "亚洲地区"),
        ("青藏高原东部有雨。", "青藏高原", "青藏高原东部"),
        ("包括泰国在内的亚洲各国股市下跌。", "亚洲", "亚洲各国"),
    ],
)
def test_a_place_loses_a_generic_tail(text: str, place: str, whole: str) -> None:
    names = found(text)
    assert (place, "place") in names
    assert (whole, "place") not in names


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("会议在南非港口城市德班举行。", "港口城市"),
        ("推进沿海地区开发。", "沿海地区"),
        ("闻喜、绛县等沿河六县的领导到会。", "六县"),
        ("闻喜、绛县等沿河六县的领导到会。", "沿河"),
    ],
)
def test_generic_places_and_counts_of_places_are_not_marked(text: str, word: str) -> None:
    assert not {n for n, _ in found(text) if word in n}


def test_two_countries_in_one_word_are_two_places() -> None:
    names = [(span.text, span.type) for span in extract_entities("谈到中美在禁毒方面的合作时，他很乐观。")]
    assert names.count(("中", "place")) == 1
    assert names.count(("美", "place")) == 1


@pytest.mark.parametrize(
    ("text", "person", "wrong"),
    [
        ("美国副国务卿托马斯·皮克林2日说，美国将增加援助。", "托马斯·皮克林", "卿托马斯·皮克林"),
        ("为此，穆萨敦促以色列政府立即停止。", "穆萨", "穆萨敦"),
        ("东条英机自忖罪责难逃。", "东条英机", "东条英"),
        ("季红真指出拉美文学的独特。", "季红真", "季红"),
        ("国际事务委员会主席卢金也警告议员们。", "卢金", "卢金也"),
    ],
)
def test_a_persons_name_keeps_to_word_edges(text: str, person: str, wrong: str) -> None:
    names = found(text)
    assert (person, "person") in names
    assert (wrong, "person") not in names


def test_a_verb_between_a_place_and_an_event_keeps_the_place() -> None:
    # 成都 + 集训备战 + 亚运会 is no event's name (香港亞洲電影節 is one).
    assert ("成都", "place") in found("集训队目前正在上海和成都集训备战亚运会。")


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("他仍兼任全国人大常委会秘书长。", "全国人大常委会"),
        ("中共中央统战部部长王兆国出席。", "中共中央统战部"),
        ("国务院港澳办副主任刘名出席。", "国务院港澳办"),
        ("允许联合国难民署等人道主义组织进入。", "联合国难民署"),
        ("包括省委宣传部一名副部长。", "省委宣传部"),
    ],
)
def test_a_unit_after_a_body_is_part_of_its_name(text: str, org: str) -> None:
    assert (org, "org") in found(text)


def test_a_bodys_name_does_not_grow_across_a_title_and_a_person() -> None:
    names = found("中共中央统战部部长王兆国及国务院港澳办副主任刘名出席。")
    assert ("王兆国", "person") in names
    assert not {n for n, kind in names if kind == "org" and "王兆国" in n}


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("高通驍龍8 Gen 3處理器效能提升。", "驍龍8 Gen 3"),
        ("華為麒麟9020晶片量產。", "麒麟9020"),
        ("特斯拉Model Y在台銷量大增。", "Model Y"),
        ("蘋果Vision Pro開賣。", "Vision Pro"),
    ],
)
def test_a_model_after_its_maker_is_a_product(text: str, product: str) -> None:
    assert (product, "product") in found(text)


@pytest.mark.parametrize("text", ["台積電第三代3奈米製程量產。", "三星第2季營收創新高。"])
def test_a_count_after_a_maker_is_no_product_and_no_person(text: str) -> None:
    assert not {n for n, kind in found(text) if kind in ("product", "person")}


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("比賽在台北大巨蛋舉行。", "台北大巨蛋"),
        ("啟德體育園今年開幕。", "啟德體育園"),
        ("他抵達桃園國際機場。", "桃園國際機場"),
    ],
)
def test_a_venue_is_not_cut_down_to_its_city(text: str, venue: str) -> None:
    assert (venue, "place") in found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("这项业务有两个特点：服务范围广、技术发展快。", "范围广"),
        ("小女孩望着胸前金光灿灿的奖章。", "金光灿灿"),
    ],
)
def test_everyday_words_are_no_people(text: str, word: str) -> None:
    assert (word, "person") not in found(text)


def test_a_name_starting_with_a_place_word_is_still_a_name() -> None:
    assert ("王国庆", "person") in found("王国庆表示，明天出发。")


@pytest.mark.parametrize(("text", "product"), [("华为发布鸿蒙5.0操作系统。", "鸿蒙5.0"), ("百度文心一言4.5上线。", "文心一言4.5")])
def test_a_version_after_a_product_is_part_of_its_name(text: str, product: str) -> None:
    assert (product, "product") in found(text)


def test_an_amount_after_a_product_is_no_version() -> None:
    names = found("豆包1.5元一次。")
    assert ("1.5元", "money") in names
    assert not {n for n, kind in names if kind == "product" and "1.5" in n}


def test_a_place_the_model_cuts_after_one_character_is_one_place() -> None:
    assert ("塔科马市", "place") in found("本报讯美国西北部塔科马市最近开始")
