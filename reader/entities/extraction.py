"""Named entities in article text: typed spans from a gazetteer, the user's dictionary, pattern
rules and filtered part-of-speech tags.

Layers, strongest first (overlaps go to the stronger layer, then to the longer span):
the user dictionary; hashtags; money, percentages and dates; the shipped gazetteer and the
names built on it (財政部 + 統計處, 古洞 + 站); runs of capitalised Latin words (Andrea Bartz,
Claude Sonnet 3.7, GPT-5); names after titles (董事長魏哲家); quoted names; and last, jieba's
part-of-speech dictionary on normalised text, which alone is far too noisy (it tags 封鎖 and
卓越 as people), so it only adds what survives a surname check and a stoplist.

Every offset indexes the text given; normalisation is length preserving, so matching on
normalised text keeps offsets valid. Extraction loads jieba (about a second the first time):
never call it on the UI thread.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from reader.entities import latin_names, rules
from reader.entities.gazetteer import (
    SUPPRESS,
    NameList,
    UserDictionary,
    load_user_dictionary,
    never_entities,
    shipped_entries,
)
from reader.entities.spans import NAME_TYPES, EntitySpan
from reader.lru import LRU
from reader.text import is_han, normalize

__all__ = ["EntityExtractor", "extract_entities", "extractor"]


# Layer priorities: higher wins an overlap; equal priorities go to the longer span.
P_USER = 100
P_HASHTAG = 90
P_PATTERN = 80
P_CHAIN_EVENT = 75
P_GAZETTEER = 70
P_LATIN = 70
P_QUOTED = 65
P_TITLE_NAME = 60
P_REPEAT = 55
P_POS = 40

_ADMIN_SUFFIXES = frozenset("市县区省州镇乡村")
_PUNCT_OR_SPACE = frozenset(rules.NAME_END_PUNCT)

@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str


# --- the extractor --------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    type: str
    priority: int
    layer: str


class EntityExtractor:
    """Finds entities in text. Build once (it loads jieba), then call `extract` from any thread."""

    def __init__(self, user: UserDictionary | None = None) -> None:
        from reader.text import segment

        self.names = _shipped_names()
        self.user = user if user is not None else UserDictionary(path=None)
        self.user_names = NameList()
        self.suppressed: set[str] = set()
        for entry in self.user.entries:
            if entry.type == SUPPRESS:
                self.suppressed.add(normalize(entry.name) if not entry.name.isascii() else entry.name)
            else:
                self.user_names.add(entry.name, entry.type)
        # The segmenter must keep the user's names whole (it runs on normalised text).
        han_user_words = [name for name in self.user_names.han]
        if han_user_words:
            segment.add_words(han_user_words)
        self.stoplist = never_entities()
        self._tokenizer = segment.tokenizer()
        self._tags: dict[str, str] = _pos_tags()
        self._freq: dict[str, int] = self._tokenizer.FREQ
        self._title_re = re.compile("|".join(map(re.escape, rules.TITLES)))
        self._title_after_re = re.compile("|".join(map(re.escape, rules.TITLES_AFTER)))

    # -- public ---------------------------------------------------------------------------

    def extract(self, text: str, *, quick: bool = False) -> list[EntitySpan]:
        """Entities of `text`, sorted by position, never overlapping.

        `quick` (for the search index) reuses the index's segmentation (no HMM) and skips the
        part-of-speech layer: about a third of the cost, the same gazetteer, user, rule and
        Latin names, fewer guessed person names."""
        if not text:
            return []
        normalized = normalize(text)
        folded = _fold_width(text)
        tokens = self._index_tokens(normalized) if quick else self._tokens(normalized)
        candidates: list[_Candidate] = []
        candidates += self._user_layer(normalized, folded)
        candidates += self._pattern_layer(normalized, folded)
        candidates += self._gazetteer_layer(normalized, tokens)
        candidates += self._latin_layer(normalized, folded)
        candidates += self._quoted_layer(normalized)
        candidates += self._title_name_layer(normalized, tokens)
        if not quick:
            candidates += self._pos_layer(normalized, tokens)
        zones = _title_zones(normalized)
        candidates = [c for c in candidates if self._allowed(c, normalized, folded) and not _in_zone(c, zones)]
        first = _resolve(candidates, len(text))
        candidates += self._chain_layer(first, tokens, normalized)
        first = _resolve(candidates, len(text))
        candidates += self._repeat_layer(first, normalized, folded)
        candidates = [c for c in candidates if not _in_zone(c, zones)]
        chosen = _resolve(candidates, len(text))
        return [EntitySpan(text[c.start : c.end], c.type, c.start, c.end) for c in chosen if c.type != _EVENT]

    # -- layers -----------------------------------------------------------------------------

    @staticmethod
    def _index_tokens(normalized: str) -> list[_Token]:
        from reader.text.segment import cut

        return [_Token(start, end, word) for word, start, end in cut(normalized)]

    def names_for_index(self, text: str) -> list[str]:
        """The distinct names in `text` (normalised body is fine) for the index's `entity`
        field, in order of first appearance; numbers, dates and hashtags left out."""
        seen: dict[str, None] = {}
        for span in self.extract(text, quick=True):
            if span.type in NAME_TYPES:
                seen.setdefault(" ".join(span.text.split()), None)
        return list(seen)

    def _tokens(self, normalized: str) -> list[_Token]:
        tokens, pos = [], 0
        for word in self._tokenizer.cut(normalized, HMM=True):
            tokens.append(_Token(pos, pos + len(word), word))
            pos += len(word)
        return tokens

    def _user_layer(self, normalized: str, folded: str) -> list[_Candidate]:
        out = [_Candidate(s, e, t, P_USER, "user") for s, e, t in self.user_names.han_matches(normalized)]
        for s, e, t in latin_names.dictionary_matches(folded, self.user_names.latin, self.user_names.latin_max_words):
            out.append(_Candidate(s, e, t, P_USER, "user"))
        return out

    def _pattern_layer(self, normalized: str, folded: str) -> list[_Candidate]:
        out = [_Candidate(s, e, "hashtag", P_HASHTAG, "pattern") for s, e in rules.hashtag_spans(folded)]
        out += [_Candidate(s, e, "money", P_PATTERN, "pattern") for s, e in rules.money_spans(normalized)]
        out += [_Candidate(s, e, "percent", P_PATTERN, "pattern") for s, e in rules.percent_spans(normalized)]
        out += [_Candidate(s, e, "date", P_PATTERN, "pattern") for s, e in rules.date_spans(normalized)]
        out += [_Candidate(m.start(), m.end(), "place", P_PATTERN, "pattern") for m in rules.LINE_NUMBER_RE.finditer(normalized)]
        for m in rules.DASHED_LINE_RE.finditer(normalized):
            start = m.start() + (2 if normalized[m.start() : m.start() + 2] in _RAIL_OPERATORS else 0)
            out.append(_Candidate(start, m.end(), "place", P_PATTERN, "pattern"))
        return out

    def _gazetteer_layer(self, normalized: str, tokens: list[_Token]) -> list[_Candidate]:
        out = []
        covering = _covering_index(tokens, len(normalized))
        for s, e, kind in self.names.han_matches(normalized):
            if e - s <= 2:
                # Short names must agree with the segmenter (中和 is not a place in 集中和),
                # but words its HMM made up (上水及) are no evidence.
                first, last = tokens[covering[s]], tokens[covering[e - 1]]
                if first.start != s and self._freq.get(first.text, 0) > 0:
                    continue
                if last.end != e and self._freq.get(last.text, 0) > 0:
                    # 台北|市 grows to the token; 美國|法院 keeps the place; 美國人 is no place.
                    grown = self._grow_into_token(kind, normalized[e : last.end], last.text)
                    if grown is None:
                        continue
                    if grown:
                        e, kind = last.end, grown
            out.append(_Candidate(s, e, kind, P_GAZETTEER, "gazetteer"))
        return out

    def _grow_into_token(self, kind: str, rest: str, token: str) -> str | None:
        """A short name ends inside a longer word `token`, `rest` being the part after it:
        the type of the whole word (台北|市, 羅馬|尼亞, 湖北省|政府), "" to keep the name
        alone (美國|法院), or None to drop it (美國|人, 西班牙|人)."""
        if kind != "place":
            return None
        if rest.endswith(rules.EVENT_SUFFIXES):
            return None  # 上海書展
        if len(rest) == 1 and rest in _ADMIN_SUFFIXES:
            return "place"
        if rest in ("政府", "市政府"):
            return "org"
        if rest.endswith(rules.VENUE_SUFFIXES):
            return "place"  # 上海展覽中心
        tag = self._tags.get(token, "")
        if tag == "ns":
            return "place"
        if tag == "nt":
            return "" if token.endswith(_GENERIC_INSTITUTIONS) else "org"
        if tag[:1] == "n" and tag != "n":
            return None  # other proper names and demonyms: nz, nr, nrt
        if len(rest) >= 2 and self._freq.get(rest, 0) > 0:
            return ""
        return None

    def _latin_layer(self, normalized: str, folded: str) -> list[_Candidate]:
        found = latin_names.find(folded, normalized, self.names.latin, self.names.latin_max_words)
        return [_Candidate(s, e, kind, P_LATIN, "latin") for s, e, kind in found]

    def _quoted_layer(self, normalized: str) -> list[_Candidate]:
        out = []
        for m in rules.QUOTED_RE.finditer(normalized):
            content = m.group(1)
            # A quoted phrase is a name only if it reads like one: no clause, no particle,
            # not a verb phrase (「用作品訓練模型」, 「迄今为止最聪明的模型」).
            if any(ch in content for ch in "，。,、；;：:！？!? 的了是把被") or len(content) > 12:
                continue
            if content.startswith(_QUOTE_VERB_STARTS) or content.endswith(rules.NOT_PRODUCT_SUFFIXES):
                continue
            s, e = m.start(1), m.end(1)
            if len(content) >= 4 and content.endswith(rules.QUOTED_ORG_SUFFIXES):
                out.append(_Candidate(s, e, "org", P_QUOTED, "quoted"))
            elif content.endswith(rules.PRODUCT_SUFFIXES) or (len(content) <= 12 and re.search(r"(?:推出|发布|上线|发表|推介|上市|开卖)了?$", normalized[max(0, m.start() - 3) : m.start()])):
                out.append(_Candidate(s, e, "product", P_QUOTED, "quoted"))
        return out

    def _title_name_layer(self, normalized: str, tokens: list[_Token]) -> list[_Candidate]:
        out = []
        n = len(normalized)
        token_starts = {t.start for t in tokens}
        for m in self._title_re.finditer(normalized):
            if m.start() not in token_starts:
                continue  # 主編 in 自主編程 is no title
            q = m.end()
            for length in (4, 3) if normalized[q : q + 2] in rules.COMPOUND_SURNAMES else (3, 2):
                name = normalized[q : q + length]
                if len(name) < length or not all(is_han(ch) for ch in name):
                    continue
                if name[0] not in rules.SURNAMES and name[:2] not in rules.COMPOUND_SURNAMES:
                    break
                if not self._plausible_name(name):
                    continue
                if _name_follows(normalized, q + length, n):
                    out.append(_Candidate(q, q + length, "person", P_TITLE_NAME, "title"))
                    break
        for m in self._title_after_re.finditer(normalized):
            s = m.start()
            for length in (3, 2):
                start = s - length
                if start < 0:
                    continue
                name = normalized[start:s]
                if not all(is_han(ch) for ch in name) or name[0] not in rules.SURNAMES:
                    continue
                if not self._plausible_name(name):
                    continue
                before = normalized[start - 1] if start > 0 else " "
                if before in _PUNCT_OR_SPACE or before in "的与和及、":
                    out.append(_Candidate(start, s, "person", P_TITLE_NAME, "title"))
                    break
        return out

    def _plausible_name(self, name: str) -> bool:
        """Whether a surname-first word can be a person's name: not a common word (範圍, 房子,
        高峰: jieba tags many as names), not a surname before a common word (程 + 能力),
        not a surname before the verb that follows names (司徒 + 表示)."""
        freq, tags = self._freq, self._tags
        count, tag = freq.get(name, 0), tags.get(name, "")
        if count >= 1000 or (count >= 100 and not tag.startswith("nr")):
            return False
        given = name[2:] if name[:2] in rules.COMPOUND_SURNAMES and len(name) > 2 else name[1:]
        if len(given) > 1 and freq.get(given, 0) >= 500 and not tags.get(given, "").startswith("nr"):
            return False
        return not given.startswith(rules.NAME_FOLLOWERS)

    def _pos_layer(self, normalized: str, tokens: list[_Token]) -> list[_Candidate]:
        out = []
        tags, freq = self._tags, self._freq
        for index, tok in enumerate(tokens):
            word = tok.text
            if len(word) < 2 or not all(is_han(ch) for ch in word):
                continue
            known = freq.get(word, 0) > 0
            if known:
                # jieba's ns and nt lists are long and noisy (青春, 太阳 are places; 网络通信 is
                # an organisation): only names that end like one count.
                tag = tags.get(word)
                if tag == "ns" and len(word) >= 3 and word[-1] in _PLACE_NAME_ENDINGS:
                    out.append(_Candidate(tok.start, tok.end, "place", P_POS, "pos"))
                elif tag == "nt" and len(word) >= 4 and word.endswith(rules.ORG_SUFFIXES) and not word.endswith(_GENERIC_INSTITUTIONS):
                    out.append(_Candidate(tok.start, tok.end, "org", P_POS, "pos"))
                continue
            # An unknown word the segmenter's HMM put together: a name if it starts with a
            # surname and sits where names sit.
            if not (2 <= len(word) <= 4):
                continue
            compound = word[:2] in rules.COMPOUND_SURNAMES
            if not compound and (word[0] not in rules.SURNAMES or len(word) == 4):
                continue
            if word.endswith(("先生", "女士", "小姐", "太太", "老师", "家", "们")):
                continue
            if not self._plausible_name(word):
                continue
            follows = _name_follows(normalized, tok.end, len(normalized))
            after_title = index > 0 and tokens[index - 1].text.endswith(rules.TITLES)
            if len(word) == 2 and not compound and not (follows and after_title):
                continue
            if not (follows or after_title):
                continue
            out.append(_Candidate(tok.start, tok.end, "person", P_POS, "pos"))
        return out

    def _chain_layer(self, chosen: list[_Candidate], tokens: list[_Token], normalized: str) -> list[_Candidate]:
        """Organisations and places built on a known name: 財政部 + 統計處, 古洞 + 站,
        香港 + 文化中心大劇院; and events named after a place (香港亞洲電影節), which only
        keep the place inside from being marked."""
        out = []
        by_start = {t.start: i for i, t in enumerate(tokens)}
        anchors = {c.start: c for c in chosen if c.type in ("org", "place") and c.layer in ("gazetteer", "user", "pos")}
        for anchor in sorted(anchors.values(), key=lambda c: c.start):
            start, end, kind = anchor.start, anchor.end, anchor.type
            grown = False
            while end in by_start and kind != _EVENT:
                result = self._extend(tokens, by_start[end], kind, anchors)
                if result is None:
                    break
                end, kind = result
                grown = True
            if grown:
                if kind == "place" and normalized[end - 1] == "站":
                    # 高鐵 + 嘉義站: the line's operator is part of a station's name.
                    before = normalized[max(0, start - 2) : start]
                    if before in _RAIL_OPERATORS:
                        start -= 2
                out.append(_Candidate(start, end, kind, P_CHAIN_EVENT if kind == _EVENT else P_GAZETTEER, "chain"))
        return out

    def _extend(self, tokens: list[_Token], index: int, kind: str, anchors: dict[int, _Candidate]) -> tuple[int, str] | None:
        """The furthest name ending after tokens[index:] that grows a `kind` name, or None."""
        best: tuple[int, str] | None = None
        used = chars = 0
        crossed_place = False
        # 靜安區 + 延安中路 are two places: a district does not grow into a street.
        grows_places = index == 0 or tokens[index - 1].text[-1:] not in _ADMIN_SUFFIXES
        for i in range(index, min(len(tokens), index + 7)):
            tok = tokens[i]
            word = tok.text
            if not all(is_han(ch) for ch in word):
                break
            chars += len(word)
            if chars > 14:
                break
            other = anchors.get(tok.start)
            if other is not None and (kind == "place" or other.type == "place"):
                # 東鐵綫 + 古洞站, 惠州 + 大亞灣, 荷蘭 + 阿姆斯特丹國家博物館 are two names
                # (an event may still span them: 香港亞洲電影節; an organisation may hold a
                # place: 荷蘭國家博物館 + 亞洲藝術部門).
                crossed_place = True
            so_far = "".join(t.text for t in tokens[index : i + 1])
            # 室主任: the segmenter glued the title to the unit.
            if len(word) > 1 and word[0] in rules.ONE_CHAR_ORG_SUFFIXES and word[1:] in _TITLE_SET:
                return (tok.start + 1, "org") if best is None else best
            if so_far.endswith(rules.EVENT_SUFFIXES):
                return tok.end, _EVENT
            if crossed_place and kind == "place":
                pass  # only an event may span two places
            elif kind == "place" and so_far.endswith(rules.VENUE_SUFFIXES):
                best = (tok.end, "place")
            elif self._org_suffix(word, kind, used) and not (crossed_place and kind == "place"):
                best = (tok.end, "org")
            elif kind == "place" and grows_places and used <= 2 and _is_place_suffix(word):
                best = (tok.end, "place")
            if word in _CHAIN_STOPS or (other is not None and other.type == "org" and used):
                break
            tag = self._tags.get(word, "x")
            if word in ("及", "与", "暨"):
                pass
            elif tag[:1] in ("p", "c", "u", "d", "r", "m", "q", "t", "y", "e", "o", "w") or (tag[:1] in ("f", "a") and len(word) > 2):
                break
            used += 1
        return best

    def _org_suffix(self, word: str, kind: str, used: int) -> bool:
        suffix = next((x for x in rules.ORG_SUFFIXES if word.endswith(x)), None)
        if suffix is None:
            return False
        if len(suffix) == 1 and len(word) > 1 and self._freq.get(word, 0) > 0:
            return False  # 北部, 全部: one-character suffixes only count as their own word
        if word == "院区" and not used:
            return False  # 工研院院區 is a campus; 故宮博物院南部院區 a branch
        if kind == "place":
            # 美國人工智能公司, 美國法院, 上海市新聞出版部門 are descriptions; 美國政府 a body.
            if word in ("公司", "集团", "银行", "部门"):
                return False
            if not used and word not in ("政府", "市政府"):
                return False
        return True

    def _repeat_layer(self, chosen: list[_Candidate], normalized: str, folded: str) -> list[_Candidate]:
        """Names found by context once (a title, a quote, a suffix) are names everywhere in
        the text; a Latin person's surname alone (Alsup) is that person."""
        out = []
        seen: set[tuple[str, str]] = set()
        for c in chosen:
            if c.layer not in ("title", "pos", "quoted", "chain", "latin") or c.type not in NAME_TYPES:
                continue
            if c.layer == "pos" and c.type != "person":
                continue
            text = folded[c.start : c.end]
            if c.layer == "latin":
                if c.type == "person" and " " in text:
                    last = text.rsplit(" ", 1)[1]
                    if len(last) >= 3 and latin_names.is_titlecase(last):
                        seen.add((last, "person-latin"))
                continue
            seen.add((normalized[c.start : c.end], c.type))
        for key, kind in seen:
            if kind == "person-latin":
                for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])", folded):
                    out.append(_Candidate(m.start(), m.end(), "person", P_REPEAT, "repeat"))
                continue
            if len(key) < 2:
                continue
            for m in re.finditer(re.escape(key), normalized):
                out.append(_Candidate(m.start(), m.end(), kind, P_REPEAT, "repeat"))
        return out

    # -- filters ----------------------------------------------------------------------------

    def _allowed(self, c: _Candidate, normalized: str, folded: str) -> bool:
        if c.layer == "user":
            return True
        key = normalized[c.start : c.end]
        if key in self.stoplist:
            return False
        return not (self.suppressed and (key in self.suppressed or folded[c.start : c.end] in self.suppressed))


_PLACE_NAME_ENDINGS = frozenset("市县区省州镇乡岛湾港")
_RAIL_OPERATORS = frozenset(["高铁", "台铁", "捷运", "地铁", "港铁", "轻轨", "国铁"])
_EVENT = "event"  # blocks the names inside an event's name; never reported
_TITLE_SET = frozenset(rules.TITLES)


def _is_place_suffix(word: str) -> bool:
    """站, 鐵路, 區 ...; also 中路, 東街 (a direction and a suffix)."""
    return word in rules.PLACE_SUFFIXES or (len(word) == 2 and word[0] in "东南西北中" and word[1] in "路街段")
_GENERIC_INSTITUTIONS = ("法院", "国会", "议会", "军队", "部队", "警方", "当局", "政委员会")
_QUOTE_VERB_STARTS = tuple("用把被从在对向给让使以将要会能")

_CHAIN_STOPS = frozenset(
    """表示 指出 公布 宣布 发布 提交 召开 强调 说明 回应 推出 预估 估计 认为 透露 计划 决定 要求 批准 通过 审议
    发现 同意 支付 提供 举办 主办 合作 成立 委托 负责 推动 建议 预计 称 说 将 也 已 的 和 在 是 为 对 向 与其
    要 成为 作为 变成 就是 发展成为 希望 需要 可以 能够""".split()
)


_WORK_TITLE_RE = re.compile(r"《[^《》\n]{1,40}》")
_TITLE_INTRO = ("特展", "展览", "展", "电影", "影片", "纪录片", "新书", "小说", "节目", "单元", "主题", "名为", "题为", "专辑", "歌曲")


def _title_zones(normalized: str) -> list[tuple[int, int, bool]]:
    """Ranges holding the title of a work or a short quoted name (《深水埗之夜》,
    特展「青花東渡：…」, “书香中国”): names inside them are not marked. The flag says
    whether a name covering the whole range is still allowed."""
    zones = [(m.start() + 1, m.end() - 1, False) for m in _WORK_TITLE_RE.finditer(normalized)]
    for m in rules.QUOTED_RE.finditer(normalized):
        content = m.group(1)
        if normalized[max(0, m.start() - 3) : m.start()].endswith(_TITLE_INTRO) or (len(content) <= 8 and not any(ch in content for ch in "，。,、；;：:！？!? ")):
            zones.append((m.start(1), m.end(1), True))
    return zones


def _in_zone(c: _Candidate, zones: list[tuple[int, int, bool]]) -> bool:
    if c.type not in NAME_TYPES or c.layer == "user":
        return False
    for start, end, whole_ok in zones:
        if start <= c.start and c.end <= end:
            if whole_ok and (c.start, c.end) == (start, end):
                return False
            if not whole_ok or c.type in ("place", "person"):
                return True
    return False


def _name_follows(normalized: str, end: int, n: int) -> bool:
    if end >= n:
        return True
    if normalized[end] in _PUNCT_OR_SPACE:
        return True
    return normalized.startswith(rules.NAME_FOLLOWERS, end)


def _covering_index(tokens: list[_Token], n: int) -> list[int]:
    index = [0] * n
    for i, tok in enumerate(tokens):
        for p in range(tok.start, tok.end):
            index[p] = i
    return index


_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def _fold_width(text: str) -> str:
    """Full-width ASCII to ASCII, case kept; same length."""
    return text.translate(_WIDTH_TABLE)


def _resolve(candidates: list[_Candidate], n: int) -> list[_Candidate]:
    """Non-overlapping candidates: higher priority first, then longer, then earlier."""
    taken = bytearray(n)
    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if c.end <= c.start or c.end > n:
            continue
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# --- shared instance and cache -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _shipped_names() -> NameList:
    names = NameList()
    names.extend(shipped_entries())
    return names


@lru_cache(maxsize=1)
def _pos_tags() -> dict[str, str]:
    """jieba's part-of-speech dictionary (word -> tag) for the shared tokenizer."""
    import jieba.posseg

    from reader.text import segment

    return jieba.posseg.POSTokenizer(segment.tokenizer()).word_tag_tab

_lock = threading.Lock()
_extractor: EntityExtractor | None = None
#: Entities of the articles read last, by content and user dictionary.
_results: LRU[tuple[str, tuple[int, int] | None], tuple[EntitySpan, ...]] = LRU(256)


def extractor() -> EntityExtractor:
    """The shared extractor, rebuilt when the user dictionary file changes. Slow the first
    time (jieba): call it from a worker thread."""
    global _extractor
    user = load_user_dictionary(create=True)  # a commented template shows users the format
    with _lock:
        if _extractor is None or _extractor.user.stamp != user.stamp or _extractor.user.path != user.path:
            _extractor = EntityExtractor(user)
            _results.clear()
        return _extractor


def extract_entities(text: str) -> tuple[EntitySpan, ...]:
    """Entities of `text` (an Article.body, a file's text), cached by content."""
    ex = extractor()
    key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), ex.user.stamp)
    return _results.get_or_make(key, lambda: tuple(ex.extract(text)))
