"""Firms named without 公司 and products named by a line or a maker and a model's code."""

from __future__ import annotations

import pytest

from reader.entities import extract_entities


def found(text: str) -> set[tuple[str, str]]:
    return {(span.text, span.type) for span in extract_entities(text)}


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("遠傳電信今天宣布漲價。", "遠傳電信"),
        ("亞太電信宣布與遠傳合併。", "亞太電信"),
        ("這輪由高瓴資本領投。", "高瓴資本"),
        ("日月光投控與客戶簽約。", "日月光投控"),
    ],
)
def test_a_firm_is_named_without_its_company_word(text: str, org: str) -> None:
    assert (org, "org") in found(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [("美國科技巨頭股價下跌。", "美國"), ("美國電信管理部門發布新規。", "美國")],
)
def test_a_place_before_a_trade_only_describes(text: str, place: str) -> None:
    spans = found(text)
    assert (place, "place") in spans
    assert not any(kind == "org" and text.startswith(place) for text, kind in spans)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("高通發表新款驍龍7s Gen 3晶片。", "驍龍7s Gen 3"),
        ("比亞迪旗下的海豹07銷量大增。", "海豹07"),
        ("新一代天璣9400晶片量產。", "天璣9400"),
        ("小米集團昨天發表小米15 Ultra。", "小米15 Ultra"),
        ("這款手機搭載自家A18 Pro晶片。", "A18 Pro"),
        ("英特尔的Gaudi芯片供不应求。", "Gaudi"),
    ],
)
def test_a_line_or_a_maker_and_a_code_name_a_product(text: str, product: str) -> None:
    assert (product, "product") in found(text)


def test_a_model_found_once_is_found_again() -> None:
    spans = extract_entities("聯發科推出天璣9400晶片。業界認為天璣9400的效能領先。")
    assert [s.text for s in spans if s.type == "product"] == ["天璣9400", "天璣9400"]


def test_a_maker_named_in_a_firms_name_and_a_letter_code_are_two_names() -> None:
    spans = found("理想汽車也推出理想L6。")
    assert {("理想汽車", "org"), ("理想", "org"), ("L6", "product")} <= spans


@pytest.mark.parametrize("text", ["他的目標是2030年達成。", "理想3號方案今天公布。", "台積電推出3奈米製程。", "華為推出5G手機。"])
def test_a_year_a_count_or_a_network_is_no_product(text: str) -> None:
    assert not {x for x in found(text) if x[1] == "product"}


def test_a_code_after_a_listed_product_line_is_part_of_its_name() -> None:
    assert ("昇騰910B", "product") in found("這批伺服器採用華為昇騰910B。")


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("八一隊主場逼平對手。", "八一隊"),
        ("樂天桃猿昨晚擊敗台鋼雄鷹。", "樂天桃猿"),
        ("食物環境衞生署今日公布結果。", "食物環境衞生署"),
        ("摩根大通上調目標價。", "摩根大通"),
    ],
)
def test_teams_bodies_and_banks_without_a_suffix_are_listed(text: str, org: str) -> None:
    assert (org, "org") in found(text)


def test_a_listed_firm_at_the_end_of_a_persons_name_is_not_marked() -> None:
    spans = found("研究室吴高盛认为，目前的制度需要修改。")
    assert ("高盛", "org") not in spans


def test_a_latin_short_form_in_brackets_names_the_same_organisation_everywhere() -> None:
    spans = extract_entities("金融監督管理委員會（FSC）今天開會。FSC主委表示，據FSC統計，FSCX不是它。")
    assert [(s.text, s.type) for s in spans if s.text.startswith("FSC")] == [("FSC", "org")] * 3


@pytest.mark.parametrize(
    ("text", "org"),
    [("國立清華大學資工系教授表示，", "國立清華大學資工系"), ("北京大学中文系主任认为，", "北京大学中文系")],
)
def test_a_schools_department_and_founder_are_part_of_its_name(text: str, org: str) -> None:
    assert (org, "org") in found(text)


def test_a_relation_after_a_school_is_no_department() -> None:
    assert ("北京大学", "org") in found("他在北京大学的关系很好。")


@pytest.mark.parametrize(
    ("text", "person"),
    [("首席策略師葉尚志說，股市會回穩。", "葉尚志"), ("火山引擎总裁谭待则在上海表示，", "谭待"), ("港隊主帥陳婉婷說，", "陳婉婷")],
)
def test_people_after_titles_of_markets_and_sports(text: str, person: str) -> None:
    assert (person, "person") in found(text)


def test_a_venue_named_as_a_main_stadium_is_one_place() -> None:
    assert ("啟德主場館", "place") in found("啟德主場館將於明年舉行國際賽事。")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("阿巴查从肖内坎领导的政府手中接管权力。", "肖内坎"),
        ("由7号穆勒头球破门。", "穆勒"),
        ("拉特纳亚克说，盈利水平下降。", "拉特纳亚克"),
        ("是难以避免的。陈和生说，磁铁很强。", "陈和生"),
    ],
)
def test_names_the_tagger_reads_and_the_checks_now_let_through(text: str, person: str) -> None:
    assert (person, "person") in found(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [("编队今天驶抵奥克兰港，开始访问。", "奥克兰港"), ("布宜诺斯艾利斯省的部分地区下雨。", "布宜诺斯艾利斯省")],
)
def test_a_listed_place_grows_into_the_place_word_it_starts(text: str, place: str) -> None:
    assert (place, "place") in found(text)


def test_a_listed_place_ending_where_a_word_starts_is_not_marked() -> None:
    assert not {x for x in found("金管局公布數碼港元的試驗結果。") if x[1] == "place"}


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("郑州铁路分局月山车站位于河南。", "郑州铁路分局"),
        ("法国世界杯组委会官员在巴黎宣布，", "法国世界杯组委会"),
        ("香港金融科技協會主席陳家樂提醒，", "香港金融科技協會"),
    ],
)
def test_bodies_named_for_a_place_an_event_or_a_trade(text: str, org: str) -> None:
    assert (org, "org") in found(text)


def test_a_league_inside_an_events_name_is_not_marked() -> None:
    assert not {x for x in found("中華職棒季後挑戰賽昨天開打。") if x[1] == "org"}


@pytest.mark.parametrize(
    ("text", "person"),
    [("新闻学院院长格雷特施莱格说，", "格雷特施莱格"), ("拉特纳亚克议长还向他介绍了情况。", "拉特纳亚克")],
)
def test_a_transliterated_name_the_tagger_cuts_is_one_name(text: str, person: str) -> None:
    spans = found(text)
    assert (person, "person") in spans
    assert [x for x in spans if x[1] == "person"] == [(person, "person")]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("尼日利亚队击败西班牙队", {"尼日利亚队", "西班牙队"}),
        ("与欧洲和南美球队相比，他们很强。", set()),
        ("我希望中国能派队参加比赛。", set()),
        ("他吃住在工地，今年的世博会主题定了。", set()),
    ],
)
def test_no_organisation_across_a_verb_of_a_regions_teams_or_an_event(text: str, orgs: set[str]) -> None:
    assert {t for t, kind in found(text) if kind == "org"} == orgs


@pytest.mark.parametrize(
    "text",
    ["纪念章托在手心，殷红得像一滴血。", "遇到海潮，牛群被冲散。", "二十三万多株苏铁纷纷开花。", "尿素每公斤提价1卢比。"],
)
def test_everyday_words_jieba_tags_as_names_are_no_people(text: str) -> None:
    assert not {x for x in found(text) if x[1] == "person"}


@pytest.mark.parametrize(("text", "person"), [("彭真同志仍当选为委员长。", "彭真"), ("去年，琼斯跑出了10秒76。", "琼斯")])
def test_a_dictionary_name_with_a_cue_or_transliterated_is_a_person(text: str, person: str) -> None:
    assert (person, "person") in found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("德國西門子公司表示，", {("德國", "place"), ("西門子公司", "org")}),
        ("美国国务院发言人说，", {("美国国务院", "org")}),
        ("他们抛售印度卢比，抢购美元。", {("印度", "place")}),
    ],
)
def test_a_place_before_a_listed_firm_or_a_currency_stands_alone(text: str, expected: set[tuple[str, str]]) -> None:
    assert {x for x in found(text) if x[1] in ("place", "org")} == expected


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("三星推出Galaxy Z Fold7摺疊手機。", "Galaxy Z Fold7"),
        ("升級後，Apple Watch Series 11也支援。", "Apple Watch Series 11"),
        ("微軟發表Surface Pro 11。", "Surface Pro 11"),
    ],
)
def test_a_listed_product_line_keeps_its_model_and_series(text: str, product: str) -> None:
    assert (product, "product") in found(text)


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("公平會與客委會發言人表示，", {"公平會", "客委會"}),
        ("聯合報與自由時報報導，", {"聯合報", "自由時報"}),
        ("理大、城大與浸大的研究顯示，", {"理大", "城大", "浸大"}),
        ("医院设在人民日报社院内。", {"人民日报社"}),
    ],
)
def test_commissions_media_and_universities_by_their_short_names(text: str, orgs: set[str]) -> None:
    assert orgs <= {t for t, kind in found(text) if kind == "org"}


@pytest.mark.parametrize(
    ("text", "orgs"),
    [("全台各地、雙北與中南部都下雨。", set()), ("由中央党校和国家行政学院共同组织。", {"中央党校", "国家行政学院"})],
)
def test_a_conjunction_or_a_direction_ends_an_organisations_name(text: str, orgs: set[str]) -> None:
    assert {t for t, kind in found(text) if kind == "org"} == orgs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新鴻基地產（新地）週一公布價單。新地副董事總經理表示，", {("新鴻基地產", "org"), ("新地", "org")}),
        ("中國銀行（香港）今日公布業績。", {("中國銀行", "org"), ("香港", "place")}),
        ("長實集團旗下的項目開售。", {("長實集團", "org")}),
        ("中原地產亞太區副主席表示，", {("中原地產", "org"), ("亞太區", "place")}),
        ("台灣民眾黨也不缺席。", {("台灣民眾黨", "org")}),
        ("中国篮球协会主席到场观战。", {("中国篮球协会", "org")}),
        ("咪咕视频和腾讯体育获得转播权。", {("咪咕视频", "org"), ("腾讯体育", "org")}),
    ],
)
def test_short_forms_firms_and_parties(text: str, expected: set[tuple[str, str]]) -> None:
    assert {x for x in found(text) if x[1] in ("org", "place")} == expected


@pytest.mark.parametrize("text", ["台北一家資安公司的研究員說，", "消費性電子同樣傳出好消息。", "北京首钢主场以87比79战胜对手。"])
def test_descriptions_kinds_of_goods_and_scores_are_no_names(text: str) -> None:
    spans = found(text)
    assert not {x for x in spans if x[1] == "product"}
    assert not {x for x in spans if x[1] == "org" and x[0] != "北京首钢"}


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("香港大學經濟及工商管理學院副教授認為，", {"香港大學經濟及工商管理學院"}),
        ("北京大学与清华大学的学者表示，", {"北京大学", "清华大学"}),
        ("小米集团股价今天上涨。", {"小米集团"}),
    ],
)
def test_a_schools_faculty_is_part_of_its_name_and_two_schools_are_two(text: str, orgs: set[str]) -> None:
    assert {t for t, kind in found(text) if kind == "org"} == orgs


@pytest.mark.parametrize(("text", "org"), [("市調機構Counterpoint指出，", "Counterpoint"), ("外資券商Jefferies認為，", "Jefferies")])
def test_a_capitalised_word_after_a_kind_of_organisation_names_one(text: str, org: str) -> None:
    assert (org, "org") in found(text)
