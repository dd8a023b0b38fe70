"""The entity extractor, which runs the layers and settles overlaps; the shared one and its cache.

Every offset indexes the text given; normalisation is length preserving, so matching on
normalised text keeps offsets valid. Extraction loads jieba (about a second the first time):
never call it on the UI thread.
"""

from __future__ import annotations

import hashlib
import re
import threading

from reader.entities import layers, model, rules
from reader.entities.candidates import EVENT, P_LATIN, Candidate
from reader.entities.gazetteer import (
    SUPPRESS,
    NameList,
    UserDictionary,
    load_user_dictionary,
    never_entities,
    shipped_names,
)
from reader.entities.passage import Passage, Token, fold_width
from reader.entities.resolution import in_title_zone, resolve, title_zones
from reader.entities.spans import NAME_TYPES, EntitySpan
from reader.entities.vocabulary import Vocabulary, pos_tags
from reader.lru import LRU
from reader.text import normalize, segment
from reader.text.han import HAN_CLASS
from reader.text.runs import bounded_pieces

__all__ = ["EntityExtractor", "cached_entities", "extract_entities", "extractor"]

_NUMERAL_BEFORE = frozenset("0123456789数几上一二两三四五六七八九十")


class EntityExtractor:
    """Finds entities in text. Build once (it loads jieba), then call `extract` from any thread."""

    def __init__(self, user: UserDictionary | None = None, *, use_model: bool = True) -> None:
        #: Whether full extraction runs the statistical model (when it is installed).
        self.use_model = use_model
        self.gazetteer = shipped_names()
        self.user = user if user is not None else UserDictionary(path=None)
        self.user_names = NameList()
        self.suppressed: set[str] = set()
        for entry in self.user.entries:
            if entry.type == SUPPRESS:
                self.suppressed.add(normalize(entry.name) if not entry.name.isascii() else entry.name)
            else:
                self.user_names.add(entry.name, entry.type)
        # The segmenter must keep the user's names whole (it runs on normalised text).
        han_user_words = list(self.user_names.han)
        if han_user_words:
            segment.add_words(han_user_words)
        self.stoplist = never_entities()
        self._tokenizer = segment.tokenizer()
        self.vocabulary = Vocabulary(self._tokenizer.FREQ, pos_tags())

    def extract(self, text: str, *, quick: bool = False, with_model: bool = True) -> list[EntitySpan]:
        """Entities of `text`, sorted by position, never overlapping.

        `quick` (for the search index) reuses the index's segmentation (no HMM) and skips the
        part-of-speech and model layers: a small part of the cost, the same gazetteer, user,
        rule and Latin names, far fewer person names and no names only the model knows.
        `with_model=False` runs every layer but the model (it loads it on first use)."""
        if not text:
            return []
        passage = self._passage(text, quick=quick)
        found = [
            *layers.user.find(passage, self.user_names),
            *layers.patterns.find(passage, self.vocabulary),
            *layers.gazetteer.find(passage, self.gazetteer, self.vocabulary),
            *layers.latin.find(passage, self.gazetteer),
            *layers.quoted.find(passage),
            *layers.companies.find(passage, self.vocabulary),
            *layers.titles.find(passage, self.vocabulary),
        ]
        if not quick:
            found += layers.pos.find(passage, self.vocabulary)
            tagger = model.shared() if self.use_model and with_model else None
            if tagger is not None:
                try:
                    words = layers.model.tag(passage, tagger)
                except model.ModelUnavailable:
                    pass  # the model's process failed: the other layers' names still stand
                else:
                    found = layers.model.overruled(found, words, passage, self.vocabulary)
                    found += layers.model.find(passage, words, self.vocabulary)
        zones = title_zones(passage.normalized)
        found = [c for c in found if self._allowed(c, passage) and not in_title_zone(c, zones)]
        # Chains grow from the names settled so far; repeats copy the names settled then.
        found += layers.chains.find(passage, resolve(found, len(text)), self.vocabulary)
        settled = resolve(found, len(text))
        found += layers.products.find(passage, settled, self.vocabulary) + layers.companies.aliases(passage, settled)
        found += layers.repeats.find(passage, resolve(found, len(text)))
        chosen = _join_bodies(resolve([c for c in found if not in_title_zone(c, zones)], len(text)), passage)
        chosen = layers.model.repair_orgs(chosen, found, passage, self.vocabulary)
        chosen = self._trim_generic_tails(chosen, passage)
        models = _model_codes(chosen, passage, self.vocabulary)
        if models:
            chosen = resolve(chosen + models, len(text))
        return [EntitySpan(text[c.start : c.end], c.type, c.start, c.end) for c in chosen if c.type != EVENT]

    def names_for_index(self, text: str) -> list[str]:
        """The distinct names in `text` (normalised body is fine) for the index's `entity`
        field, in order of first appearance; numbers, dates and hashtags left out."""
        seen: dict[str, None] = {}
        for span in self.extract(text, quick=True):
            if span.type in NAME_TYPES:
                seen.setdefault(" ".join(span.text.split()), None)
        return list(seen)

    def _passage(self, text: str, *, quick: bool) -> Passage:
        normalized = normalize(text)
        if quick:
            # The search index's own cut: indexing then cuts each body once.
            tokens = [Token(start, end, word) for word, start, end in segment.cut(normalized)]
        else:
            tokens = []
            for pos, end in bounded_pieces(normalized):  # long unknown runs: quadratic HMM
                for word in self._tokenizer.cut(normalized[pos:end], HMM=True):
                    tokens.append(Token(pos, pos + len(word), word))
                    pos += len(word)
        return Passage(normalized, fold_width(text), tokens)

    def _trim_generic_tails(self, chosen: list[Candidate], passage: Passage) -> list[Candidate]:
        """Places ending in a generic word lose it (亚洲地区 → 亚洲, 青藏高原东部 → 青藏高原);
        when what is left names no place (沿海地区, 港口城市, 中心市区), nothing is marked."""
        out = []
        for c in chosen:
            name = passage.normalized[c.start : c.end]
            tail = next((t for t in rules.GENERIC_PLACE_TAILS if name.endswith(t)), "") if c.type == "place" and c.layer != "user" else ""
            if tail and len(name) > len(tail):
                head = name[: len(name) - len(tail)]
                if not self._names_a_place(head):
                    continue
                c = Candidate(c.start, c.end - len(tail), c.type, c.priority, c.layer)
            out.append(c)
        return out

    def _names_a_place(self, word: str) -> bool:
        if any((s, e, kind) == (0, len(word), "place") for s, e, kind in self.gazetteer.han_matches(word)):
            return True
        tag = self.vocabulary.tag(word)
        return len(word) >= 2 and (tag in ("ns", "nz", "nr", "nrt") or not self.vocabulary.is_known(word))

    def _allowed(self, c: Candidate, passage: Passage) -> bool:
        """Whether neither the stoplist nor the user's `none` entries forbid the candidate
        (the user's own names are always allowed)."""
        if c.layer == "user":
            return True
        key = passage.normalized[c.start : c.end]
        if key in self.stoplist:
            return False
        if c.type == "person" and key in rules.REIGN_TITLES and not passage.normalized.startswith(("帝", "皇帝"), c.end):
            return False  # 宣德青花: an era
        if c.type == "place" and (key in rules.GENERIC_PLACES or passage.normalized.startswith(rules.FOOD_WORDS, c.end)):
            return False  # 新市镇 names no town; 兰州拉面, 台南牛肉汤 are dishes
        if c.start and key[:1] in "百千万亿" and passage.normalized[c.start - 1] in _NUMERAL_BEFORE:
            return False  # 百度 in 数百度 is a number

        return not (self.suppressed and (key in self.suppressed or passage.folded[c.start : c.end] in self.suppressed))


_MODEL_CODE_RE = re.compile(r" ?([A-Z]{0,4}-?\d[A-Za-z0-9]*(?:[.-]\d+[A-Za-z0-9]*)*)(?![A-Za-z0-9%])")
#: A version after a product's name: 鸿蒙5.0, 文心一言 4.5.
_VERSION_RE = re.compile(r" ?[vV]?\d{1,2}\.\d{1,2}(?![\d.%])")
#: A product line named in Han characters, then its model: 驍龍8 Gen 3, 麒麟9020, 天璣9400.
_HAN_LINE_CODE_RE = re.compile(
    rf"([{HAN_CLASS}]{{2,3}}) ?(\d[A-Za-z0-9]*(?:[.-]\d+[A-Za-z0-9]*)*(?: (?:Gen|Pro|Max|Ultra|Plus|Elite) ?\d*)*)(?![A-Za-z0-9%.])"
)
#: A model in Latin letters after a car maker or a device maker: Model Y, Model 3, Vision Pro.
_LATIN_MODEL_RE = re.compile(r" ?((?:Model|Vision|Galaxy|Pixel|Surface|Mate|Pura|Find|Reno) [A-Z0-9][A-Za-z0-9]*)(?![A-Za-z0-9])")


def _model_codes(chosen: list[Candidate], passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """A model number right after a maker is a product: Boeing 787-10, 空客A350-900."""
    out = []
    for c in chosen:
        if c.type == "product":
            v = _VERSION_RE.match(passage.folded, c.end)
            if v is not None and passage.normalized[v.end() : v.end() + 1] not in _UNIT_CHARS:
                out.append(Candidate(c.start, v.end(), "product", c.priority + 1, c.layer))  # 鸿蒙 + 5.0
            continue
        if c.type != "org":
            continue
        m = _MODEL_CODE_RE.match(passage.folded, c.end)
        # Digits alone are a model only with a dash (787-10); 2025 is a year, 365 a number.
        if m is not None and (not m.group(1).isdigit() or "-" in m.group(1)):
            out.append(Candidate(m.start(1), m.end(1), "product", P_LATIN, "latin"))
            continue
        m = _LATIN_MODEL_RE.match(passage.folded, c.end) or _HAN_LINE_CODE_RE.match(passage.folded, c.end)
        if (
            m is not None
            and passage.normalized[m.end() : m.end() + 1] not in _UNIT_CHARS
            and not any(ch in _NOT_A_LINE for ch in m.group(1))
            and not vocabulary.tag(passage.normalized[m.start(1) : m.start(1) + 2]).startswith("v")
            and m.group(m.re.groups).upper() not in _NETWORKS
        ):
            # 高通 + 驍龍8 Gen 3, 華為 + 麒麟9020, 特斯拉 + Model Y; not 台積電 + 3奈米, 三星 +
            # 第2季, 華為 + 推出5G (a verb and a network).
            out.append(Candidate(m.start(1), m.end(), "product", P_LATIN, "latin"))
    return out


#: Generations of mobile networks, never a model (5G手機).
_NETWORKS = frozenset(["2G", "3G", "4G", "5G", "6G"])
#: What after a number makes it a quantity, not a model (3奈米, 5G, 2成).
_UNIT_CHARS = frozenset("年月日号元个家台辆名位岁季成倍%度亿万千百米奈纳比分")
#: Characters no product line's name holds (第三代3奈米 is a count, 今年8月 a date, 主场以87比79 a score).
_NOT_A_LINE = frozenset("第代今去明前后年月日的在是和与及将于从为到约近共以场")


def _join_bodies(chosen: list[Candidate], passage: Passage) -> list[Candidate]:
    """A place right before a public body or a party is part of its name (美国 + 财政部 →
    美国财政部, 台湾 + 民众党 → 台湾民众党)."""
    out: list[Candidate] = []
    for c in chosen:
        last = out[-1] if out else None
        if (
            last is not None
            and last.type == "place"
            and c.type == "org"
            and last.end == c.start
            and last.layer != "user"
            and c.layer != "user"
            and passage.normalized[c.start : c.end].endswith((*rules.GOVERNMENT_SUFFIXES, "党"))
        ):
            out[-1] = Candidate(last.start, c.end, "org", c.priority, c.layer)
            continue
        out.append(c)
    return out


# --- the shared extractor and its results ----------------------------------------------------

_lock = threading.Lock()
_extractor: EntityExtractor | None = None
#: Entities of the articles read last, by content, user dictionary and whether the model ran.
_results: LRU[tuple[str, tuple[int, int] | None, bool], tuple[EntitySpan, ...]] = LRU(256)


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


def extract_entities(text: str, *, with_model: bool = True) -> tuple[EntitySpan, ...]:
    """Entities of `text` (an Article.body, a file's text), cached by content. The model
    (`with_model`) finds more names but loads slowly the first time: the reading view asks
    without it first, then with it."""
    ex = extractor()
    return _results.get_or_make(_key(text, ex, with_model), lambda: tuple(ex.extract(text, with_model=with_model)))


def cached_entities(text: str) -> tuple[EntitySpan, ...] | None:
    """The full entities of `text` if they were found already, else None (never slow once
    the extractor is built)."""
    ex = extractor()
    return _results.get(_key(text, ex, True))


def model_pending() -> bool:
    """Whether full extraction would still run the model for the first time (or at all:
    False when it is not installed or failed to load)."""
    return model.available() and not model.loaded()


def _key(text: str, ex: EntityExtractor, with_model: bool) -> tuple[str, tuple[int, int] | None, bool]:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return (digest, ex.user.stamp, with_model and ex.use_model and model.available())
