"""jieba's dictionary as the name rules consult it: word counts, parts of speech, plausible names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reader.entities import rules

#: jieba's tags of everyday words (nouns, verbs, adjectives, adverbs).
_EVERYDAY_TAGS = frozenset(["n", "v", "vn", "a", "ad", "an", "d"])


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word counts and part-of-speech tags (ns place, nt organisation, nr person...). `counts`
    is the segmenter's own table, so words taught to it later are known too."""

    counts: dict[str, int]
    tags: dict[str, str]

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def is_known(self, word: str) -> bool:
        """Whether the word is in the dictionary (the segmenter's HMM also makes up words)."""
        return self.counts.get(word, 0) > 0

    def tag(self, word: str) -> str:
        """The part of speech, "" when the dictionary has none."""
        return self.tags.get(word, "")

    def plausible_name(self, name: str) -> bool:
        """Whether a surname-first word can be a person's name: not a common word (範圍, 房子,
        高峰: jieba tags many as names), not a surname before a common word (程 + 能力),
        not a surname before the verb that follows names (司徒 + 表示)."""
        count, tag = self.count(name), self.tag(name)
        if count >= 100 and not tag.startswith("nr"):
            return False
        if tag in ("i", "l"):
            return False  # 金光灿灿: an idiom
        if len(name) == 3 and self.count(name[:2]) >= 2000 and self.tag(name[:2]) in _EVERYDAY_TAGS:
            return False  # 范围 + 广: an everyday word and a character, not a surname and a name
        if count >= 1000 and len(name) < 3:
            return False  # 高峰; but frequent three-character names are famous people (江泽民)
        given = name[2:] if name[:2] in rules.COMPOUND_SURNAMES and len(name) > 2 else name[1:]
        if len(given) > 1 and self.count(given) >= 500 and not self.tag(given).startswith("nr"):
            return False
        return not given.startswith(rules.NAME_FOLLOWERS)


@lru_cache(maxsize=1)
def pos_tags() -> dict[str, str]:
    """jieba's part-of-speech dictionary (word -> tag) for the shared tokenizer."""
    import jieba.posseg

    from reader.text import segment

    shared = segment.tokenizer()
    if getattr(shared, "dictionary", None) == jieba.posseg.dt.tokenizer.dictionary:
        # The same dictionary file: importing jieba.posseg has read its tags already (a second
        # table would hold another ~40 MB).
        tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
    else:
        tags = jieba.posseg.POSTokenizer(shared).word_tag_tab
    return tags
