"""Script variants: Simplified ⇄ Traditional (Taiwan, Hong Kong) conversion with offset maps,
the article's own script, the `t` toggle, and the preferences behind them.

Conversion uses opencc. The character-level configs keep the length (one character for one),
so offsets need no map. The vocabulary configs (软件 → 軟體, U盘 → 隨身碟) change lengths;
their phrases never contain punctuation or whitespace, so the text is aligned chunk by chunk
between separators, and a changed chunk is cut where converting its two halves gives the same
result as converting it whole. That gives every word its own block in the offset map, so a
highlight on a word lands on the converted form of that word.

Where opencc is wrong for the user's texts (干 in the name 李干 is not 幹), a user override
list in the config dir wins: see `OVERRIDES_HELP`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from reader.offset_map import Block, OffsetMap
from reader.text import opencc_converter

if TYPE_CHECKING:
    from reader.article import Article


class ScriptVariant(StrEnum):
    """A script to show text in; ORIGINAL shows it as written."""

    ORIGINAL = "original"
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    TW = "tw"
    HK = "hk"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_traditional(self) -> bool:
        return self in TRADITIONAL_TARGETS


_LABELS = {
    ScriptVariant.ORIGINAL: "original",
    ScriptVariant.SIMPLIFIED: "简体",
    ScriptVariant.TRADITIONAL: "繁體",
    ScriptVariant.TW: "繁體·臺灣",
    ScriptVariant.HK: "繁體·香港",
}

#: The Traditional targets a user may prefer.
TRADITIONAL_TARGETS = (ScriptVariant.TW, ScriptVariant.HK, ScriptVariant.TRADITIONAL)


@dataclass(frozen=True, slots=True)
class ScriptPreferences:
    """Which Traditional the toggle shows, and whether regional vocabulary is converted too
    (软件 → 軟體 in Taiwan; 人工智慧 → 人工智能). Vocabulary is off by default: opencc's phrase
    tables also rewrite words that should stay (法律程序 → 法律程式)."""

    traditional: ScriptVariant = ScriptVariant.TW
    vocabulary: bool = False

    def __post_init__(self) -> None:
        if self.traditional not in TRADITIONAL_TARGETS:
            raise ValueError(f"not a Traditional target: {self.traditional}")

    def to_dict(self) -> dict[str, object]:
        return {"traditional": self.traditional.value, "vocabulary": self.vocabulary}

    @classmethod
    def from_dict(cls, data: object) -> tuple[ScriptPreferences, list[str]]:
        """Preferences from stored data; unknown values fall back to defaults and are reported."""
        problems: list[str] = []
        if not isinstance(data, dict):
            if data is not None:
                problems.append("script preferences are not a mapping; defaults used")
            return cls(), problems
        prefs = cls()
        traditional = data.get("traditional")
        if traditional is not None:
            try:
                prefs = replace(prefs, traditional=ScriptVariant(traditional))
            except ValueError:
                problems.append(f"unknown Traditional target {traditional!r}; using {prefs.traditional.value}")
        vocabulary = data.get("vocabulary")
        if isinstance(vocabulary, bool):
            prefs = replace(prefs, vocabulary=vocabulary)
        elif vocabulary is not None:
            problems.append(f"vocabulary should be true or false, not {vocabulary!r}; using false")
        return prefs, problems


# --- the article's own script and the toggle ------------------------------------------------


# Characters that are standard Traditional too, but that s2t rewrites in some words (one
# Simplified character for several Traditional ones: 干 乾 幹, 台 臺 颱 檯, 准 準). In Traditional
# text they are no evidence of Simplified.
_SHARED = frozenset(
    "干后里台准布占峰吃秘核于面制系只才余云松范周卷征游志谷斗表回向丑朴仆板出合划姜家据克困了"
    "蒙辟舍咸致折症注曲胡升岳凶托杰几借千沈涂采伙并"
)
_HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000))
_classes: tuple[re.Pattern[str], re.Pattern[str]] | None = None
_classes_lock = threading.Lock()


def _script_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matching one character only Traditional uses, and one only Simplified uses.

    Built once (≈ 30 ms) from what opencc's t2s and s2t do to each character on its own.
    """
    global _classes
    with _classes_lock:
        if _classes is None:
            chars = [chr(code) for start, stop in _HAN_RANGES for code in range(start, stop)]
            joined = "\n".join(chars)
            to_simplified = opencc_converter("t2s").convert(joined).split("\n")
            to_traditional = opencc_converter("s2t").convert(joined).split("\n")
            traditional = "".join(c for c, s in zip(chars, to_simplified) if s != c)
            simplified = "".join(c for c, t in zip(chars, to_traditional) if t != c and c not in _SHARED)
            _classes = (
                re.compile(f"[{re.escape(traditional)}]"),
                re.compile(f"[{re.escape(simplified)}]"),
            )
        return _classes


def detect_script(text: str) -> ScriptVariant | None:
    """SIMPLIFIED or TRADITIONAL: which one `text` is written in; None when it does not tell
    (no Chinese, or only characters both scripts share).

    Counts characters only one of the two scripts uses (those opencc's t2s, or s2t, rewrites).
    """
    traditional_re, simplified_re = _script_classes()
    traditional = len(traditional_re.findall(text))
    simplified = len(simplified_re.findall(text))
    if traditional > simplified:
        return ScriptVariant.TRADITIONAL
    if simplified > traditional:
        return ScriptVariant.SIMPLIFIED
    return None


def family(variant: ScriptVariant | None) -> ScriptVariant | None:
    """SIMPLIFIED, TRADITIONAL (for every Traditional target) or None."""
    if variant is None or variant is ScriptVariant.ORIGINAL:
        return None
    return ScriptVariant.TRADITIONAL if variant.is_traditional else ScriptVariant.SIMPLIFIED


def shown_script(variant: ScriptVariant, script: ScriptVariant | None) -> ScriptVariant | None:
    """The script a text written in `script` is shown in under `variant`."""
    return script if variant is ScriptVariant.ORIGINAL else variant


def toggled(
    variant: ScriptVariant, script: ScriptVariant | None, preferences: ScriptPreferences
) -> ScriptVariant:
    """What `t` switches to, for an article written in `script` shown under `variant`.

    Shown as written (or in its own script) → the other script: Simplified for a Traditional
    article, the preferred Traditional for a Simplified one. Shown converted → ORIGINAL. The
    variant applies to everything shown (sidebar titles too), so after `t` on a Traditional
    article the whole library reads in Simplified until the next `t`.
    """
    shown = family(shown_script(variant, script))
    own = family(script) or ScriptVariant.SIMPLIFIED
    if shown is None or shown is own:
        return ScriptVariant.SIMPLIFIED if own is ScriptVariant.TRADITIONAL else preferences.traditional
    return ScriptVariant.ORIGINAL


def with_preferences(variant: ScriptVariant, preferences: ScriptPreferences) -> ScriptVariant:
    """A shown variant after the preferred Traditional target changed."""
    return preferences.traditional if variant.is_traditional else variant


def describe(variant: ScriptVariant, script: ScriptVariant | None) -> str:
    """A short status text: which script is shown and whether it is converted."""
    if variant is ScriptVariant.ORIGINAL or config_for(script, variant) is None:
        shown = shown_script(variant, script)
        return f"{shown.label} (original)" if shown else "as written"
    return f"{variant.label} (from {script.label})" if script else variant.label


# --- which opencc config ----------------------------------------------------------------------

#: Configs that change one character for one character.
CHARACTER_CONFIGS = frozenset({"t2s", "s2t", "s2tw", "tw2s", "t2tw", "s2hk", "hk2s", "t2hk"})
#: Vocabulary configs and their character-only twin (same output where no phrase applied).
_TWIN = {"s2twp": "s2tw", "tw2sp": "tw2s", "s2hkp": "s2hk", "hk2sp": "hk2s"}


def config_for(
    script: ScriptVariant | None, target: ScriptVariant, vocabulary: bool = False
) -> str | None:
    """The opencc config turning text written in `script` into `target`; None: leave as is.

    Text that does not tell its script is treated as Simplified (for it, both agree). From
    Traditional to a Traditional target only the characters change: opencc has no
    Traditional-to-regional vocabulary config, and going through Simplified loses (獲准 → 獲準).
    """
    if target is ScriptVariant.ORIGINAL:
        return None
    if script is ScriptVariant.TRADITIONAL or (script is not None and script.is_traditional):
        return {
            ScriptVariant.SIMPLIFIED: "tw2sp" if vocabulary else "t2s",
            ScriptVariant.TRADITIONAL: None,
            ScriptVariant.TW: "t2tw",
            ScriptVariant.HK: "t2hk",
        }[target]
    return {
        ScriptVariant.SIMPLIFIED: None,
        ScriptVariant.TRADITIONAL: "s2t",
        ScriptVariant.TW: "s2twp" if vocabulary else "s2tw",
        ScriptVariant.HK: "s2hkp" if vocabulary else "s2hk",
    }[target]


# --- user overrides -------------------------------------------------------------------------

OVERRIDES_FILE = "script-overrides.txt"

OVERRIDES_HELP = """\
# reader: words opencc converts wrongly for you. One rule per line:
#   FROM<TAB>TO[<TAB>TARGETS]
# FROM is looked up in the text being converted and shown as TO instead of opencc's result.
# TARGETS (optional) limits the rule to some targets, comma separated:
#   simplified, traditional (every Traditional), tw, hk.  Default: every target.
# Lines starting with # and blank lines are ignored. Examples:
# 李干\t李干\ttraditional
# 法律程序\t法律程序
"""

_TARGET_NAMES = {
    "simplified": (ScriptVariant.SIMPLIFIED,),
    "traditional": TRADITIONAL_TARGETS,
    "tw": (ScriptVariant.TW,),
    "hk": (ScriptVariant.HK,),
}


@dataclass(frozen=True, slots=True)
class OverrideRule:
    """FROM is shown as TO when converting to one of `targets`."""

    source: str
    target: str
    targets: frozenset[ScriptVariant] = frozenset(
        (ScriptVariant.SIMPLIFIED, *TRADITIONAL_TARGETS)
    )


@dataclass(frozen=True)
class Overrides:
    """The user's override rules, with the lines that could not be read."""

    rules: tuple[OverrideRule, ...] = ()
    problems: tuple[str, ...] = ()
    _patterns: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _conversions: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def for_target(self, target: ScriptVariant) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """A regex finding the rules' FROM strings for `target` (longest first), and FROM → TO."""
        cached = self._patterns.get(target)
        if cached is None:
            table = {rule.source: rule.target for rule in self.rules if target in rule.targets}
            pattern = None
            if table:
                ordered = sorted(table, key=len, reverse=True)
                pattern = re.compile("|".join(re.escape(source) for source in ordered))
            cached = self._patterns[target] = (pattern, table)
        return cached


def parse_overrides(text: str, name: str = OVERRIDES_FILE) -> Overrides:
    """Rules from the override file's text; bad lines are reported, never fatal."""
    rules: dict[str, OverrideRule] = {}
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip("\r\n\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{name} line {number}"
        parts = line.split("\t")
        if len(parts) not in (2, 3):
            problems.append(f"{where}: expected FROM<TAB>TO[<TAB>TARGETS]; line ignored")
            continue
        source, target = parts[0].strip(), parts[1].strip()
        if not source or not target:
            problems.append(f"{where}: FROM and TO must not be empty; line ignored")
            continue
        if any(ord(ch) < 32 for ch in source + target):
            problems.append(f"{where}: control characters; line ignored")
            continue
        targets: set[ScriptVariant] = set()
        if len(parts) == 3 and parts[2].strip():
            names = [n.strip().lower() for n in parts[2].split(",") if n.strip()]
            unknown = [n for n in names if n not in _TARGET_NAMES]
            if unknown:
                problems.append(
                    f"{where}: unknown target {', '.join(unknown)} "
                    f"(use {', '.join(_TARGET_NAMES)}); line ignored"
                )
                continue
            for n in names:
                targets.update(_TARGET_NAMES[n])
        rule = OverrideRule(source, target, frozenset(targets)) if targets else OverrideRule(source, target)
        if source in rules:
            problems.append(f"{where}: {source} was already given; this line wins")
        rules[source] = rule
    return Overrides(tuple(rules.values()), tuple(problems))


def overrides_path() -> Path:
    from reader import locations

    return locations.config_dir() / OVERRIDES_FILE


_overrides_cache: dict[str, tuple[tuple[int, int], Overrides]] = {}
_overrides_lock = threading.Lock()


def load_overrides(path: Path | None = None) -> Overrides:
    """The user's override list (re-read when the file changes); missing file: no rules."""
    path = Path(path) if path is not None else overrides_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return Overrides()
    except OSError as exc:
        return Overrides(problems=(f"{path.name} cannot be read: {exc.strerror or exc}",))
    key = (stat.st_mtime_ns, stat.st_size)
    with _overrides_lock:
        cached = _overrides_cache.get(str(path))
        if cached and cached[0] == key:
            return cached[1]
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        overrides = Overrides(problems=(f"{path.name} is not UTF-8 text; no overrides used",))
    except OSError as exc:
        overrides = Overrides(problems=(f"{path.name} cannot be read: {exc.strerror or exc}",))
    else:
        overrides = parse_overrides(text, path.name)
    with _overrides_lock:
        _overrides_cache[str(path)] = (key, overrides)
    return overrides


# --- conversion with offset maps ------------------------------------------------------------

# Whitespace and punctuation: opencc's phrases never span them. Not 々〆〇 (used inside words).
_SEPARATORS = (
    r"\s!-/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u21ff"
    r"\u3000-\u3004\u3008-\u303f\ufe10-\ufe1f\ufe30-\ufe6f"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
_SEPARATOR_RUN_RE = re.compile(f"([{_SEPARATORS}]+)")
#: Chunks longer than this are not cut finer (each cut costs two conversions).
_MAX_CUT_CHUNK = 400


@dataclass(frozen=True, slots=True)
class Converted:
    """Text converted to a script variant, with the map between the two."""

    text: str
    map: OffsetMap
    config: str | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span → the converted span covering the same words."""
        return self.map.span(start, end)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Converted span → the source span it came from."""
        return self.map.source_span(start, end)

    def position(self, pos: int) -> int:
        """A reading position in the source → the same place in the converted text."""
        return self.map.position(pos)

    def source_position(self, pos: int) -> int:
        """A reading position in the converted text → the same place in the source."""
        return self.map.source_position(pos)


def _cuts(chunk: str, out: str, convert) -> list[tuple[int, int]]:
    """Positions (in chunk, in out) where `chunk` can be cut and converted in two halves."""
    cuts = [(0, 0)]
    if len(chunk) <= _MAX_CUT_CHUNK:
        for i in range(1, len(chunk)):
            left = convert(chunk[:i])
            if out.startswith(left) and len(left) >= cuts[-1][1] and convert(chunk[i:]) == out[len(left):]:
                cuts.append((i, len(left)))
    cuts.append((len(chunk), len(out)))
    return cuts


class _Conversion:
    """One opencc config plus the user's overrides for one target."""

    def __init__(self, config: str, target: ScriptVariant, overrides: Overrides) -> None:
        self.config = config
        self.converter = opencc_converter(config)
        twin = _TWIN.get(config)
        self.twin = opencc_converter(twin) if twin else None
        self.pattern, self.table = overrides.for_target(target)

    def text(self, text: str) -> str:
        """Just the converted text (no map)."""
        if self.pattern is None:
            return self.converter.convert(text)
        out, last = [], 0
        for match in self.pattern.finditer(text):
            out.append(self.converter.convert(text[last : match.start()]))
            out.append(self.table[match.group()])
            last = match.end()
        out.append(self.converter.convert(text[last:]))
        return "".join(out)

    def mapped(self, text: str) -> Converted:
        parts: list[str] = []
        blocks: list[Block] = []
        out_pos = 0

        def add_plain(segment: str, src_pos: int) -> None:
            nonlocal out_pos
            converted, segment_blocks = self._segment(segment, src_pos, out_pos)
            parts.append(converted)
            blocks.extend(segment_blocks)
            out_pos += len(converted)

        last = 0
        if self.pattern is not None:
            for match in self.pattern.finditer(text):
                add_plain(text[last : match.start()], last)
                replacement = self.table[match.group()]
                blocks.append(Block(match.start(), match.end(), out_pos, out_pos + len(replacement)))
                parts.append(replacement)
                out_pos += len(replacement)
                last = match.end()
        add_plain(text[last:], last)
        result = "".join(parts)
        return Converted(result, OffsetMap.from_blocks(len(text), len(result), blocks), self.config)

    def _segment(self, segment: str, src_base: int, out_base: int) -> tuple[str, list[Block]]:
        """Convert text with no override in it; blocks for the parts whose length changed."""
        if not segment:
            return "", []
        out = self.converter.convert(segment)
        if self.config in CHARACTER_CONFIGS and len(out) == len(segment):
            return out, []
        pieces = _SEPARATOR_RUN_RE.split(segment)
        out_pieces = _SEPARATOR_RUN_RE.split(out)
        if len(out_pieces) != len(pieces) or out_pieces[1::2] != pieces[1::2]:
            out_pieces = [
                self.converter.convert(piece) if i % 2 == 0 else piece for i, piece in enumerate(pieces)
            ]
            out = "".join(out_pieces)
        twin_pieces: list[str] | None = None
        if self.twin is not None:
            twin_pieces = _SEPARATOR_RUN_RE.split(self.twin.convert(segment))
            if len(twin_pieces) != len(pieces):
                twin_pieces = None
        blocks: list[Block] = []
        src_pos, out_pos = src_base, out_base
        for i, (piece, out_piece) in enumerate(zip(pieces, out_pieces)):
            same_length = len(piece) == len(out_piece)
            if i % 2 == 1 or (same_length and (twin_pieces is None or twin_pieces[i] == out_piece)):
                pass  # character for character
            else:
                cuts = _cuts(piece, out_piece, self.converter.convert)
                for (a, oa), (b, ob) in zip(cuts, cuts[1:]):
                    if b - a != ob - oa:
                        blocks.append(Block(src_pos + a, src_pos + b, out_pos + oa, out_pos + ob))
            src_pos += len(piece)
            out_pos += len(out_piece)
        return "".join(out_pieces), blocks


def _conversion(config: str, target: ScriptVariant, overrides: Overrides) -> _Conversion:
    key = (config, target)
    conversion = overrides._conversions.get(key)
    if conversion is None:
        conversion = overrides._conversions[key] = _Conversion(config, target, overrides)
    return conversion


def convert_with_config(
    text: str, config: str, overrides: Overrides, target: ScriptVariant = ScriptVariant.ORIGINAL
) -> Converted:
    """`text` through one opencc config (any of opencc's), with an offset map; the override
    rules for `target` apply."""
    return _conversion(config, target, overrides).mapped(text)


def convert(
    text: str,
    target: ScriptVariant,
    *,
    script: ScriptVariant | None = None,
    preferences: ScriptPreferences | None = None,
    overrides: Overrides | None = None,
) -> Converted:
    """`text` shown in `target`, with an offset map to and from the original.

    `script` is the text's own script (detected when not given); `preferences` gives the
    vocabulary choice; `overrides` defaults to the user's override list.
    """
    if target is ScriptVariant.ORIGINAL:
        return Converted(text, OffsetMap.identity(len(text)))
    if script is None:
        script = detect_script(text)
    preferences = preferences or ScriptPreferences()
    config = config_for(script, target, preferences.vocabulary)
    if config is None:
        return Converted(text, OffsetMap.identity(len(text)))
    overrides = load_overrides() if overrides is None else overrides
    return _conversion(config, target, overrides).mapped(text)


def convert_text(
    text: str,
    target: ScriptVariant,
    *,
    script: ScriptVariant | None = None,
    preferences: ScriptPreferences | None = None,
    overrides: Overrides | None = None,
) -> str:
    """Like `convert`, without the map (cheaper)."""
    if target is ScriptVariant.ORIGINAL:
        return text
    if script is None:
        script = detect_script(text)
    preferences = preferences or ScriptPreferences()
    config = config_for(script, target, preferences.vocabulary)
    if config is None:
        return text
    overrides = load_overrides() if overrides is None else overrides
    return _conversion(config, target, overrides).text(text)


def _batch(texts: Sequence[str], convert_one) -> list[str]:
    """Convert many one-line texts with one call: joined by newlines, which no phrase spans."""
    if any("\n" in text for text in texts):
        return [convert_one(text) for text in texts]
    out = convert_one("\n".join(texts)).split("\n")
    if len(out) != len(texts):
        return [convert_one(text) for text in texts]
    return out


def detect_scripts(texts: Sequence[str]) -> list[ScriptVariant | None]:
    """`detect_script` for many texts."""
    return [detect_script(text) for text in texts]


def convert_many(
    texts: Sequence[str],
    target: ScriptVariant,
    *,
    scripts: Sequence[ScriptVariant | None] | None = None,
    preferences: ScriptPreferences | None = None,
    overrides: Overrides | None = None,
) -> list[str]:
    """Many short one-line texts (sidebar titles) in `target`, each from its own script."""
    texts = list(texts)
    if target is ScriptVariant.ORIGINAL or not texts:
        return texts
    if scripts is None:
        scripts = detect_scripts(texts)
    preferences = preferences or ScriptPreferences()
    overrides = load_overrides() if overrides is None else overrides
    result = list(texts)
    groups: dict[str, list[int]] = {}
    for index, script in enumerate(scripts):
        config = config_for(script, target, preferences.vocabulary)
        if config is not None:
            groups.setdefault(config, []).append(index)
    for config, indexes in groups.items():
        conversion = _conversion(config, target, overrides)
        converted = _batch([texts[i] for i in indexes], conversion.text)
        for i, text in zip(indexes, converted):
            result[i] = text
    return result


# --- articles -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConvertedArticle:
    """An article shown in a script variant: title, paragraphs, and the body's offset map
    (offsets in `Article.body` ↔ offsets in `body.text`)."""

    variant: ScriptVariant
    script: ScriptVariant | None
    title: str
    paragraphs: tuple[str, ...]
    body: Converted

    @property
    def description(self) -> str:
        return describe(self.variant, self.script)


def article_script(article: Article) -> ScriptVariant | None:
    """The script an article is written in (title and body together)."""
    return detect_script(article.title + "\n" + article.body)


def convert_article(
    article: Article,
    variant: ScriptVariant,
    *,
    script: ScriptVariant | None = None,
    preferences: ScriptPreferences | None = None,
    overrides: Overrides | None = None,
) -> ConvertedArticle:
    """`article` in `variant`. Paragraph boundaries are kept: paragraph i stays paragraph i."""
    from reader.article import PARAGRAPH_SEPARATOR

    if script is None:
        script = article_script(article)
    options = dict(script=script, preferences=preferences, overrides=overrides)
    body = convert(article.body, variant, **options)
    paragraphs = tuple(body.text.split(PARAGRAPH_SEPARATOR))
    if len(paragraphs) != len(article.paragraphs):  # defensive; separators are never converted
        paragraphs = tuple(convert_text(p, variant, **options) for p in article.paragraphs)
    title = convert_text(article.title, variant, **options)
    return ConvertedArticle(variant, script, title, paragraphs, body)


# --- persistence --------------------------------------------------------------------------

PREFERENCES_FILE = "preferences.json"
STATE_FILE = "script.json"


def _preferences_store():
    from reader import locations
    from reader.store import JsonStore

    return JsonStore(locations.config_dir() / PREFERENCES_FILE, "preferences", 1)


def _state_store():
    from reader import locations
    from reader.store import JsonStore

    return JsonStore(locations.state_dir() / STATE_FILE, "script-state", 1)


def load_preferences() -> tuple[ScriptPreferences, list[str]]:
    """The saved script preferences and any problems met reading them (never raises)."""
    store = _preferences_store()
    data = store.load()
    prefs, problems = ScriptPreferences.from_dict(data.get("script"))
    return prefs, [p.message for p in store.problems] + problems


def save_preferences(preferences: ScriptPreferences) -> None:
    """Save the script preferences, keeping other preferences in the same file.
    Raises StoreError with a readable message."""

    def change(data: dict) -> None:
        data["script"] = preferences.to_dict()

    _preferences_store().update(change)


def load_variant() -> tuple[ScriptVariant, list[str]]:
    """The variant shown when reader last ran (ORIGINAL at first)."""
    store = _state_store()
    value = store.load().get("variant")
    problems = [p.message for p in store.problems]
    try:
        return (ScriptVariant(value) if value is not None else ScriptVariant.ORIGINAL), problems
    except ValueError:
        return ScriptVariant.ORIGINAL, problems + [f"unknown script variant {value!r}; showing the original"]


def save_variant(variant: ScriptVariant) -> None:
    """Remember the shown variant. Raises StoreError with a readable message."""

    def change(data: dict) -> None:
        data["variant"] = variant.value

    _state_store().update(change)
