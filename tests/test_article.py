"""Loading one article: encodings, front matter, titles, hashtags, paragraphs, hygiene."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library.article import ArticleError, load_article, opening_clause, parse_article, split_paragraphs
from reader.text import sanitize
from reader.text.decode import UndecodableError, decode_bytes

TW = "人工智慧公司 Anthropic 同意支付15億美元，和解美國作家集體訴訟。法官表示，這是著作權史上金額最高的和解案之一，影響深遠。"
CN = "国家互联网信息办公室发布新规，要求人工智能生成的内容必须添加显式标识。业内人士认为，这将推动行业规范发展。"


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TW.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TW.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TW.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TW.encode("utf-16-be"), "utf-16-be"),
        (CN.encode("gb18030"), "gb18030"),
        (CN.encode("gbk"), "gb18030"),
        (TW.encode("big5"), "big5hkscs"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030", "gbk", "big5"],
)
def test_decodes_each_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text in (TW, CN)


@pytest.mark.parametrize(
    "text",
    ["著作權法修正案", "台北捷運新線通車", "版權", "香港電影節", "半導體出口創新高"],
)
def test_short_big5_is_not_mistaken_for_gb18030(text: str) -> None:
    # Short Big5 files also decode as GB18030 into plausible-looking garbage.
    assert decode_bytes(text.encode("big5")).text == text


@pytest.mark.parametrize("text", ["著作权法修正案", "深圳地铁新线开通", "版权", "芯片股走强"])
def test_short_gbk_is_not_mistaken_for_big5(text: str) -> None:
    assert decode_bytes(text.encode("gbk")).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_and_empty_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(UndecodableError, match=reason):
        decode_bytes(data)


def test_load_article_reports_binary_file(tmp_path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    with pytest.raises(ArticleError, match="binary"):
        load_article(path)


# --- front matter --------------------------------------------------------------------------


def test_front_matter_fields() -> None:
    text = (
        "---\ntitle: Anthropic 和解案\ndate: 2025-09-05\nsource: 中央社\n"
        "url: https://example.com/a\ntags: [人工智慧, '#著作權']\n---\n" + TW
    )
    article = parse_article("a.md", text)
    assert article.title == "Anthropic 和解案"
    assert article.info.date == "2025-09-05"
    assert article.info.source == "中央社"
    assert article.url == "https://example.com/a"
    assert article.tags == ("人工智慧", "著作權")
    assert article.body == TW
    assert article.info.warnings == ()


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("2025-09-04", "2025-09-04"), ("'2025/9/4'", "2025-09-04"), ("2025年9月4日", "2025-09-04"),
     ("2025-09-04T08:30:00", "2025-09-04")],
)
def test_front_matter_dates(raw: str, iso: str) -> None:
    assert parse_article("a.md", f"---\ndate: {raw}\n---\n{TW}").info.date == iso


def test_tags_as_a_string() -> None:
    article = parse_article("a.md", f"---\ntags: 人工智慧, 著作權、AI\n---\n{TW}")
    assert article.tags == ("人工智慧", "著作權", "AI")


def test_broken_front_matter_still_loads_the_body() -> None:
    text = "---\ntitle: [unclosed\ndate: : :\n---\n" + TW
    article = parse_article("a.md", text)
    assert article.body == TW
    assert any("not valid YAML" in w for w in article.info.warnings)


def test_unclosed_front_matter_is_reported_and_shown() -> None:
    article = parse_article("a.md", "---\ntitle: x\n\n" + TW)
    assert any("closing" in w for w in article.info.warnings)
    assert TW in article.body


def test_front_matter_that_is_not_a_mapping() -> None:
    article = parse_article("a.md", "---\n- a\n- b\n---\n" + TW)
    assert any("mapping" in w for w in article.info.warnings)
    assert article.body == TW


def test_bad_date_is_reported() -> None:
    article = parse_article("a.md", "---\ndate: someday\n---\n" + TW)
    assert article.info.date is None
    assert any("not a date" in w for w in article.info.warnings)


# --- titles --------------------------------------------------------------------------------


def test_title_from_markdown_heading() -> None:
    article = parse_article("a.md", f"# 故宮南院推出亞洲瓷器特展\n\n{TW}")
    assert article.title == "故宮南院推出亞洲瓷器特展"
    assert article.body == TW


def test_title_from_short_first_line() -> None:
    article = parse_article("a.txt", f"捷運萬大線啟動測試\n\n{TW}")
    assert article.title == "捷運萬大線啟動測試"
    assert article.paragraphs == (TW,)


def test_title_from_opening_clause() -> None:
    article = parse_article("a.txt", TW)
    assert article.title == "人工智慧公司 Anthropic 同意支付15億美元"
    assert article.body == TW


def test_long_opening_clause_is_trimmed() -> None:
    title = opening_clause("這是一個非常非常長而且沒有任何標點符號的開頭句子用來測試標題截斷的效果是否正確")
    assert title.endswith("…") and len(title) <= 32


# --- hashtags and paragraphs ---------------------------------------------------------------


def test_trailing_hashtag_line_becomes_tags() -> None:
    article = parse_article("a.txt", f"標題\n\n{TW}\n\n#人工智慧 #AI安全 #著作權\n")
    assert article.tags == ("人工智慧", "AI安全", "著作權")
    assert "#" not in article.body


def test_hashtags_at_the_end_of_a_single_line_article() -> None:
    article = parse_article("a.txt", f"{TW} {CN} #人工智能 #AI生成内容")
    assert article.tags == ("人工智能", "AI生成内容")
    assert article.body.endswith("发展。")


def test_hash_inside_text_is_not_a_tag() -> None:
    article = parse_article("a.txt", "標題\n\n他用 C# 寫程式，也寫 F#")
    assert article.tags == ()
    assert article.body.endswith("F#")


def test_pasted_web_article_is_split_into_paragraphs() -> None:
    line = "第一段說明事件經過。 第二段引述官員說法。 第三段補充背景資料。"
    assert split_paragraphs(line) == ["第一段說明事件經過。", "第二段引述官員說法。", "第三段補充背景資料。"]


def test_hard_wrapped_lines_are_joined() -> None:
    text = "人工智慧公司今天宣布\n新的模型，並表示將開源。\nClaude Opus\n4 is here."
    assert split_paragraphs(text) == ["人工智慧公司今天宣布新的模型，並表示將開源。", "Claude Opus 4 is here."]


def test_blank_lines_separate_paragraphs_and_indent_is_dropped() -> None:
    assert split_paragraphs("　　第一段。\n\n\n　　第二段。") == ["第一段。", "第二段。"]


def test_article_without_text_is_refused() -> None:
    with pytest.raises(ArticleError):
        parse_article("a.md", "---\ntitle: x\n---\n\n#只有標籤\n")


# --- hygiene -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b]52;c;aGVsbG8=\x07b", "ab"),  # OSC 52 clipboard write
        ("a\x1b]0;title\x1b\\b", "ab"),  # OSC 0 window title, ST-terminated
        ("a\x1b[2Jb\x1b[31mc", "abc"),  # CSI clear screen, colour
        ("a\x07b\x00c\x08d", "abcd"),  # BEL, NUL, BS
        ("a\x9b31mb\x85c", "abc"),  # C1 CSI, NEL
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\tkept\nnewline", "tab\tkept\nnewline"),
        ("\u202eevil\u202c", "evil"),
    ],
)
def test_sanitize_strips_controls(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


def test_controls_are_stripped_on_load(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("標題\x1b[2J\n\n" + TW + "\x1b]52;c;ZXZpbA==\x07").encode("utf-8"))
    article = load_article(path)
    assert article.title == "標題"
    assert "\x1b" not in article.body and "ZXZpbA" not in article.body


def test_markup_is_kept_as_text() -> None:
    article = parse_article("a.txt", "標題\n\n陣列[i]與[bold]粗體[/bold]、[@click=app.quit]按我[/]。")
    assert article.body == "陣列[i]與[bold]粗體[/bold]、[@click=app.quit]按我[/]。"


def test_offsets_of_paragraphs() -> None:
    article = parse_article("a.txt", "標題\n\n一二三。\n\n四五。")
    starts = article.paragraph_starts()
    assert [article.body[s : s + len(p)] for s, p in zip(starts, article.paragraphs)] == list(article.paragraphs)


def test_utf16_without_bom() -> None:
    text = "Claude Opus 4 發布 release notes\n"
    assert decode_bytes(text.encode("utf-16-le")).text == text


def test_nul_patterned_binary_is_not_utf16() -> None:
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(b"\x00\xff" * 100)


# --- hostile front matter (values PyYAML cannot build, bombs) ---------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2024-13-45", None), ("2024-02-30", None), ("2001-12-14t21:59:43.10-99:99", "2001-12-14")],
)
def test_impossible_front_matter_date_keeps_the_article(value: str, iso: str | None) -> None:
    article = parse_article("a.md", f"---\ntitle: 壞日期\ndate: {value}\n---\n正文一段。")
    assert article.title == "壞日期"
    assert article.info.date == iso
    if iso is None:
        assert any("not a date" in warning for warning in article.info.warnings)


def test_huge_integer_in_front_matter_keeps_the_article() -> None:
    digits = "9" * 5000
    article = parse_article("a.md", f"---\ntitle: 大數\nsource: {digits}\ntags: [{digits}, 台灣]\n---\n正文。")
    assert article.title == "大數"
    assert "台灣" in article.tags
    assert article.paragraphs == ("正文。",)


def _laughs(levels: int = 9, key: str = "tags") -> str:
    lines = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for level in range(1, levels):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    lines.append(f"{key}: *{chr(ord('a') + levels - 1)}")
    return "---\ntitle: 炸彈\n" + "\n".join(lines) + "\n---\n正文照樣顯示。"


@pytest.mark.parametrize("key", ["tags", "date", "source"])
def test_yaml_alias_bomb_is_refused_quickly(key: str) -> None:
    import time

    started = time.perf_counter()
    article = parse_article("bomb.md", _laughs(key=key))
    assert time.perf_counter() - started < 2.0
    assert article.paragraphs == ("正文照樣顯示。",)
    assert article.tags == ()
    assert article.title == "炸彈"  # the keys that load on their own are kept
    assert any("alias" in warning and key in warning for warning in article.info.warnings)


def test_deeply_nested_front_matter_is_refused() -> None:
    import time

    for nested in ("[" * 5000 + "]" * 5000, "".join(f"[{i}, {{a: " for i in range(400)) + "}]" * 400):
        started = time.perf_counter()
        article = parse_article("deep.md", f"---\ntitle: 深\ndate: 2024-01-02\ntags: {nested}\n---\n正文。")
        assert time.perf_counter() - started < 2.0
        assert article.paragraphs == ("正文。",)
        assert (article.title, article.info.date, article.tags) == ("深", "2024-01-02", ())
        assert any("nested" in warning and "tags" in warning for warning in article.info.warnings)
    quoted = parse_article("q.md", '---\ntitle: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[標題"\n---\n正文。')
    assert quoted.title == "[" * 36 + "標題" and quoted.info.warnings == ()


def test_oversized_front_matter_is_ignored_with_a_warning() -> None:
    filler = "\n".join(f"k{i}: {'字' * 60}" for i in range(2000))
    article = parse_article("big.md", f"---\ntitle: 大\n{filler}\n---\n正文。")
    assert article.paragraphs == ("正文。",)
    assert any("front matter" in warning and "KB" in warning for warning in article.info.warnings)


# --- minor hostile text (issue: OSC, garbage fallbacks, UTF-16 without BOM) ---------------


def test_an_unterminated_osc_does_not_swallow_the_article() -> None:
    text = "第一段有 \x1b]0;標題沒有結束\n第二段。\n\n第三段也在。"
    clean = sanitize(text)
    assert "\x1b" not in clean
    assert "第二段。" in clean and "第三段也在。" in clean
    assert sanitize("前\x1b]52;c;Y3VybA==\x07後") == "前後"  # a terminated one goes whole
    assert sanitize("前\x9d0;標題") == "前0;標題"
    article = parse_article("osc.md", "# 標題\n\n開頭\x1b]8;;http://x\n" + "後文。\n\n" * 50)
    assert len(article.paragraphs) == 50  # the first line joins the next (hard-wrapped text)
    assert article.paragraphs[0] == "開頭8;;http://x後文。"


@pytest.mark.parametrize("data", [b"\xa4" * 101, b"\xa4\xa4\xa4\n" * 20, b"\xa4" * 7 + b"\n" + b"\xa4" * 9])
def test_repeated_high_bytes_are_not_shown_as_some_code_page(data: bytes) -> None:
    with pytest.raises(UndecodableError):
        decode_bytes(data)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [TW, TW + "\n\n第二段，2025年。", "中文內容沒有任何半形字元但是很長的一段新聞報導正文"])
def test_chinese_utf16_without_bom(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


def _paragraphs_line_by_line(text: str) -> list[str]:
    """split_paragraphs as first written (every line through every regex): the reference."""
    import re

    from reader.library.article import _HEADING_RE, _JOINED_PARAGRAPH_RE, _LIST_ITEM_RE, _SENTENCE_END, _join_lines

    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\u3000]*\n", text):
        pending: list[str] = []
        for raw in block.split("\n"):
            line = raw.strip(" \t\u3000")
            if not line:
                continue
            heading = _HEADING_RE.match(line)
            if heading:
                line = heading.group(1)
            if pending and (heading or _LIST_ITEM_RE.match(raw)):
                paragraphs.append(_join_lines(pending))
                pending = []
            pending.append(line)
            if heading or line[-1] in _SENTENCE_END:
                paragraphs.append(_join_lines(pending))
                pending = []
        if pending:
            paragraphs.append(_join_lines(pending))
    return [part.strip() for p in paragraphs for part in _JOINED_PARAGRAPH_RE.split(p) if part.strip()]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["第一段", "。", "！", "」", "\n", "\n\n", " ", "  ", "\t", "\u3000", "\xa0", "#", "## ",
                                 "- ", "1. ", "（1）", "abc", "C#", "：", "\n \n", "…"]), max_size=30).map("".join))
def test_paragraphs_are_split_as_line_by_line(text: str) -> None:
    assert split_paragraphs(text) == _paragraphs_line_by_line(text)
