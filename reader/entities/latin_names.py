"""Names written in Latin letters inside Chinese text, recognised as written and by their shape.

Known names matched as written, names with versions (Claude Sonnet 3.7, GPT-5, DeepSeek-V3.1),
product codes (A19 晶片), and runs of capitalised words, typed by their last word (Hitachi Rail)
or taken for a person (Andrea Bartz).

Regexes use explicit look-arounds: \\b does not separate Han from Latin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_LATIN_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+(?:[-.'’&][A-Za-z0-9]+)*\+?")
_VERSION_RE = re.compile(r"(?:[vV]?\d+(?:\.\d+)*[a-z]?|[A-Z]\d+(?:\.\d+)?)")
_CODE_RE = re.compile(r"(?=[A-Za-z-]*\d)(?=[0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_TITLECASE_RE = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[-'’][A-Za-z][a-z]*)*")
_MODIFIERS = frozenset(
    "Pro Max Ultra Plus Mini mini Air Turbo Flash Lite Nano Edge Instruct Preview Vision Coder "
    "Thinking Reasoner Omni SE XL Opus Sonnet Haiku".split()
)
_PARTICLES = frozenset("van der de von da di del della le la du bin al den ter dos das".split())
_LATIN_ORG_HEADS = frozenset(
    """Inc Corp Corporation Company Co Ltd LLC Group Bank Capital Partners Ventures Labs Lab University
    College Institute Museum Library Foundation Association Society Council Agency Times Post News Journal
    Press Rail Airlines Airways Motors Systems Technologies Technology Holdings Studios Records Media Network
    Fund Trust Court Committee Commission Ministry Department School Academy Hospital Club Party Union
    Archive""".split()
)
_NOT_NAME_WORDS = frozenset(
    """Act Law Policy Code Data Open Day Award Awards Prize Festival Summit Conference Forum Week Expo Show Cup
    Olympic Olympics Protocol Standard Agreement Treaty Plan Program Programme Project Initiative Strategy
    Framework Guidelines Rule Rules Principles Report Index Scaling Responsible Fair Use Machine Learning
    Artificial Intelligence Language Model Models The This That These Those And Of For In On At To An As By
    With From Chapter Section Part Article Figure Table Dear Hello Thank Thanks Please Breaking Update Editor
    Note Read More Source Photo Image Video Agent Agents Safety Security Cloud Center Centre Service Services
    News Live Chat Search Research Team Store Shop Online Digital Smart Global International National World
    Public Private General Special New Old Big Small Best Top High Low Next Free Premium Basic Standard
    Mining Text Completions Scaling Copyright Injection Prompt Deep Fake Check Mode Level""".split()
)
#: Kinds of organisation right before a capitalised word that name it (市調機構Counterpoint).
_ORG_KINDS = ("机构", "券商", "投行", "外资", "外媒", "媒体", "顾问公司", "研究公司", "新创", "初创", "独角兽", "交易所", "评级公司")
_PRODUCT_NOUNS = ("晶片", "芯片", "处理器", "手机", "系列", "模型", "显卡", "平板", "笔电", "机型", "车型", "gpu", "cpu", "芯片组", "加速器")


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str


def _latin_groups(folded: str) -> list[list[_Word]]:
    """Latin tokens, grouped where they are separated by single spaces."""
    groups: list[list[_Word]] = []
    current: list[_Word] = []
    for m in _LATIN_TOKEN_RE.finditer(folded):
        tok = _Word(m.start(), m.end(), m.group())
        if current and not (tok.start - current[-1].end == 1 and folded[current[-1].end] in " \u00a0"):
            groups.append(current)
            current = []
        current.append(tok)
    if current:
        groups.append(current)
    return groups


def is_titlecase(word: str) -> bool:
    return _TITLECASE_RE.fullmatch(word) is not None


def _is_version(word: str) -> bool:
    return _VERSION_RE.fullmatch(word) is not None


def find(folded: str, normalized: str, latin: dict[str, str], max_words: int) -> list[tuple[int, int, str]]:
    """(start, end, type) of the names in Latin letters of a text: known names (`latin`, as
    written), known names with versions (Claude Sonnet 3.7, GPT-5), product codes before a
    product noun (A19 晶片), and runs of capitalised words (Andrea Bartz, Hitachi Rail).
    `folded` is the text with full-width forms folded (case kept), `normalized` its
    reader.text.normalize() form."""
    out: list[tuple[int, int, str]] = []
    for group in _latin_groups(folded):
        i = 0
        while i < len(group):
            j, kind = _latin_lookup(latin, group, i, max_words)
            if kind is None and _latin_head_lookup(latin, group[i].text):
                out.append((group[i].start, group[i].end, "product"))
                i += 1
                continue
            if kind == "product":
                while j < len(group) and (
                    _is_version(group[j].text)
                    or group[j].text in _MODIFIERS
                    or latin.get(group[j].text) == "product"
                    or _CODE_RE.fullmatch(group[j].text)  # Galaxy Z Fold7
                    or (len(group[j].text) == 1 and group[j].text.isupper() and j + 1 < len(group))
                    or (group[j].text == "Series" and j + 1 < len(group) and _is_version(group[j + 1].text))
                ):
                    j += 1
                out.append((group[i].start, group[j - 1].end, "product"))
                i = j
                continue
            if kind is not None:
                out.append((group[i].start, group[j - 1].end, kind))
                i = j
                continue
            word = group[i].text
            j = i + 1
            while j < len(group) and group[j].text in _MODIFIERS:
                j += 1  # A19 Pro 處理器
            if _CODE_RE.fullmatch(word) and word.upper() not in ("3G", "4G", "5G", "6G") and _followed_by_product_noun(normalized, group[j - 1].end):
                out.append((group[i].start, group[j - 1].end, "product"))
                i = j
                continue
            if j == i + 1 == len(group) and is_titlecase(word) and word not in _NOT_NAME_WORDS and normalized[: group[i].start].endswith(_ORG_KINDS):
                out.append((group[i].start, group[i].end, "org"))  # 市調機構Counterpoint
                i += 1
                continue
            if j == i + 1 == len(group) and is_titlecase(word) and word not in _NOT_NAME_WORDS and _followed_by_product_noun(normalized, group[i].end, glued=True):
                out.append((group[i].start, group[i].end, "product"))  # Thor芯片, Blackwell晶片
                i += 1
                continue
            if is_titlecase(word) and word not in _NOT_NAME_WORDS:
                j = i + 1
                while j < len(group):
                    w = group[j].text
                    if latin.get(w) is not None:
                        break
                    if is_titlecase(w):
                        j += 1
                    elif w in _PARTICLES:
                        # Pieter van der Meer: particles only inside a name
                        k = j
                        while k < len(group) and group[k].text in _PARTICLES:
                            k += 1
                        if k < len(group) and is_titlecase(group[k].text):
                            j = k + 1
                        else:
                            break
                    else:
                        break
                words = [t.text for t in group[i:j]]
                if j < len(group) and (_is_version(group[j].text) or _CODE_RE.fullmatch(group[j].text)) and len(words) <= 3:
                    out.append((group[i].start, group[j].end, "product"))
                    i = j + 1
                    continue
                kind = _classify_latin_run(words)
                if kind is not None:
                    out.append((group[i].start, group[j - 1].end, kind))
                i = j
                continue
            i += 1
    return out


def _latin_lookup(latin: dict[str, str], group: list[_Word], i: int, max_words: int) -> tuple[int, str | None]:
    for k in range(min(max_words, len(group) - i), 0, -1):
        key = " ".join(t.text for t in group[i : i + k])
        kind = latin.get(key)
        if kind is not None:
            return i + k, kind
    return i, None


def _latin_head_lookup(latin: dict[str, str], word: str) -> bool:
    """GPT-5, Qwen3-Max, DeepSeek-V3.1: a known name with a version joined by a hyphen."""
    if "-" not in word:
        return False
    head, rest = word.split("-", 1)
    base = head.rstrip("0123456789") or head
    kind = latin.get(head) or latin.get(base)
    if kind not in ("product", "org"):
        return False
    return any(ch.isdigit() for ch in rest) or rest in _MODIFIERS or head != base


def dictionary_matches(folded: str, latin: dict[str, str], max_words: int) -> Iterable[tuple[int, int, str]]:
    """(start, end, type) of the names of `latin` (as written) in the text."""
    if not latin:
        return
    for group in _latin_groups(folded):
        i = 0
        while i < len(group):
            j, kind = _latin_lookup(latin, group, i, max_words)
            if kind is None:
                i += 1
                continue
            yield group[i].start, group[j - 1].end, kind
            i = j


def _classify_latin_run(words: Sequence[str]) -> str | None:
    if len(words) < 2 or len(words) > 5:
        return None
    if words[-1] in _LATIN_ORG_HEADS:
        return "org"
    if any(w in _NOT_NAME_WORDS for w in words):
        return None
    return "person"


def _followed_by_product_noun(normalized: str, end: int, *, glued: bool = False) -> bool:
    """Whether a product noun follows (A19 晶片); `glued`: with no space between (Thor芯片)."""
    rest = normalized[end : end + 4]
    return (rest if glued else rest.lstrip(" ")).startswith(_PRODUCT_NOUNS)
