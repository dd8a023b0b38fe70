"""The chain layer: names built on a name already found (財政部 + 統計處, 古洞 + 站).

Also venues (香港 + 文化中心大劇院) and events named after a place (香港亞洲電影節).
"""

from __future__ import annotations

import re

from reader.entities import rules
from reader.entities.candidates import EVENT, P_CHAIN_EVENT, P_GAZETTEER, Candidate
from reader.entities.passage import Passage, Token
from reader.entities.vocabulary import Vocabulary
from reader.text import is_han
from reader.text.han import HAN_CLASS

#: Words a name does not grow across: verbs of reporting and deciding, particles.
_CHAIN_STOPS = frozenset(
    """表示 指出 公布 宣布 发布 提交 召开 强调 说明 回应 推出 预估 估计 认为 透露 计划 决定 要求 批准 通过 审议
    发现 同意 支付 提供 举办 主办 合作 成立 委托 负责 推动 建议 预计 称 说 将 也 已 的 和 在 是 为 对 向 与其
    要 成为 作为 变成 就是 发展成为 希望 需要 可以 能够""".split()
)
_TITLE_SET = frozenset(rules.TITLES)
_ORG_SUFFIX_SET = frozenset(rules.ORG_SUFFIXES)
#: Bodies that run an event (世界盃組委會).
_EVENT_BODIES = frozenset(["组委会", "筹委会", "组织委员会", "委员会", "执委会", "秘书处"])
#: Schools, their departments (計算機系, 電機系; not 系統, 系列) and who founded them (國立).
_SCHOOLS = ("大学", "学院")
_DEPARTMENT_RE = re.compile(rf"[{HAN_CLASS}]{{1,5}}?系(?![统列数])")  # its last word is 系 or a rare word
_FOUNDERS = ("国立", "私立", "市立", "县立", "省立", "州立")
#: Parts of speech a name does not grow across (jieba's tags): prepositions, conjunctions,
#: particles, adverbs, pronouns, numerals, measure words, times, modal particles,
#: interjections, onomatopoeia, punctuation.
_STOP_TAGS = ("p", "c", "u", "d", "r", "m", "q", "t", "y", "e", "o", "w")


def find(passage: Passage, chosen: list[Candidate], vocabulary: Vocabulary) -> list[Candidate]:
    """Organisations, places and events that grow from the places and organisations in
    `chosen` (found by the gazetteer, the user's dictionary or part of speech). An event's
    name is only there to keep the place inside it from being marked."""
    normalized, tokens = passage.normalized, passage.tokens
    out = []
    by_start = {t.start: i for i, t in enumerate(tokens)}
    anchors = {c.start: c for c in chosen if c.type in ("org", "place") and c.layer in ("gazetteer", "user", "pos", "model", "pattern", "company")}
    for anchor in sorted(anchors.values(), key=lambda c: c.start):
        start, end, kind = anchor.start, anchor.end, anchor.type
        grown = False
        while end in by_start and kind != EVENT:
            result = _extend(tokens, by_start[end], kind, anchors, vocabulary)
            if result is None:
                break
            end, kind = result
            grown = True
        if kind == "org" and normalized.endswith(_SCHOOLS, start, end):
            # 清華大學 + 計算機系, 國立 + 陽明交通大學: a school's department and its founder.
            m = _DEPARTMENT_RE.match(normalized, end)
            if m is not None:
                over = passage.tokens_over(m.end() - 1, m.end())
                last = over[-1].text if over and over[-1].end == m.end() else ""  # the 系 ends a word
                if last and (last == "系" or vocabulary.tag(last) == "nt" or vocabulary.count(last) < 100):
                    end, grown = m.end(), True
            if normalized[max(0, start - 2) : start] in _FOUNDERS:
                start, grown = start - 2, True
        if grown:
            if kind == "place" and normalized[end - 1] == "站":
                # 高鐵 + 嘉義站: the line's operator is part of a station's name.
                before = normalized[max(0, start - 2) : start]
                if before in rules.RAIL_OPERATORS:
                    start -= 2
            out.append(Candidate(start, end, kind, P_CHAIN_EVENT if kind == EVENT else P_GAZETTEER, "chain"))
    return out


def _extend(tokens: list[Token], index: int, kind: str, anchors: dict[int, Candidate], vocabulary: Vocabulary) -> tuple[int, str] | None:
    """The furthest name ending after tokens[index:] that grows a `kind` name, or None."""
    best: tuple[int, str] | None = None
    used = chars = 0
    crossed_place = False
    crossed_verb = False
    # 靜安區 + 延安中路 are two places: a district does not grow into a street.
    grows_places = index == 0 or tokens[index - 1].text[-1:] not in rules.ADMIN_SUFFIXES
    for i in range(index, min(len(tokens), index + 7)):
        tok = tokens[i]
        word = tok.text
        if not all(is_han(ch) for ch in word):
            break
        chars += len(word)
        if chars > 14 or word in _TITLE_SET or (vocabulary.tag(word).startswith("nr") and not word.endswith(rules.ORG_SUFFIXES)):
            break  # 统战部 + 部长王兆国: a title or a person ends the name
        other = anchors.get(tok.start)
        # 香港大學 + 經濟及 + 工商管理學院: a school's faculty is part of its name (not 與 + 清華大學).
        school = kind == "org" and index > 0 and tokens[index - 1].text.endswith(_SCHOOLS) and not any(t.text in ("与", "和") for t in tokens[index:i])
        if other is not None and other.type == "org" and used and not (school and not word.endswith("大学")):
            break  # 印尼女队 + 与 + 中国女队: another organisation's name is another name
        if other is not None and other.type == "place" and (crossed_verb or vocabulary.tag(tokens[i - 1].text).startswith("v")):
            break  # 尼日利亞隊 + 擊敗 + 西班牙隊: a verb between two names
        if other is not None and (kind == "place" or other.type == "place"):
            # 東鐵綫 + 古洞站, 惠州 + 大亞灣, 荷蘭 + 阿姆斯特丹國家博物館 are two names
            # (an event may still span them: 香港亞洲電影節; an organisation may hold a
            # place: 荷蘭國家博物館 + 亞洲藝術部門).
            crossed_place = True
        so_far = "".join(t.text for t in tokens[index : i + 1])
        # 室主任, 協會主席: the segmenter glued the title to the unit.
        glued = next((word[:k] for k in range(1, len(word)) if word[k:] in _TITLE_SET and word[:k] in _ORG_SUFFIX_SET), "")
        if glued and ((len(glued) == 1 and glued in rules.ONE_CHAR_ORG_SUFFIXES) or used or kind == "org"):
            return (tok.start + len(glued), "org") if best is None or len(glued) > 1 else best
        if so_far.endswith(rules.EVENT_SUFFIXES):
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if after is not None and after.text in _EVENT_BODIES and not crossed_verb:
                return after.end, "org"  # 法國世界盃 + 組委會: the body that runs an event
            # 成都 + 集训备战亚运会 is no event's name: a verb stands between.
            return (tok.end, EVENT) if not crossed_verb else best
        if vocabulary.tag(word) == "v":
            crossed_verb = True
        if crossed_place and kind == "place":
            pass  # only an event may span two places
        elif kind == "place" and so_far.endswith(rules.VENUE_SUFFIXES):
            best = (tok.end, "place")
        elif (
            _org_suffix(word, kind, used, vocabulary, tokens[i + 1].text if i + 1 < len(tokens) else "")
            and not (crossed_place and kind == "place")
            and not (kind == "place" and word.endswith(rules.TEAM_SUFFIXES) and (crossed_verb or _region(tokens[index - 1].text if index else "")))
        ):
            # 中國 + 能 + 派隊 (a verb between), 南美 + 球隊 (teams of a region) are no team.
            best = (tok.end, "org")
        elif kind == "place" and grows_places and used <= 2 and _is_place_suffix(word):
            best = (tok.end, "place")
        if word in _CHAIN_STOPS:
            break
        tag = vocabulary.tag(word)
        if word in ("及", "与", "暨"):
            pass
        elif tag[:1] in _STOP_TAGS or (tag[:1] in ("f", "a") and len(word) > 2):
            break
        used += 1
    return best


def _region(word: str) -> bool:
    """A continent or a region (非洲, 南美): the teams after it are many."""
    return word.endswith("洲") or word in ("南美", "北美", "拉美", "中东", "东欧", "西欧", "北欧", "南欧", "东南亚")


def _org_suffix(word: str, kind: str, used: int, vocabulary: Vocabulary, next_word: str = "") -> bool:
    """Whether `word`, the `used`+1-th word after a `kind` name, ends it as an organisation
    (`next_word` is the word after it)."""
    if (
        not used
        and (word in rules.PLACE_COMPANY_SUFFIXES or (kind == "org" and word in rules.COMPANY_SUFFIXES))
        and vocabulary.tag(next_word) not in ("n", "vn", "ng", "nrfg")
    ):
        # 遠傳 + 電信, 日月光 + 投控, 亞太 + 電信: a firm's name, unless a noun goes on
        # (美國 + 電信 + 管理部門 is a description).
        return True
    suffix = next((x for x in rules.ORG_SUFFIXES if word.endswith(x)), None)
    if suffix is None:
        return False
    if word.endswith("部") and all(ch in "东南西北中上下内外" for ch in word[:-1]):
        return False  # 中南部, 东北部: a direction, no unit
    if kind == "place" and word.endswith(rules.TEAM_SUFFIXES) and not word.endswith("团队"):
        return True  # 印尼 + 女队, 尼日利亚 + 队; not 台南 + 新创团队 (a start-up's team)
    if len(suffix) == 1 and len(word) == 2 and vocabulary.is_known(word) and vocabulary.tag(word) != "nt":
        return False  # 北部, 全部: one-character suffixes count as their own word or in a longer one (难民署)
    if word == "院区" and not used:
        return False  # 工研院院區 is a campus; 故宮博物院南部院區 a branch
    if kind == "place":
        # 美國人工智能公司, 美國法院, 上海市新聞出版部門 are descriptions; 美國政府 a body.
        if word in ("公司", "集团", "银行", "部门"):
            return False
        if not used and word not in ("政府", "市政府") and not (word.endswith(rules.TEAM_SUFFIXES) and not word.endswith("团队")):
            # 鄭州 + 鐵路分局, 北京 + 公安局: a public body named for its place and its work.
            return len(word) >= 4 and word.endswith(("分局", "公安局", "管理局", "税务局", "检察院")) and not word.endswith(rules.GENERIC_INSTITUTIONS)
    return True


def _is_place_suffix(word: str) -> bool:
    """站, 鐵路, 區 ...; also 中路, 東街 (a direction and a suffix)."""
    return word in rules.PLACE_SUFFIXES or (len(word) == 2 and word[0] in "东南西北中" and word[1] in "路街段")

