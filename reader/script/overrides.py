"""The user's override list: words opencc converts wrongly, and what to show instead."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.script.conversion import Conversion

OVERRIDES_FILE = "script-overrides.txt"

# Target names as in ScriptVariant (a StrEnum, so a variant finds its name in these sets).
_TARGET_NAMES = {
    "simplified": ("simplified",),
    "traditional": ("tw", "hk", "traditional"),
    "tw": ("tw",),
    "hk": ("hk",),
}
_EVERY_TARGET = frozenset(("simplified", "tw", "hk", "traditional"))


@dataclass(frozen=True, slots=True)
class OverrideRule:
    """FROM is shown as TO when converting to one of `targets`."""

    source: str
    target: str
    targets: frozenset[str] = _EVERY_TARGET


@dataclass(frozen=True)
class Overrides:
    """The user's override rules, with the lines that could not be read."""

    rules: tuple[OverrideRule, ...] = ()
    problems: tuple[str, ...] = ()
    _patterns: dict[str, tuple[re.Pattern[str] | None, dict[str, str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: Conversions built with these rules, by (opencc config, target), kept by whoever builds them.
    cache: dict[tuple[str, str], Conversion] = field(default_factory=dict, init=False, repr=False, compare=False)

    def for_target(self, target: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
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
        targets: set[str] = set()
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
