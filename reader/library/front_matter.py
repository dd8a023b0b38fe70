"""YAML front matter, loaded safely and within limits: a hostile file costs bounded time and
memory, and a value YAML cannot build (a 13th month, a 5,000-digit number) stays text.

PyYAML's safe loader builds no objects of arbitrary classes, but it expands aliases without
limit (a "billion laughs" of nested `*refs` becomes billions of strings once walked), recurses
once per nesting level (RecursionError), and raises ValueError, not YAMLError, for timestamps
and integers Python cannot make. The loader below refuses the first two and keeps the last as
plain strings, so the rest of the metadata survives.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Front matter longer than this (characters) is not read.
MAX_CHARS = 64 * 1024
#: At most this many `*alias` references.
MAX_ALIASES = 100
#: At most this many values once every alias is expanded.
MAX_EXPANDED_NODES = 10_000
#: At most this deep (lists in mappings in lists...).
MAX_DEPTH = 32

# Quoted strings, and the brackets outside them: flow nesting deeper than the limit is refused
# before the YAML scanner sees it (the scanner looks ahead up to 1,024 characters through
# nested brackets, quadratically: ~0.4 s for each such run).
_QUOTED_RE = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\n]|'')*'")
_BRACKETS_RE = re.compile(r"[\[\]{}]")


def _flow_depth(text: str) -> int:
    """How deep `[`/`{` brackets nest outside quoted strings (roughly: enough for a limit)."""
    depth = deepest = 0
    for bracket in _BRACKETS_RE.findall(_QUOTED_RE.sub("", text)):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)(?:\n|\A)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class FrontMatterRefused(ValueError):
    """Front matter past one of the limits; the message says which."""


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader with limits on aliases and depth, and tolerant of unbuildable scalars."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise FrontMatterRefused(f"uses more than {MAX_ALIASES} YAML aliases")
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise FrontMatterRefused(f"is nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_tolerant_timestamp(self, node: ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_tolerant_int(self, node: ScalarNode) -> Any:
        try:
            return self.construct_yaml_int(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_LimitedLoader.add_constructor("tag:yaml.org,2002:timestamp", _LimitedLoader.construct_tolerant_timestamp)
_LimitedLoader.add_constructor("tag:yaml.org,2002:int", _LimitedLoader.construct_tolerant_int)


def _expanded_size(root: Node) -> int:
    """How many values `root` holds with every alias expanded (memoised: linear time)."""
    sizes: dict[int, int] = {}
    # Depth is bounded by MAX_DEPTH, so recursion is safe here.

    def size(node: Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        sizes[id(node)] = total
        return total

    return size(root)


# libyaml (when PyYAML has it) parses ten times faster: listing a new folder of 10,000 articles
# spent most of its time in the pure-Python parser. It is used only for front matter that
# none of the limits above can concern: short (fewer values than the expansion limit), no
# anchors or aliases, shallow (block indentation, compact nesting and brackets). Anything
# else, and anything it fails on, goes to the limited loader (whose errors are reported).
_FAST_MAX_CHARS = 10_000
_FAST_REFUSED_RE = re.compile(r"[&*]|^[ \t]{16,}|-[ \t]+[-?]|\?[ \t]", re.M)
_FAST_FLOW_DEPTH = 8
_CSafeLoader: Any = getattr(yaml, "CSafeLoader", None)


class _FastLoader(_CSafeLoader or yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's safe loader, as tolerant of unbuildable scalars as the limited one."""


_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _LimitedLoader.construct_tolerant_timestamp)
_FastLoader.add_constructor("tag:yaml.org,2002:int", _LimitedLoader.construct_tolerant_int)


def _load_fast(text: str, flow_depth: int) -> tuple[bool, Any]:
    """(True, the document) when libyaml could load `text` within the limits without
    checking them; (False, None) when the limited loader must."""
    if (_CSafeLoader is None or len(text) > _FAST_MAX_CHARS or flow_depth > _FAST_FLOW_DEPTH
            or _FAST_REFUSED_RE.search(text)):
        return False, None
    try:
        return True, yaml.load(text, Loader=_FastLoader)  # libyaml's SafeLoader
    except Exception:  # the limited loader says what is wrong, as it always did
        return False, None


# Front matter of plain one-line `key: value` pairs (what nearly every article has: a title,
# a date, a source, tags in brackets) is read without a YAML parser at all: even through
# libyaml, PyYAML builds the document in Python, a fifth of reading a new folder's files.
# Each key and value is typed by PyYAML's own resolver, as its loader would: text stays text,
# an empty value is None, true/false/yes/no are booleans, a YYYY-MM-DD date is a date (kept as
# text when there is no such day). Anything else (quotes, numbers, times, nesting, comments
# after a value, an indicator YAML could read otherwise) goes to YAML as before.
_SIMPLE_LINE_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*?))? *")
# A plain scalar's first character may not be an indicator (nor a space).
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
_FLOW_ITEM_REFUSED_RE = re.compile(r"[\[\]{}:?#\t]")  # what ends or breaks a word in brackets
_DATE_ONLY_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_BREAKS_RE = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
_STR, _NULL, _BOOL, _TIMESTAMP = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "timestamp"))
_resolver = yaml.resolver.Resolver()


def _tag(plain: str) -> str:
    """The tag PyYAML's loaders give a plain (unquoted) scalar."""
    return str(_resolver.resolve(yaml.ScalarNode, plain, (True, False)))  # type: ignore[no-untyped-call]


class _NotSimple(Exception):
    """Front matter the simple reader leaves to YAML."""


def _simple_scalar(text: str, flow: bool) -> Any:
    if text and (text[0] in _PLAIN_START or (flow and _FLOW_ITEM_REFUSED_RE.search(text))
                 or ": " in text or " #" in text or text.endswith(":")):
        raise _NotSimple
    tag = _tag(text)
    if tag == _STR:
        return text
    if tag == _NULL and not flow:
        return None
    if tag == _BOOL:
        return text.lower() in ("yes", "true", "on")
    if tag == _TIMESTAMP and (date := _DATE_ONLY_RE.fullmatch(text)):
        try:
            return datetime.date(*map(int, date.groups()))
        except ValueError:
            return text  # as the tolerant loaders keep it
    raise _NotSimple


def _load_simple(text: str) -> dict[str, Any] | None:
    """The mapping in front matter of simple lines only (see above), else None."""
    if _BREAKS_RE.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    mapping: dict[str, Any] = {}
    try:
        for line in text.split("\n"):
            if not line or line.startswith("#"):
                continue
            match = _SIMPLE_LINE_RE.fullmatch(line)
            if match is None:
                return None
            key, value = match.group(1), match.group(2) or ""
            if _tag(key) != _STR:
                return None
            if value.startswith("[") and value.endswith("]"):
                inner = value[1:-1].strip(" ")
                mapping[key] = [_simple_scalar(item.strip(" "), True) for item in inner.split(",")] if inner else []
            else:
                mapping[key] = _simple_scalar(value, False)
    except _NotSimple:
        return None
    return mapping or None


def load_yaml(text: str) -> Any:
    """The YAML document in `text`, within the limits above.

    Raises FrontMatterRefused past a limit, yaml.YAMLError for invalid YAML."""
    if len(text) > MAX_CHARS:
        raise FrontMatterRefused(f"is larger than {MAX_CHARS // 1024} KB")
    simple = _load_simple(text)
    if simple is not None:
        return simple
    flow_depth = _flow_depth(text)
    if flow_depth > MAX_DEPTH:
        raise FrontMatterRefused(f"is nested more than {MAX_DEPTH} levels deep")
    loaded, value = _load_fast(text, flow_depth)
    if loaded:
        return value
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node) > MAX_EXPANDED_NODES:
            raise FrontMatterRefused(f"expands (through YAML aliases) to more than {MAX_EXPANDED_NODES:,} values")
        return loader.construct_document(node)
    finally:
        loader.dispose()


_TOP_LEVEL_KEY_RE = re.compile(r"^(?=[^\s#\-])", re.M)


def _salvage(text: str) -> tuple[dict[str, Any], list[str]]:
    """The top-level keys of refused front matter that load on their own, each within the
    limits (a bomb in `tags:` need not cost the title); and the keys left out."""
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    if len(text) > MAX_CHARS:
        return kept, dropped
    for block in _TOP_LEVEL_KEY_RE.split(text):
        if not block.strip():
            continue
        name = block.split(":", 1)[0].strip()[:40]
        try:
            value = load_yaml(block)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            dropped.append(name)
            continue
        if isinstance(value, dict):
            kept.update({str(key).lower(): item for key, item in value.items()})
    return kept, dropped


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(metadata, rest of text, warnings) for an article's text."""
    if not text.startswith("---"):
        return {}, text, []
    first_line = text.split("\n", 1)[0]
    if first_line.rstrip() != "---":
        return {}, text, []
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return {}, text, ["front matter has no closing '---'; shown as text"]
    rest = text[match.end() :]
    try:
        meta = load_yaml(match.group(1))
    except FrontMatterRefused as exc:
        kept, dropped = _salvage(match.group(1))
        if not kept:
            return {}, rest, [f"front matter {exc}; metadata ignored"]
        return kept, rest, [f"front matter {exc}; ignored: {', '.join(dropped) or 'the rest'}"]
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" (line {mark.line + 2})"
        problem = getattr(exc, "problem", None) or "syntax error"
        return {}, rest, [f"front matter is not valid YAML{where}: {problem}; metadata ignored"]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # A value the safe loader could not build; the text stays readable all the same.
        return {}, rest, [f"front matter could not be read ({type(exc).__name__}); metadata ignored"]
    if meta is None:
        return {}, rest, []
    if not isinstance(meta, dict):
        return {}, rest, ["front matter is not a mapping of keys to values; metadata ignored"]
    return {str(key).lower(): value for key, value in meta.items()}, rest, []
