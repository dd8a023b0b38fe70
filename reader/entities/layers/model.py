"""The model layer: people, places and organisations that the statistical model (LAC) tags,
where the rules agree.

The model knows names no list holds (unprefixed and transliterated names, small places,
organisations), but alone it cuts some names in half and tags odd words; so it only proposes,
below the gazetteer and the rules, and each proposal must pass checks: a span must fall on the
segmenter's word edges or the model's own, a person's name must read like one, and no place
may stand in a dish or a common word.
"""

from __future__ import annotations

from reader.entities import rules
from reader.entities.candidates import P_MODEL, Candidate
from reader.entities.model import TaggedWord, Tagger
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary
from reader.text import is_han

_TYPES = {"PER": "person", "LOC": "place", "ORG": "org"}
_NUMERALS = frozenset("0123456789.一二两三四五六七八九十百千万亿几")
#: jieba tags of common words (许可证 n, 雷阵雨 n) that no name has.
_COMMON_WORD_TAGS = frozenset(["n", "v", "vn", "a", "an", "ad", "d", "i", "l"])
#: What follows a word named after someone that is not a person (尤伯杯, 中山路).
_NOT_AFTER_NAMES = ("杯", "奖", "路", "街", "号", "体", "式", "门", "墓", "故居", "纪念馆", "主义")
#: How descriptions of an organisation start (一家, 该, 这所, 某).
_NOT_A_NAME_STARTS = ("一家", "一所", "一间", "一座", "这", "该", "那", "某", "各", "每", "此", "在", "于", "从", "对", "向", "把", "被")
#: Words before an organisation's kind that make it a description (一家資安公司).
_DESCRIBED_BY = ("一家", "一所", "一间", "一个", "这家", "该", "那家", "某", "各", "每家", "多家", "两家")
#: jieba tags of words that are not places even when the model says so (北宋 t, 沿湖 f).
_NOT_PLACE_TAGS = frozenset(["t", "f", "a", "ad", "an", "v", "vn", "d", "m", "q", "r", "p", "c", "u", "i", "l", "s"])


def model_text(passage: Passage) -> str:
    """What the model reads: Simplified script (it was trained on it), Latin case kept."""
    return "".join(f if f.isascii() and f.isalpha() else n for f, n in zip(passage.folded, passage.normalized, strict=True))


def tag(passage: Passage, tagger: Tagger) -> list[TaggedWord]:
    """The model's words and tags of the passage (raises ModelUnavailable)."""
    return _merge_split_names(tagger.tag(model_text(passage)))


def find(passage: Passage, words: list[TaggedWord], vocabulary: Vocabulary) -> list[Candidate]:
    """The model's PER/LOC/ORG words (from `tag`) that pass the layer's checks."""
    out = []
    for i, word in enumerate(words):
        kind = _TYPES.get(word.tag)
        if kind is None:
            continue
        if kind == "person":
            word = _grow_transliterated(_person_edges(word, passage, vocabulary), passage, vocabulary)
        name = passage.normalized[word.start : word.end]
        after = words[i + 1] if i + 1 < len(words) else None
        following = passage.normalized[word.end : word.end + 4]
        if kind == "person" and word.start and passage.normalized[word.start - 1] in _NUMERALS:
            continue  # 1卢比: a unit after a number
        if kind == "person" and not _person_ok(name, following, vocabulary, cued=_cued(passage, word.start, word.end), one_word=_one_word(passage, word)):
            continue
        if kind == "place" and not _place_ok(name, following, after.tag if after else "", vocabulary):
            continue
        if kind == "org" and (not _org_ok(name, vocabulary) or passage.normalized[: word.start].endswith(_DESCRIBED_BY)):
            continue  # 一家 + 資安公司: a description
        if _cuts_latin(passage.folded, word.start, word.end):
            continue  # AI视频公司 cut as I视频公司
        if kind != "person" and _crosses_word(passage, word.start, word.end, vocabulary):
            continue  # 研究|所 cut as 究所: the model's edge falls inside a dictionary word
        if kind == "place" and _country_pair(name):
            # 中美, 欧美, 埃中: two places, one character each (中美在禁毒方面的合作).
            out += [Candidate(word.start + i, word.start + i + 1, kind, P_MODEL, "model") for i in (0, 1)]
            continue
        out.append(Candidate(word.start, word.end, kind, P_MODEL, "model"))
    return out


def _country_pair(name: str) -> bool:
    return len(name) == 2 and name[0] != name[1] and all(ch in rules.COUNTRY_CHARS for ch in name)




def _person_edges(word: TaggedWord, passage: Passage, vocabulary: Vocabulary) -> TaggedWord:
    """A person's name with its edges moved to the segmenter's word edges where the model's
    fall inside a word: 国务卿|托马斯·皮克林 loses 卿, 穆萨|敦促 loses 敦, 东条英机 and 季红真
    (one word of the segmenter starting where the name starts) are taken whole, 卢金也 loses
    the adverb."""
    start, end = word.start, word.end
    tokens = passage.tokens_over(start, end)
    if not tokens:
        return word
    first, last = tokens[0], tokens[-1]
    if first.start < start and vocabulary.is_known(first.text) and first.end < end:
        start = first.end
    if last.end > end:
        if last.start == start and len(last.text) <= 5 and all(is_han(ch) or ch in rules.NAME_DOTS for ch in last.text):
            end = last.end
        elif last.start > start + 1 and vocabulary.is_known(last.text):
            end = last.start
    if end - start > 2 and passage.normalized[end - 1] in rules.ADVERBS_AFTER_NAMES and passage.normalized[end - 1] == passage.normalized[last.start : last.end]:
        end -= 1
    return TaggedWord(start, end, word.tag) if (start, end) != (word.start, word.end) else word


def _grow_transliterated(word: TaggedWord, passage: Passage, vocabulary: Vocabulary) -> TaggedWord:
    """A transliterated name the model cut short grows over the transliterated characters
    next to it that no dictionary word holds but as a name (格雷特 + 施莱格)."""
    normalized = passage.normalized
    name = normalized[word.start : word.end]
    if not all(ch in rules.TRANSLITERATION_CHARS for ch in name):
        return word

    def free(pos: int) -> bool:
        if not (0 <= pos < len(normalized)) or normalized[pos] not in rules.TRANSLITERATION_CHARS:
            return False
        tok = passage.tokens_over(pos, pos + 1)
        return bool(tok) and (len(tok[0].text) == 1 or not vocabulary.is_known(tok[0].text) or vocabulary.tag(tok[0].text).startswith("nr"))

    start, end = word.start, word.end
    while end - start < 8 and free(end):
        end += 1
    while end - start < 8 and free(start - 1):
        start -= 1
    return TaggedWord(start, end, word.tag) if (start, end) != (word.start, word.end) else word


def _merge_split_names(words: list[TaggedWord]) -> list[TaggedWord]:
    """The model sometimes cuts a long transliterated name in two (亚斯特|任布斯基, 塔|科马市):
    two person words that touch are one name, and so is one character of a place before
    another place."""
    out: list[TaggedWord] = []
    for word in words:
        if out and word.tag == "PER" and out[-1].tag == "PER" and out[-1].end == word.start:
            out[-1] = TaggedWord(out[-1].start, word.end, "PER")
        elif out and word.tag == "LOC" and out[-1].tag == "LOC" and out[-1].end == word.start and out[-1].end - out[-1].start == 1:
            out[-1] = TaggedWord(out[-1].start, word.end, "LOC")  # 塔|科马市: one place cut in two
        else:
            out.append(word)
    return out


def _cued(passage: Passage, start: int, end: int) -> bool:
    """Whether the context says start:end is a person: a title right before it (总理 + 若斯潘),
    or a verb of speaking right after it (罗干 + 说)."""
    normalized = passage.normalized
    return normalized.startswith(_CUES_AFTER, end) or normalized[max(0, start - 6) : start].endswith(rules.TITLES)


#: What after a name says it is a person's: speaking, a title, 同志.
_CUES_AFTER = (*rules.SPEECH_CUES, *rules.TITLES_AFTER, "同志")


def _one_word(passage: Passage, word: TaggedWord) -> bool:
    """Whether the segmenter also reads start:end as one word (陳和生 before 說)."""
    tokens = passage.tokens_over(word.start, word.end)
    return len(tokens) == 1 and (tokens[0].start, tokens[0].end) == (word.start, word.end)


def _person_ok(name: str, following: str, vocabulary: Vocabulary, *, cued: bool = False, one_word: bool = False) -> bool:
    if not all(is_han(ch) or ch in rules.NAME_DOTS for ch in name):
        return False
    if len(name) < 2 or name[-1] in rules.NAME_DOTS or name[0] in rules.NAME_DOTS:
        return False
    if following.startswith(_NOT_AFTER_NAMES) or name.endswith(rules.TITLES_AFTER):
        return False  # 尤伯 + 杯 (a cup), 毛主席 (a title)
    if name.endswith(rules.FORMS_OF_ADDRESS) or name.startswith(rules.FORMS_OF_ADDRESS_BEFORE):
        return False  # 王小姐, 李老师, 老王: a form of address, not a name
    if any(ch in rules.NAME_DOTS for ch in name):
        return True  # 泰勒·布魯克斯
    if vocabulary.tag(name) in ("i", "l") or (len(name) == 4 and len(set(name)) < 4):
        return False  # an idiom; 金光灿灿: four characters with one twice (jieba calls it a name)
    if vocabulary.tag(name).startswith("nr") and (len(name) >= 3 or vocabulary.count(name) < 50 or (cued and vocabulary.count(name) < 1000)):
        return True  # a name in the dictionary (克林顿, 焦裕禄); not 高峰
    if vocabulary.tag(name).startswith("nr") and len(name) == 2 and not cued:
        # 殷红, 牛群, 苏铁: jieba tags them as names; only a cue says one is meant, or the
        # name is transliterated (琼斯).
        return vocabulary.tag(name) == "nrt" and all(ch in rules.TRANSLITERATION_CHARS for ch in name)
    compound = name[:2] in rules.COMPOUND_SURNAMES
    surname_first = (compound or name[0] in rules.ALL_SURNAMES) and len(name) <= 4
    count, tag = vocabulary.count(name), vocabulary.tag(name)
    common = count >= 50 and not tag.startswith("nr") and (not (surname_first and len(name) >= 3) or tag in _COMMON_WORD_TAGS)
    if common and count < 1000 and tag not in _COMMON_WORD_TAGS and all(ch in rules.TRANSLITERATION_CHARS for ch in name):
        common = False  # 穆勒 (a proper noun to jieba): a transliterated name
    # 殷红, 牛群: a common word the model took for a name, unless the context says it is a
    # person and the word is no everyday one (罗干 说: jieba calls it a place).
    if common and not (cued and count < 1000 and tag not in _COMMON_WORD_TAGS):
        return False
    if surname_first:
        given = name[2:] if compound else name[1:]
        # 陳和生 說: one word to the segmenter and a speaker, though 和 may follow a name.
        return not given.startswith(rules.NAME_FOLLOWERS) or (cued and one_word and vocabulary.count(name) == 0)
    # Not surname first: a transliterated name (奥尔布赖特, 科尔).
    return all(ch in rules.TRANSLITERATION_CHARS for ch in name)


def _place_ok(name: str, following: str, next_tag: str, vocabulary: Vocabulary) -> bool:
    if not all(is_han(ch) for ch in name):
        return False
    if following.startswith(rules.FOOD_WORDS):
        return False  # 兰州拉面, 台南牛肉汤: a dish named after a place
    if name in rules.GENERIC_PLACES:
        return False
    if name[0] in rules.NUMERAL_CHARS or (len(name) == 2 and name[0] == "沿"):
        return False  # 六县, 五大洲: a count of places; 沿河, 沿海: a direction
    count, tag = vocabulary.count(name), vocabulary.tag(name)
    if count >= 20 and tag in _NOT_PLACE_TAGS:
        return False  # 北宋 (a period), 沿湖 (a direction): known words of another kind
    # An unknown short word before a title is more likely a qualifier (新晋导演) than a place.
    return not (count == 0 and len(name) == 2 and following.startswith(rules.TITLES))


def _cuts_latin(folded: str, start: int, end: int) -> bool:
    """Whether start:end begins or ends inside a run of Latin letters or digits."""

    def alnum(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    return (start > 0 and alnum(folded[start - 1]) and alnum(folded[start])) or (
        end < len(folded) and alnum(folded[end - 1]) and alnum(folded[end])
    )


def _crosses_word(passage: Passage, start: int, end: int, vocabulary: Vocabulary) -> bool:
    """Whether an edge of start:end falls inside a known word of the segmenter."""
    for tok in passage.tokens_over(start, end):
        inside = tok.start < start < tok.end or tok.start < end < tok.end
        if inside and len(tok.text) >= 2 and vocabulary.is_known(tok.text):
            return True
    return False


def _org_ok(name: str, vocabulary: Vocabulary) -> bool:
    if len(name) < 2 or (len(name) == 2 and vocabulary.tag(name) != "nt"):
        return False  # 农村, 研究: two characters make an organisation only in the dictionary (中共)
    if name.endswith(("族", "者", "们", "人", "民")):
        return False  # 通勤族, 消费者: groups of people
    if name in rules.GENERIC_ORGS or name.startswith(_NOT_A_NAME_STARTS):
        return False  # 一所高校, 该公司, 在工地: a description, not a name
    if name.endswith(rules.EVENT_SUFFIXES):
        return False  # 世博会: an event
    if any(ch in "与和、" for ch in name):
        return False  # 双北与中南部: two names and a conjunction (及 may be in one: 康乐及文化事务署)
    suffix = next((x for x in rules.ORG_SUFFIXES if name.endswith(x)), "")
    head = name[: len(name) - len(suffix)]
    if suffix and len(head) <= 1:
        return False  # 大公司
    # 出版社: a kind of company, not a name (运输署 is one).
    return not (name.endswith(("公司", "社", "集团")) and vocabulary.tag(head) in _NOT_PLACE_TAGS)


#: What ends the name of a body, a school, a firm, a team (and not a description of one).
_WHOLE_ORG_ENDINGS = (*rules.ORG_SUFFIXES, "厂", "联合体", "报社", "舰队", "编队")
#: Words that a place and a common word before them only describe (美国人工智能公司,
#: 美国法院): the place stays a place.
_DESCRIBED_ENDINGS = ("政府", "公司", "集团", "银行", "法院", "国会", "议会", "当局", "军队", "部队", "警方", "部门")
#: Conjunctions: an organisation the model ran across one is two names (故宫与工研院).
_JOINERS = frozenset("与和及暨、")


def repair_orgs(chosen: list[Candidate], proposals: list[Candidate], passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """`chosen` (settled, sorted, not overlapping) with the model's whole organisations among
    `proposals` in place of the places inside them: 西安 + 电影制片厂, 长沙市 + 芙蓉区 +
    人民法院, 哥伦比亚 + 队 are one name each. An organisation holding a name the lists know
    as an organisation stays split (日本 + 九州国立博物馆), and so does one that crosses a
    longer name or only describes (美国人工智能公司)."""
    normalized = passage.normalized
    for org in proposals:
        if org.layer != "model" or org.type != "org":
            continue
        name = normalized[org.start : org.end]
        if len(name) < 4 or not name.endswith(_WHOLE_ORG_ENDINGS) or name.endswith(rules.VENUE_SUFFIXES):
            continue
        if any(ch in _JOINERS for ch in name) or vocabulary.tag(_first_token(passage, org.start)).startswith("v"):
            continue  # 故宫与工研院; 委托 + 工研院
        if any(len(t.text) == 1 and vocabulary.tag(t.text).startswith("v") for t in passage.tokens_over(org.start, org.end)):
            continue  # 中国 + 能 + 派队: a verb inside is a clause, not a name
        inside = [c for c in chosen if c.start < org.end and org.start < c.end]
        if any(c.start < org.start or c.end > org.end for c in inside):
            continue  # crosses a name found otherwise (深圳市交通运输局轨道交通处)
        if not inside or any(c.type != "place" or c.layer == "user" for c in inside):
            continue
        if _described(passage, org, inside[-1].end, vocabulary):
            continue
        chosen = [c for c in chosen if c not in inside]
        chosen.append(Candidate(org.start, org.end, "org", org.priority, "model"))
        chosen.sort(key=lambda c: c.start)
    return chosen


def _first_token(passage: Passage, start: int) -> str:
    tokens = passage.tokens_over(start, start + 1)
    return tokens[0].text if tokens else ""


def _described(passage: Passage, org: Candidate, place_end: int, vocabulary: Vocabulary) -> bool:
    """Whether the organisation is a place, common words and a generic body (美国人工智能公司,
    美国法院): a description, not a name."""
    name = passage.normalized[org.start : org.end]
    ending = next((x for x in _DESCRIBED_ENDINGS if name.endswith(x)), "")
    if not ending:
        return False
    middle_end = org.end - len(ending)
    for tok in passage.tokens_over(place_end, middle_end) if place_end < middle_end else ():
        tag = vocabulary.tag(tok.text)
        if vocabulary.is_known(tok.text):
            if tag.startswith(("nr", "ns", "nt", "nz")):
                return False  # 深圳 + 华为 + 公司: a name in the middle
        elif len(tok.text) < 4:
            return False  # a word the segmenter does not know: likely a name
    return True


#: The model's tags of names and terms (nz: a proper noun, nw: a work's title).
_NAME_TAGS = frozenset(["PER", "LOC", "ORG", "nz", "nw"])
#: jieba's tags of everyday words (a listed company named 苹果 or 统一 may be one).
_EVERYDAY_TAGS = frozenset(["n", "v", "vn", "a", "ad", "an", "d", "l", "i"])
#: What shows a company is meant by an everyday word (苹果公司, 小米手机, 联想集团).
_COMPANY_WORDS = (
    "公司", "集团", "手机", "电脑", "笔电", "平板", "股价", "股份", "控股", "旗下", "财报", "营收", "市值",
    "董事长", "执行长", "总裁", "首席执行官", "创办人", "创始人", "品牌", "芯片", "商店",
)


def overruled(found: list[Candidate], words: list[TaggedWord], passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """`found` without the names the model reads as everyday words: a person the
    part-of-speech layer guessed (雷阵雨, 许可证: jieba tags them as names), a listed company
    named by an everyday word (统一 in 中国的统一, 苹果 in 红富士苹果基地) unless a company word
    or a Latin name follows it (苹果公司, 蘋果（Apple）)."""
    by_start = {w.start: w for w in words}
    edges = {w.start for w in words} | {w.end for w in words}
    out = []
    for c in found:
        word = by_start.get(c.start)
        if c.layer == "title" and c.type == "person" and _end_of_a_longer_name(c, words, passage.normalized):
            continue  # 拉特納|亞克: the model reads one transliterated name
        if c.layer == "pos" and c.type == "person":
            if word is not None and word.end == c.end and word.tag != "PER":
                continue
            if _cut_across(c, words, edges):
                continue  # 第2季|营收 read as 季营收: the model's words cross the guess
        elif c.layer == "gazetteer" and c.type in ("org", "product") and _inside_a_person(c, words):
            continue  # 吳|高盛: a listed name at the end of a person's name
        elif c.layer == "gazetteer" and c.type in ("org", "product") and _everyday(passage.normalized[c.start : c.end], vocabulary):
            # The model reads a name starting here (苹果/ORG, 百度文心/nz), or the text names the company.
            starts_name = word is not None and word.end >= c.end and word.tag in _NAME_TAGS
            if not starts_name and not _company_after(passage, c.end):
                continue
        out.append(c)
    return out


def _end_of_a_longer_name(c: Candidate, words: list[TaggedWord], normalized: str) -> bool:
    """Whether a person's name of the model ends where the candidate ends and starts before
    it with transliterated characters only (拉特纳 + 亚克)."""
    return any(
        w.tag == "PER" and w.end == c.end and w.start < c.start and all(ch in rules.TRANSLITERATION_CHARS for ch in normalized[w.start : c.start])
        for w in words
    )


def _inside_a_person(c: Candidate, words: list[TaggedWord]) -> bool:
    """Whether a person's name of the model holds the candidate and more (吴高盛 holds 高盛)."""
    return any(w.tag == "PER" and w.start <= c.start and c.end <= w.end and w.end - w.start > c.end - c.start for w in words)


def _cut_across(c: Candidate, words: list[TaggedWord], edges: set[int]) -> bool:
    """Whether no person word of the model overlaps the candidate and one of the model's
    words crosses one of its edges."""
    if c.start in edges and c.end in edges:
        return False
    return not any(w.tag == "PER" and w.start < c.end and c.start < w.end for w in words)


def _everyday(name: str, vocabulary: Vocabulary) -> bool:
    return len(name) == 2 and vocabulary.count(name) >= 300 and vocabulary.tag(name) in _EVERYDAY_TAGS


def _company_after(passage: Passage, end: int) -> bool:
    rest = passage.folded[end : end + 3].lstrip("（( ")
    return (rest[:1].isascii() and rest[:1].isalpha()) or passage.normalized.startswith(_COMPANY_WORDS, end)

