"""Entity extraction: each rule and type in both scripts, offsets, the user dictionary, the CLI."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import entities
from reader.cli import main
from reader.entities import EntitySpan, extract_entities, group_entities
from reader.entities.gazetteer import parse_dictionary, shipped_entries
from reader.text import normalize


def found(text: str) -> set[tuple[str, str]]:
    return {(span.text, span.type) for span in extract_entities(text)}


def assert_offsets(text: str) -> list[EntitySpan]:
    spans = list(extract_entities(text))
    for span in spans:
        assert text[span.start : span.end] == span.text
    ends = [0]
    for span in spans:  # sorted, never overlapping
        assert span.start >= ends[-1]
        ends.append(span.end)
    return spans


# --- rules -----------------------------------------------------------------------------------

MONEY = [
    ("同意支付至少15億美元和解", "15億美元"),
    ("同意支付至少15亿美元和解", "15亿美元"),
    ("每部作品平均可獲得約3,000美元", "約3,000美元"),
    ("每部作品平均可获得约3,000美元", "约3,000美元"),
    ("產值有機會達到1.5兆元新台幣，比去年多", "1.5兆元新台幣"),
    ("合併營收約3,357億元新台幣", "約3,357億元新台幣"),
    ("總經費逾新台幣1,100億元", "逾新台幣1,100億元"),
    ("估算成本則超過港幣600億元", "超過港幣600億元"),
    ("估算成本则超过港币600亿元", "超过港币600亿元"),
    ("門票每張港幣85元起", "港幣85元"),
    ("額外注資逾2億港幣", "逾2億港幣"),
    ("投入計劃3,800億元人民幣", "3,800億元人民幣"),
    ("完成3,000万人民币的A轮融资", "3,000万人民币"),
    ("資本支出維持在400億至420億美元區間", "400億至420億美元"),
    ("股價收在1,210元，市值逼近31.4兆元新台幣", "1,210元"),
    ("涉案金额高达数百万元", "数百万元"),
    ("近1,000萬美元的訂單", "近1,000萬美元"),
    ("the deal is worth US$1.5 billion", "US$1.5 billion"),
]


@pytest.mark.parametrize("text, money", MONEY)
def test_money(text: str, money: str) -> None:
    assert (money, "money") in found(text)


def test_money_qualifier_is_not_part_of_a_verb() -> None:
    assert ("31.4兆元新台幣", "money") in found("單一個股市值逼近31.4兆元新台幣")


@pytest.mark.parametrize("text", ["2019年元旦放假", "加入多元化的團隊", "元素週期表", "共有3,000人參加"])
def test_not_money(text: str) -> None:
    assert not any(kind == "money" for _, kind in found(text))


PERCENT = [
    ("年增34.1%，連續成長", "34.1%"),
    ("年增近30％，官員坦言", "30％"),
    ("年增近３０％", "３０％"),
    ("增加約12.5%", "12.5%"),
    ("年增百分之二十五", "百分之二十五"),
    ("提供约百分之三十的算力", "百分之三十"),
    ("出口年增逾七成", "七成"),
    ("全年營收將成長三成以上", "三成"),
    ("超过六成场次的门票售罄", "六成"),
]


@pytest.mark.parametrize("text, percent", PERCENT)
def test_percent(text: str, percent: str) -> None:
    assert (percent, "percent") in found(text)


@pytest.mark.parametrize("text", ["一成不變的生活", "牛排要五成熟", "他完成了工作", "成為第三成員"])
def test_not_percent(text: str) -> None:
    assert not any(kind == "percent" for _, kind in found(text))


DATES = [
    ("於2025年9月4日提交文件", "2025年9月4日"),
    ("比2019年成長超過十倍", "2019年"),
    ("法院預計於9月8日召開聽證會", "9月8日"),
    ("法院预计于9月8日召开听证会", "9月8日"),
    ("《基本法》已於２０２５年８月通過", "２０２５年８月"),
    ("國科會１２日在台北召開記者會", "１２日"),
    ("整體完工時間預計落在2030年代初期", "2030年代"),
    ("今年6月曾作出裁定", "6月"),
    ("十四世紀起，青花瓷大量外銷", "十四世紀"),
    ("date: 2025-09-06", "2025-09-06"),
]


@pytest.mark.parametrize("text, date", DATES)
def test_dates(text: str, date: str) -> None:
    assert (date, "date") in found(text)


@pytest.mark.parametrize("text", ["連續22個月正成長", "累計前8個月出口", "目標在４年內培育人才", "13号线北延段"])
def test_not_dates(text: str) -> None:
    assert not any(kind == "date" for _, kind in found(text))


@pytest.mark.parametrize(
    "text, tag",
    [
        ("#人工智慧 #著作權", "#人工智慧"),
        ("#人工智能 #大模型", "#大模型"),
        ("微博話題 #台股#今天大漲", "#台股#"),
        ("結尾 #iPhone17", "#iPhone17"),
        ("全形 ＃科技政策", "＃科技政策"),
    ],
)
def test_hashtags(text: str, tag: str) -> None:
    assert (tag, "hashtag") in found(text)


@pytest.mark.parametrize("text", ["用 C# 寫程式", "第#1名", "網址 https://example.com/#section"])
def test_not_hashtags(text: str) -> None:
    assert not any(kind == "hashtag" for _, kind in found(text))


# --- Latin names -----------------------------------------------------------------------------

LATIN = [
    ("由小說家 Andrea Bartz 提起", "Andrea Bartz", "person"),
    ("非虛構作家 Kirk Wallace Johnson 於去年", "Kirk Wallace Johnson", "person"),
    ("策展人 Pieter van der Meer 專程來台", "Pieter van der Meer", "person"),
    ("由南韓導演 Kim Ji-woo 擔任", "Kim Ji-woo", "person"),
    ("從 Pirate Library Mirror 下載", "Pirate Library Mirror", "org"),
    ("比前一代 Claude Sonnet 3.7 更嚴格", "Claude Sonnet 3.7", "product"),
    ("比前一代 Claude Sonnet 3.7 更严格", "Claude Sonnet 3.7", "product"),
    ("在8月7日發表 GPT-5 時", "GPT-5", "product"),
    ("发布通义千问旗舰模型 Qwen3-Max。", "Qwen3-Max", "product"),
    ("8月发布 DeepSeek-V3.1，字节跳动", "DeepSeek-V3.1", "product"),
    ("以 Meta 的 Llama 3.1 為基礎", "Llama 3.1", "product"),
    ("發表 iPhone 17 系列", "iPhone 17", "product"),
    ("搭載 A19 晶片", "A19", "product"),
    ("英伟达 H20 芯片", "H20", "product"),
    ("由義大利 Hitachi Rail 團隊提供", "Hitachi Rail", "org"),
    ("OpenAI、Meta 與 Microsoft 等公司", "Microsoft", "org"),
    ("以 Apple Pay、Google Pay 刷卡進站", "Google Pay", "product"),
]


@pytest.mark.parametrize("text, name, kind", LATIN)
def test_latin_names(text: str, name: str, kind: str) -> None:
    assert (name, kind) in found(text)


def test_a_latin_surname_alone_is_the_same_person() -> None:
    text = "承審法官 William Alsup 今年作出裁定。Alsup 法官先前曾提出疑問。"
    assert [s.text for s in extract_entities(text) if s.type == "person"] == ["William Alsup", "Alsup"]


@pytest.mark.parametrize(
    "text",
    [
        "以 Open Data 方式釋出",
        "內部的「負責任擴展政策」（Responsible Scaling Policy）",
        "《人工智慧法》（EU AI Act）",
        "手機掃描 QR Code 即可",
        "屬於合理使用（fair use）",
        "「ASL-3」標準",
    ],
)
def test_latin_words_that_are_not_names(text: str) -> None:
    assert not found(text)


def test_latin_names_need_word_boundaries() -> None:
    assert found("Metadata 不是 Meta") == {("Meta", "org")}


def test_latin_names_match_case_sensitively() -> None:
    assert ("Apple", "org") in found("蘋果（Apple）於台灣時間")
    assert not found("an apple a day")


# --- Chinese names -----------------------------------------------------------------------------

NAMES = [
    ("台積電董事長魏哲家日前表示", [("台積電", "org"), ("魏哲家", "person")]),
    ("台积电董事长魏哲家日前表示", [("台积电", "org"), ("魏哲家", "person")]),
    ("財政部統計處副處長黃淑芬指出", [("財政部統計處", "org"), ("黃淑芬", "person")]),
    ("财政部统计处副处长黄淑芬指出", [("财政部统计处", "org"), ("黄淑芬", "person")]),
    ("深圳一家初創公司創始人陳靜告訴記者", [("深圳", "place"), ("陳靜", "person")]),
    ("上海一所高校人工智能研究院的刘洋教授认为", [("上海", "place"), ("刘洋", "person")]),
    ("輝達（NVIDIA）執行長黃仁勳（Jensen Huang）", [("輝達", "org"), ("NVIDIA", "org"), ("黃仁勳", "person"), ("Jensen Huang", "person")]),
    ("港鐵公司昨日向立法會交通事務委員會匯報", [("港鐵公司", "org"), ("立法會交通事務委員會", "org")]),
    ("港铁公司昨日向立法会交通事务委员会汇报", [("港铁公司", "org"), ("立法会交通事务委员会", "org")]),
    ("中央研究院經濟研究所研究員王志偉表示", [("中央研究院經濟研究所", "org"), ("王志偉", "person")]),
    ("古洞站位於東鐵綫上水站與落馬洲站之間", [("古洞站", "place"), ("東鐵綫", "place"), ("上水站", "place"), ("落馬洲站", "place")]),
    ("深江铁路、深大城际等重大项目", [("深江铁路", "place"), ("深大城际", "place")]),
    ("其中13号线北延段连通了南山科技园", [("13号线", "place"), ("南山科技园", "place")]),
    ("捷運萬大—中和—樹林線第一期", [("萬大—中和—樹林線", "place")]),
    ("阿里巴巴旗下阿里雲正式發布通義千問", [("阿里巴巴", "org"), ("阿里雲", "org"), ("通義千問", "product")]),
    ("深圳地铁已全面支持深圳通、银联闪付以及微信、支付宝", [("深圳地铁", "org"), ("深圳通", "product"), ("银联闪付", "product"), ("微信", "product"), ("支付宝", "product")]),
    ("委託工業技術研究院成立「可信任ＡＩ評測中心」", [("工業技術研究院", "org"), ("可信任ＡＩ評測中心", "org")]),
    ("國科會推動的「可信任ＡＩ對話引擎」TAIDE 計畫", [("國科會", "org"), ("可信任ＡＩ對話引擎", "product"), ("TAIDE", "product")]),
    ("美國政府此前放寬了出口限制", [("美國政府", "org")]),
    ("在上海展覽中心落下帷幕", [("上海展覽中心", "place")]),
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) >= set(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("第二十二屆香港亞洲電影節昨晚揭幕", set()),  # an event's name is not a place
        ("開幕電影《深水埗之夜》由新晉導演執導", set()),  # nor is a film title
        ("美國人工智慧新創公司 Anthropic", {("美國", "place"), ("Anthropic", "org")}),
        ("東莞松山湖附近", {("東莞", "place"), ("松山湖", "place")}),
        ("住在古洞附近村屋的陳先生說", {("古洞", "place")}),  # 陳先生 has no name
    ],
)
def test_names_exactly(text: str, expected: set[tuple[str, str]]) -> None:
    assert found(text) == expected


COMMON_WORDS = ["封鎖", "卓越", "高昂", "法律顧問", "嚴格遵守", "封锁", "法律顾问", "严格遵守", "於", "後", "陳情", "高峰", "洪水"]


@pytest.mark.parametrize(
    "text",
    [
        "政府宣布封鎖邊境，防疫措施持續。",
        "他的表現卓越，成本卻相當高昂。",
        "公司的法律顧問表示，將嚴格遵守規定。",
        "政府宣布封锁边境，成本相当高昂，公司的法律顾问表示将严格遵守规定。",
        "寫信向主管陳情等較合乎倫理的方式。",
        "早高峰的平均候車時間下降，洪水過後於是重建。",
    ],
)
def test_common_words_are_never_entities(text: str) -> None:
    assert not {name for name, _ in found(text)} & set(COMMON_WORDS)


def test_common_words_in_the_samples_are_never_entities(samples) -> None:
    from reader.library import open_library

    library = open_library(samples)
    for info in library.articles:
        names = {span.text for span in extract_entities(library.load(info).body)}
        assert not names & set(COMMON_WORDS), info.path


# --- offsets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Anthropic 於2025年9月5日同意支付15億美元。",
        "🎉Anthropic🎉於2025年9月5日😀同意支付15億美元😀 #AI安全🔥",
        "ＡＩ公司ＯｐｅｎＡＩ與台積電，年增３０％，#全形標籤",
        "𠀀𠀁台積電𠀂 Claude Opus 4😀黃仁勳表示",
        "\n\n台北\t\t台北\r\n台北  ",
        "Claude Opus 4 與 Claude Sonnet 4",
    ],
)
def test_offsets_round_trip(text: str) -> None:
    spans = assert_offsets(text)
    assert spans


def test_offsets_index_the_article_body(samples) -> None:
    from reader.library import open_library

    library = open_library(samples)
    for info in library.articles:
        body = library.load(info).body
        assert_offsets(body)


def test_spans_are_the_same_in_both_scripts() -> None:
    from reader.text import opencc_converter

    traditional = "財政部統計處副處長黃淑芬指出，對美國出口金額已連續數月超越中國大陸與香港。"
    simplified = opencc_converter("t2s").convert(traditional)
    assert [(s.type, s.start, s.end) for s in extract_entities(traditional)] == [
        (s.type, s.start, s.end) for s in extract_entities(simplified)
    ]


def test_empty_and_entity_free_text() -> None:
    assert extract_entities("") == ()
    assert extract_entities("今天天氣很好，我們去散步。") == ()


# --- resolution ------------------------------------------------------------------------------------


def test_overlaps_go_to_the_stronger_layer_then_the_longer_span_then_the_earlier() -> None:
    from reader.entities.candidates import P_GAZETTEER, P_POS, P_USER, Candidate
    from reader.entities.resolution import resolve

    weak_long = Candidate(0, 6, "org", P_POS, "pos")
    strong_short = Candidate(2, 4, "person", P_USER, "user")
    long = Candidate(6, 10, "place", P_GAZETTEER, "gazetteer")
    short = Candidate(8, 10, "org", P_GAZETTEER, "gazetteer")
    first = Candidate(10, 12, "place", P_GAZETTEER, "gazetteer")
    second = Candidate(11, 13, "place", P_GAZETTEER, "gazetteer")
    outside = Candidate(12, 20, "place", P_USER, "user")
    chosen = resolve([weak_long, short, long, second, first, strong_short, outside], 14)
    assert chosen == [strong_short, long, first]


# --- groups, cache ------------------------------------------------------------------------------------


def test_group_entities_merges_scripts_and_counts() -> None:
    spans = extract_entities("台北和臺北都是台北。台積電在新竹，台積電也在台南。")
    groups = group_entities(spans)
    assert list(groups) == ["org", "place"]
    assert [(g.text, g.count) for g in groups["place"]] == [("台北", 3), ("新竹", 1), ("台南", 1)]
    assert groups["org"][0].count == 2


def test_results_are_cached_by_content(monkeypatch) -> None:
    text = "台積電董事長魏哲家表示"
    first = extract_entities(text)
    calls = []
    ex = entities.extractor()
    monkeypatch.setattr(ex, "extract", lambda t, **options: calls.append(t) or [])
    assert extract_entities(text) is first
    assert extract_entities(text + "。") == ()
    assert calls == [text + "。"]


# --- dictionaries ------------------------------------------------------------------------------------


def test_shipped_gazetteer_parses_and_has_both_kinds_of_names() -> None:
    entries = shipped_entries()
    assert len(entries) > 1000
    assert {"person", "org", "place", "product"} == {e.type for e in entries}
    # Both scripts' vocabularies, where they differ: 輝達 (Taiwan) and 英偉達 (mainland).
    names = {normalize(e.name) for e in entries}
    assert {"辉达", "英伟达", "台积电", "特区政府"} <= names


def test_parse_dictionary_reports_bad_lines() -> None:
    entries, problems = parse_dictionary(
        "# comment\n林美玲\tperson\nPirate Library Mirror org\n卓越\tnone\n沒有類型\n台北\tcity\n\n",
        allow_suppress=True,
    )
    assert [(e.name, e.type) for e in entries] == [("林美玲", "person"), ("Pirate Library Mirror", "org"), ("卓越", "none")]
    assert [p.line for p in problems] == [5, 6]
    assert "unknown type 'city'" in str(problems[1])


def write_user_dictionary(reader_home, text: str):
    from reader.entities.gazetteer import user_dictionary_path

    path = user_dictionary_path()
    path.write_text(text, encoding="utf-8")
    return path


def test_user_dictionary_adds_names_in_both_scripts(reader_home) -> None:
    text = "青花東渡特展由許雅雯策劃，Acme Widgets 也參與。"
    assert ("青花東渡", "product") not in found(text)
    write_user_dictionary(reader_home, "青花东渡\tproduct\nAcme Widgets\torg\n")
    assert {("青花東渡", "product"), ("Acme Widgets", "org")} <= found(text)
    assert ("青花东渡", "product") in found("青花东渡特展")


def test_user_dictionary_none_suppresses_a_name(reader_home) -> None:
    assert ("台積電", "org") in found("台積電宣布")
    write_user_dictionary(reader_home, "台積電 none\n")
    assert ("台積電", "org") not in found("台積電宣布")


def test_user_dictionary_is_taught_to_the_segmenter(reader_home) -> None:
    from reader.text import normalize, segment

    write_user_dictionary(reader_home, "萬華里長會\torg\n")
    extract_entities("萬華里長會")
    assert "万华里长会" in list(segment.tokenizer().cut(normalize("今天萬華里長會開會")))


def test_user_dictionary_template_is_created_on_request(reader_home) -> None:
    from reader.entities.gazetteer import load_user_dictionary

    user = load_user_dictionary(create=True)
    assert user.path.exists() and user.entries == () and user.problems == ()
    assert "NAME<TAB>TYPE" in user.path.read_text(encoding="utf-8")


# --- CLI ---------------------------------------------------------------------------------------------


def test_cli_json_offsets_index_the_decoded_file(tmp_path, capsys) -> None:
    text = "---\ntitle: 台積電\n---\n\n台積電董事長魏哲家表示，營收約3,357億元新台幣。😀 #台股\n"
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("utf-16"))
    assert main(["entities", str(path), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    from reader.text.decode import decode_bytes

    decoded = decode_bytes(path.read_bytes()).text
    assert items and all(decoded[i["start"] : i["end"]] == i["text"] for i in items)
    assert {(i["text"], i["type"]) for i in items} >= {("魏哲家", "person"), ("約3,357億元新台幣", "money"), ("#台股", "hashtag")}
    assert set(items[0]) == {"text", "type", "start", "end"}


def test_cli_table(samples, capsys) -> None:
    assert main(["entities", str(samples / "06-claude-opus4-safety-tw.txt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["type", "text", "start", "end"]
    assert "Claude Sonnet 3.7" in out and "Dario Amodei" in out


def test_cli_unreadable_file_exits_1(tmp_path, capsys) -> None:
    assert main(["entities", str(tmp_path / "missing.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    assert main(["entities", str(binary)]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_cli_reports_bad_user_dictionary_lines(reader_home, tmp_path, capsys) -> None:
    write_user_dictionary(reader_home, "好名字\tperson\n壞行\n")
    path = tmp_path / "a.txt"
    path.write_text("好名字來了", encoding="utf-8")
    assert main(["entities", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "line 2" in err and ("好名字", "person") in {(i["text"], i["type"]) for i in json.loads(out)}


# --- any text ---------------------------------------------------------------------------------------
_PIECES = st.sampled_from(
    [
        "台積電", "臺北", "港鐵", "黃仁勳", "董事長", "表示", "，", "。", "「", "」", "《", "》", " ", "\n\n",
        "Claude", "Opus", "4", "3.7", "GPT-5", "Andrea", "Bartz", "van", "der", "#", "＃", "%", "％",
        "2025年", "9月", "4日", "約", "15", "億", "萬", "美元", "元", "新台幣", "百分之", "三", "成",
        "😀", "🎉", "𠀀", "Ａ", "ｉ", "—", "-", "站", "線", "局", "部", "公司", "的", "與",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=40).map("".join))
def test_any_text_gives_valid_spans(text: str) -> None:
    spans = entities.extractor().extract(text)
    end = 0
    for span in spans:
        assert text[span.start : span.end] == span.text and span.text
        assert span.start >= end and span.type in entities.ENTITY_TYPES
        end = span.end
