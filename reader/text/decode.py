"""Turning an article file's bytes into text: BOMs, UTF-8, GB18030/GBK and Big5, binary files."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from reader.text.han import is_han


class UndecodableError(ValueError):
    """The bytes are not text reader can show; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


# The most frequent characters of modern written Chinese (Simplified forms; their Traditional
# forms are added at first use). Used to tell GB18030 from Big5 when both decode cleanly:
# the wrong guess yields rare characters and symbols, the right one mostly common ones.
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两"
    "体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线"
    "内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见"
    "计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研门司记专南界济美务市场技术网"
    "络信息软智能公布报告表示投资金额亿万元美港币台湾香港北京上海深圳企业市场政策发展科技人工模型"
    "数据服务产品用户消费价格增长下降影响经济社会文化历史城市交通铁路地铁车站乘客公司集团股票银行"
    "教育大学研究学生老师医院健康安全法律法院诉讼作者版权出版图书馆博物馆电影音乐艺术展览活动计划"
    "项目系统平台媒体新闻记者采访表达认为指出强调希望需要可能已经目前今年去年明年日期时间问题方面"
)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    from reader.text import opencc_converter

    traditional = opencc_converter("s2t").convert(_COMMON_SIMPLIFIED)
    hk = opencc_converter("s2hk").convert(_COMMON_SIMPLIFIED)
    tw = opencc_converter("s2tw").convert(_COMMON_SIMPLIFIED)
    return frozenset(_COMMON_SIMPLIFIED + traditional + hk + tw)


def _plausibility(text: str) -> float:
    """How much `text` looks like real Chinese: the share of Han characters that are common,
    minus a penalty for private-use and unusual symbol characters."""
    common = _common_chars()
    han = hits = odd = 0
    for ch in text:
        code = ord(ch)
        if is_han(ch):
            han += 1
            if ch in common:
                hits += 1
        elif 0xE000 <= code <= 0xF8FF or 0x2500 <= code <= 0x25FF or 0x2460 <= code <= 0x24FF or code >= 0x20000:
            odd += 1
    total = han + odd
    if total == 0:
        return 0.0
    return hits / total - odd / total


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: Control characters other than \t \n \f \r, ESC and BEL.
_BINARY_CONTROLS = re.compile("[\x00-\x06\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    # ESC and BEL belong to terminal escape sequences, which text files do carry (and which
    # sanitising removes); other controls in numbers mean binary data.
    controls = len(_BINARY_CONTROLS.findall(text))  # a regex: a Python loop took 3 s on 8 MB
    return controls / len(text) > 0.05


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text with no BOM. ASCII shows NULs in every other byte; Chinese has few or none,
    so a decoding that is all ordinary text and reads as common Chinese counts too."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for nuls, encoding in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _mostly_text(text):
            continue
        if nuls > half * 0.3 or (_han_share(text) >= 0.3 and _plausibility(text) >= 0.5):
            return Decoded(text, encoding)
    return None


def _han_share(text: str) -> float:
    return sum(1 for ch in text if is_han(ch)) / len(text) if text else 0.0


def _mostly_text(text: str) -> bool:
    """Printable ASCII, whitespace, CJK and full-width forms make up nearly all of `text`."""
    def ordinary(ch: str) -> bool:
        code = ord(ch)
        return (
            0x20 <= code < 0x7F
            or ch in "\n\r\t"
            or 0x3000 <= code <= 0x9FFF
            or 0xFF00 < code <= 0xFFEF
            or 0x2000 <= code <= 0x206F
        )

    return bool(text) and sum(map(ordinary, text)) / len(text) >= 0.95


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article file, or raise `UndecodableError` with a reason a user can read."""
    if not data.strip():
        raise UndecodableError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"invalid {encoding} despite its byte-order mark") from exc
            return _checked(Decoded(text, encoding))
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked(utf16)
        raise UndecodableError("binary file (contains NUL bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass

    candidates: list[Decoded] = []
    for encoding in ("gb18030", "big5hkscs"):
        try:
            candidates.append(Decoded(data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    best = max(candidates, key=lambda d: _plausibility(d.text)) if candidates else None
    if best is None or (_plausibility(best.text) < 0.2 and sum(1 for ch in best.text if ord(ch) > 0x2E80) > 20):
        # Chinese UTF-16 without a BOM and without ASCII has no NUL byte, and GB18030 may
        # decode it (into garbage).
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked(utf16)
    if best is None:
        other = _other_encoding(data)
        if other is None:
            raise UndecodableError("not valid UTF-8, UTF-16, GB18030, Big5 or other known text")
        return _checked(other)
    if _plausibility(best.text) < 0.2 and sum(1 for ch in best.text if ord(ch) > 0x2E80) > 20:
        raise UndecodableError(f"text decodes as {best.encoding} but reads as garbage")
    return _checked(best)


def _other_encoding(data: bytes) -> Decoded | None:
    """Text in some other encoding (Shift-JIS, Windows-1252...), if charset-normalizer is
    confident of it."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > 0.2:
        return None
    # Western European text decodes cleanly in several Latin code pages, and charset-normalizer
    # may rank cp1250 first ("crčme brűlée"): on a tie, take Windows-1252, by far the most common.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos and match.coherence >= best.coherence:
            best = match
            break
    text = str(best)
    if not _reads_as_words(text):
        return None  # b"\xa4" * 101 is "valid" cp932 or cp1125, and garbage in every one
    return Decoded(text, best.encoding)


def _reads_as_words(text: str) -> bool:
    """Text in a single-byte or Japanese code page that could be prose: mostly letters, and
    more than a handful of different characters."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return False
    letters = sum(1 for ch in visible if ch.isalnum())
    return letters / len(visible) >= 0.6 and len(set(visible)) >= min(8, len(visible) // 2 + 1)


def _checked(decoded: Decoded) -> Decoded:
    if _looks_binary(decoded.text):
        raise UndecodableError("binary file (control characters)")
    if not decoded.text.strip():
        raise UndecodableError("empty file")
    return decoded


def decode_os_text(name: str) -> str:
    """A file name, path or command-line argument as readable text.

    Python keeps the bytes of a name that is not UTF-8 as lone surrogates, which cannot be
    printed. Names from archives made on Chinese Windows are GBK or Big5: those are decoded as
    such when they read as Chinese; any other bytes become U+FFFD.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return name
    raw = name.encode("utf-8", "surrogateescape")
    best: tuple[float, str] | None = None
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best else raw.decode("utf-8", "replace")
