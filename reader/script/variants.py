"""Script variants: Simplified ⇄ Traditional (Taiwan, Hong Kong) conversion with offset maps,
the article's own script, the `t` toggle, and the preferences behind them.

Conversion uses opencc with offset maps (reader.script.conversion). Where opencc is wrong for the
user's texts (干 in the name 李干 is not 幹), the user's override list in the config dir wins
(reader.script.overrides).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from reader.script.conversion import CHARACTER_CONFIGS, Conversion, Converted
from reader.script.overrides import (
    OVERRIDES_FILE,
    Overrides,
    load_overrides,
    overrides_path,
    parse_overrides,
)
from reader.script.tables import cached_tables
from reader.text import opencc_converter
from reader.text.han import HAN_RANGES
from reader.text.offsets import OffsetMap

__all__ = [  # the names callers use; conversion details live in reader.script.conversion
    "CHARACTER_CONFIGS",
    "OVERRIDES_FILE",
    "PREFERENCES_FILE",
    "STATE_FILE",
    "Converted",
    "ConvertedArticle",
    "Overrides",
    "ScriptPreferences",
    "ScriptVariant",
    "article_script",
    "config_for",
    "convert",
    "convert_article",
    "convert_text",
    "describe",
    "detect_region",
    "detect_script",
    "load_overrides",
    "load_preferences",
    "load_variant",
    "overrides_path",
    "parse_overrides",
    "save_preferences",
    "save_variant",
    "shown_script",
    "toggled",
    "with_preferences",
]

if TYPE_CHECKING:
    from reader.library.article import Article
    from reader.store.tables import JsonStore


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
_classes: tuple[re.Pattern[str], re.Pattern[str]] | None = None
_classes_lock = threading.Lock()


def _script_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matching one character only Traditional uses, and one only Simplified uses.

    From what opencc's t2s and s2t do to each character on its own (kept in the cache dir:
    reader.script.tables).
    """
    global _classes
    with _classes_lock:
        if _classes is None:
            traditional, simplified = cached_tables("scripts", _draw_script_chars)
            _classes = (
                re.compile(f"[{re.escape(traditional)}]"),
                re.compile(f"[{re.escape(simplified)}]"),
            )
        return _classes


def _everyday_han() -> list[str]:
    # Only the everyday blocks: the rare extensions have no Simplified/Traditional pairs.
    return [chr(code) for first, last in HAN_RANGES[:2] for code in range(first, last + 1)]


def _draw_script_chars() -> list[str]:
    """The characters only Traditional uses (t2s rewrites them) and only Simplified uses."""
    chars = _everyday_han()
    joined = "\n".join(chars)
    to_simplified = opencc_converter("t2s").convert(joined).split("\n")
    to_traditional = opencc_converter("s2t").convert(joined).split("\n")
    traditional = "".join(c for c, s in zip(chars, to_simplified) if s != c)
    simplified = "".join(c for c, t in zip(chars, to_traditional) if t != c and c not in _SHARED)
    return [traditional, simplified]


def _draw_region_chars() -> list[str]:
    """The Traditional forms only Taiwan uses and only Hong Kong uses (t2tw and t2hk differ)."""
    joined = "\n".join(_everyday_han())
    tw = opencc_converter("t2tw").convert(joined).split("\n")
    hk = opencc_converter("t2hk").convert(joined).split("\n")
    pairs = [(t, h) for t, h in zip(tw, hk) if t != h]
    tw_only = "".join(sorted({t for t, _h in pairs} - _COMMON_REGIONAL - {h for _t, h in pairs}))
    hk_only = "".join(sorted({h for _t, h in pairs} - _COMMON_REGIONAL - {t for t, _h in pairs}))
    return [tw_only, hk_only]


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


# Regional forms that real texts of the other region use too (台灣 in Taiwan, 群/床/著名 in Hong
# Kong, 煙/濕 everywhere): no evidence of a region.
_COMMON_REGIONAL = frozenset("台煙濕群床峰梁參麵著")
_regions: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _region_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matching one Taiwan-only and one Hong-Kong-only character form: where opencc's
    t2tw and t2hk make different characters of the same one (裏 → 裡 / 裏, 着 → 著 / 着,
    說 → 說 / 説), less the forms both regions write in practice."""
    global _regions
    with _classes_lock:
        if _regions is None:
            tw_only, hk_only = cached_tables("regions", _draw_region_chars)
            _regions = (re.compile(f"[{re.escape(tw_only)}]"), re.compile(f"[{re.escape(hk_only)}]"))
        return _regions


def detect_region(text: str) -> ScriptVariant:
    """TW or HK: which region's Traditional `text` is written in, by the character forms only
    one of them uses (裡/裏, 說/説, 衛/衞). Without such forms: TW, the commoner in news, whose
    configs also handle text in opencc's own standard forms."""
    tw_re, hk_re = _region_classes()
    return ScriptVariant.HK if len(hk_re.findall(text)) > len(tw_re.findall(text)) else ScriptVariant.TW


def text_script(text: str) -> ScriptVariant | None:
    """SIMPLIFIED, TW, HK, or None: the script `text` is written in, with the region of a
    Traditional text (the region picks the opencc config that simplifies it)."""
    detected = detect_script(text)
    return detect_region(text) if detected is ScriptVariant.TRADITIONAL else detected


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
    written = family(script)  # the region of the source is not shown, only its script
    if variant is ScriptVariant.ORIGINAL or config_for(script, variant) is None:
        shown = written if variant is ScriptVariant.ORIGINAL else shown_script(variant, script)
        return f"{shown.label} (original)" if shown else "as written"
    return f"{variant.label} (from {written.label})" if written else variant.label


# --- which opencc config ----------------------------------------------------------------------


def config_for(
    script: ScriptVariant | None, target: ScriptVariant, vocabulary: bool = False
) -> str | None:
    """The opencc config turning text written in `script` into `target`; None: leave as is.

    Text that does not tell its script is treated as Simplified (for it, both agree). Taiwan
    text is simplified with tw2s/tw2sp (著裝 → 着装), Hong Kong text with hk2s/hk2sp (密芝根州
    → 密歇根州), Traditional of no known region with t2s. From Traditional to a Traditional
    target only the characters change: opencc has no Traditional-to-regional vocabulary config,
    and going through Simplified loses (獲准 → 獲準).
    """
    if target is ScriptVariant.ORIGINAL:
        return None
    if script is ScriptVariant.TW and target is ScriptVariant.SIMPLIFIED:
        return "tw2sp" if vocabulary else "tw2s"
    if script is ScriptVariant.HK and target is ScriptVariant.SIMPLIFIED:
        return "hk2sp" if vocabulary else "hk2s"
    if script is not None and script.is_traditional:
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


def _conversion(config: str, target: ScriptVariant, overrides: Overrides) -> Conversion:
    key = (config, target)
    conversion = overrides.cache.get(key)
    if conversion is None:
        conversion = overrides.cache[key] = Conversion(config, *overrides.for_target(target))
    return conversion


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
        script = text_script(text)
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
        script = text_script(text)
    preferences = preferences or ScriptPreferences()
    config = config_for(script, target, preferences.vocabulary)
    if config is None:
        return text
    overrides = load_overrides() if overrides is None else overrides
    return _conversion(config, target, overrides).text(text)


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


#: Characters of an article's body looked at to tell its script.
SCRIPT_SAMPLE_CHARS = 100_000


def article_script(article: Article) -> ScriptVariant | None:
    """The script an article is written in (title and the start of the body: 100,000
    characters tell, and counting 8 MB took 1.6 s), with its region when it is Traditional."""
    return text_script(article.title + "\n" + article.body[:SCRIPT_SAMPLE_CHARS])


def convert_article(
    article: Article,
    variant: ScriptVariant,
    *,
    script: ScriptVariant | None = None,
    preferences: ScriptPreferences | None = None,
    overrides: Overrides | None = None,
) -> ConvertedArticle:
    """`article` in `variant`. Paragraph boundaries are kept: paragraph i stays paragraph i."""
    from reader.library.article import PARAGRAPH_SEPARATOR

    if script is None:
        script = article_script(article)

    def converted(text: str) -> str:
        return convert_text(text, variant, script=script, preferences=preferences, overrides=overrides)

    body = convert(article.body, variant, script=script, preferences=preferences, overrides=overrides)
    paragraphs = tuple(body.text.split(PARAGRAPH_SEPARATOR))
    if len(paragraphs) != len(article.paragraphs):  # defensive; separators are never converted
        paragraphs = tuple(converted(p) for p in article.paragraphs)
    title = converted(article.title)
    return ConvertedArticle(variant, script, title, paragraphs, body)


# --- persistence --------------------------------------------------------------------------

PREFERENCES_FILE = "preferences.json"
STATE_FILE = "script.json"


def _preferences_store() -> JsonStore:
    from reader import locations
    from reader.store.tables import JsonStore

    return JsonStore(locations.config_dir() / PREFERENCES_FILE, "preferences", 1)


def _state_store() -> JsonStore:
    from reader import locations
    from reader.store.tables import JsonStore

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

    def change(data: dict[str, Any]) -> None:
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
        return ScriptVariant.ORIGINAL, [*problems, f"unknown script variant {value!r}; showing the original"]


def save_variant(variant: ScriptVariant) -> None:
    """Remember the shown variant. Raises StoreError with a readable message."""

    def change(data: dict[str, Any]) -> None:
        data["variant"] = variant.value

    _state_store().update(change)
