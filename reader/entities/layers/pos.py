"""The part-of-speech layer, the weakest: what jieba's tags and guesses say, where rules agree.

Known places and organisations that end like one, and unknown words its HMM put together that
start with a surname and sit where names sit.
"""

from __future__ import annotations

from reader.entities import rules
from reader.entities.candidates import P_POS, Candidate
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary
from reader.text import is_han

_PLACE_NAME_ENDINGS = frozenset("市县区省州镇乡岛湾港")
_NOT_NAME_ENDINGS = ("先生", "女士", "小姐", "太太", "老师", "家", "们")


def find(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """Places, organisations and person names guessed from the segmentation (full mode only)."""
    tokens = passage.tokens
    out = []
    for index, tok in enumerate(tokens):
        word = tok.text
        if len(word) < 2 or not all(is_han(ch) for ch in word):
            continue
        if vocabulary.is_known(word):
            # jieba's ns and nt lists are long and noisy (青春, 太阳 are places; 网络通信 is
            # an organisation): only names that end like one count.
            tag = vocabulary.tag(word)
            if tag == "ns" and len(word) >= 3 and word[-1] in _PLACE_NAME_ENDINGS:
                out.append(Candidate(tok.start, tok.end, "place", P_POS, "pos"))
            elif tag == "nr" and len(word) == 3 and _name_here(passage, index, vocabulary):
                # A known three-character name (江泽民, 邓小平) where names sit.
                out.append(Candidate(tok.start, tok.end, "person", P_POS, "pos"))
            elif tag == "nt" and len(word) >= 4 and word.endswith(rules.ORG_SUFFIXES) and not word.endswith(rules.GENERIC_INSTITUTIONS):
                out.append(Candidate(tok.start, tok.end, "org", P_POS, "pos"))
            continue
        # An unknown word the segmenter's HMM put together: a name if it starts with a
        # surname and sits where names sit.
        if not (2 <= len(word) <= 4):
            continue
        compound = word[:2] in rules.COMPOUND_SURNAMES
        if not compound and (word[0] not in rules.SURNAMES or len(word) == 4):
            continue
        if word.endswith(_NOT_NAME_ENDINGS):
            continue
        if not vocabulary.plausible_name(word):
            continue
        follows = passage.name_ends_at(tok.end)
        after_title = index > 0 and tokens[index - 1].text.endswith(rules.TITLES)
        if len(word) == 2 and not compound and not (follows and after_title):
            continue
        if not (follows or after_title):
            continue
        out.append(Candidate(tok.start, tok.end, "person", P_POS, "pos"))
    return out


def _name_here(passage: Passage, index: int, vocabulary: Vocabulary) -> bool:
    """Whether the known word at token `index` is a surname-first name where names sit."""
    tokens = passage.tokens
    tok = tokens[index]
    word = tok.text
    if word[0] not in rules.SURNAMES and word[:2] not in rules.COMPOUND_SURNAMES:
        return False
    if not vocabulary.plausible_name(word):
        return False
    after_title = index > 0 and tokens[index - 1].text.endswith(rules.TITLES)
    before = passage.normalized[tok.start - 1] if tok.start else " "
    return passage.name_ends_at(tok.end) or after_title or before in rules.NAME_END_CHARS
