"""The title layer: a person's name right after a title (董事長魏哲家) or before one (刘洋教授)."""

from __future__ import annotations

import re

from reader.entities import rules
from reader.entities.candidates import P_TITLE_NAME, Candidate
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary
from reader.text import is_han

_TITLE_RE = re.compile("|".join(map(re.escape, rules.TITLES)))
_TITLE_AFTER_RE = re.compile("|".join(map(re.escape, rules.TITLES_AFTER)))


def find(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """Surname-first names of two to four characters next to a title, where names sit."""
    normalized = passage.normalized
    out = []
    token_starts = {t.start for t in passage.tokens}
    for m in _TITLE_RE.finditer(normalized):
        if m.start() not in token_starts:
            continue  # 主編 in 自主編程 is no title
        q = m.end()
        for length in (4, 3) if normalized[q : q + 2] in rules.COMPOUND_SURNAMES else (3, 2):
            name = normalized[q : q + length]
            if len(name) < length or not all(is_han(ch) for ch in name):
                continue
            if name[0] not in rules.SURNAMES and name[:2] not in rules.COMPOUND_SURNAMES:
                break
            if not vocabulary.plausible_name(name):
                continue
            if length == 3 and name[-1] in rules.ADVERBS_AFTER_NAMES and q + 2 in token_starts:
                continue  # 主席 + 卢金 + 也警告
            if passage.name_ends_at(q + length):
                out.append(Candidate(q, q + length, "person", P_TITLE_NAME, "title"))
                break
    out += _dictionary_names(passage, vocabulary)
    for m in _TITLE_AFTER_RE.finditer(normalized):
        s = m.start()
        for length in (3, 2):
            start = s - length
            if start < 0:
                continue
            name = normalized[start:s]
            if not all(is_han(ch) for ch in name) or name[0] not in rules.SURNAMES:
                continue
            if not vocabulary.plausible_name(name):
                continue
            before = normalized[start - 1] if start > 0 else " "
            if before in rules.NAME_END_CHARS or before in "的与和及、":
                out.append(Candidate(start, s, "person", P_TITLE_NAME, "title"))
                break
    return out


#: jieba's tags of people's names (nrt: transliterated).
_PERSON_TAGS = ("nr", "nrt", "nrfg")


def _dictionary_names(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """Words the dictionary knows as people's names (若斯潘, 内塔尼亚胡, 罗干) where the
    context says a person stands: right after a title (总理 + 若斯潘), right before a title
    (若斯潘 + 总理) or a verb of speaking (内塔尼亚胡 + 说). Everyday words the dictionary
    also tags as names (雷阵雨, 许可证, 高峰) are never next to both."""
    normalized, tokens = passage.normalized, passage.tokens
    out = []
    for i, tok in enumerate(tokens):
        word = tok.text
        if not 2 <= len(word) <= 6 or not vocabulary.tag(word).startswith(_PERSON_TAGS) or not all(is_han(ch) for ch in word):
            continue
        if vocabulary.count(word) >= 1000 and len(word) < 3:
            continue  # 高峰, 文化: frequent two-character words jieba also calls names
        if word.endswith(rules.TITLES) or word.endswith(rules.FORMS_OF_ADDRESS):
            continue
        surname_first = word[0] in rules.ALL_SURNAMES or word[:2] in rules.COMPOUND_SURNAMES
        if not ((surname_first and vocabulary.plausible_name(word)) or all(ch in rules.TRANSLITERATION_CHARS for ch in word)):
            continue  # 英文书: jieba's name tags are noisy
        before = normalized[tok.start - 1] if tok.start else " "
        if before in rules.NAME_DOTS or (i > 0 and len(tokens[i - 1].text) == 1 and is_han(before) and before not in _BEFORE_NAMES):
            continue  # 玛格丽特·里德, 伊|拉拉, 吴|高盛: the end of a longer name
        if i > 0 and is_han(before) and not vocabulary.is_known(tokens[i - 1].text):
            continue  # 拉特纳|亚克: a word the segmenter made up before it, the start of the name
        title_before = i > 0 and tokens[i - 1].text.endswith(rules.TITLES)
        title_after = i + 1 < len(tokens) and tokens[i + 1].text in _TITLE_SET
        speaks = normalized.startswith(rules.SPEECH_CUES, tok.end)
        if (title_before and passage.name_ends_at(tok.end)) or title_after or speaks:
            out.append(Candidate(tok.start, tok.end, "person", P_TITLE_NAME, "title"))
    return out


_TITLE_SET = frozenset(rules.TITLES)
#: One-character words a name may follow (在, 由, 和 ...).
_BEFORE_NAMES = frozenset("在由和与及对向把被让给跟同从据是为将令使请问")
