"""Read `config.toml` (with `tomllib`) into a `Config`, reporting each bad line, never failing.

    theme = "gruvbox"          # remembered when changed in the app (Ctrl+P → theme)

    [keys]                     # binding id = "key[,key…]"; `reader config keys` lists the ids
    toggle_script = "t,f2"
    next_hit = "n"

    [reading]
    measure = 72               # the article's widest line, in cells (Chinese characters count 2)
    sidebar = 30               # the sidebar's share of the terminal, in percent

A problem (a syntax error, an unknown table or key, a value of the wrong type) is reported with
its line and the rest of the file still applies; a file that is not TOML at all applies nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import locations
from reader.atomic import write_bytes_atomic

CONFIG_NAME = "config.toml"

#: A key as Textual names it: `t`, `T`, `ctrl+b`, `shift+tab`, `question_mark`, `f1`, `ä`.
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|super|meta|hyper)\+)*[^\s,+]+$|^(?:(?:ctrl|shift|alt)\+)+\+$")

#: The narrowest and widest article measure that make sense, in cells (the `-` / `+` keys'
#: limits), and the sidebar's share of the terminal, in percent.
MEASURE_RANGE = (30, 200)
SIDEBAR_RANGE = (15, 60)


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in the config file: where, and what."""

    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{CONFIG_NAME} line {self.line}" if self.line else CONFIG_NAME
        return f"{where}: {self.message}"


@dataclass
class Config:
    """What the user set; everything left out keeps its default."""

    theme: str | None = None
    #: binding id → Textual key list ("t,f2").
    keys: dict[str, str] = field(default_factory=dict)
    #: The article's widest line in cells; None: the default.
    measure: int | None = None
    #: The sidebar's share of the terminal's width in percent; None: the default.
    sidebar: int | None = None
    problems: list[ConfigProblem] = field(default_factory=list)
    path: Path | None = None


def config_file() -> Path:
    """Where the config file lives (it may not exist)."""
    return locations.config_dir() / CONFIG_NAME


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: the user's); a missing file is an empty config."""
    if path is None:
        try:
            path = config_file()
        except OSError as exc:
            return Config(problems=[ConfigProblem(None, f"the config folder cannot be made ({exc})")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        return Config(path=path, problems=[ConfigProblem(None, f"cannot be read ({exc.strerror})")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Config(path=path, problems=[ConfigProblem(None, "is not UTF-8 text; nothing in it applies")])
    config = parse_config(text)
    config.path = path
    return config


def parse_config(text: str) -> Config:
    """Parse config text; every problem is collected in `Config.problems`."""
    config = Config()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_of_error(str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        config.problems.append(ConfigProblem(line, f"{reason}; nothing in the file applies"))
        return config
    finder = _LineFinder(text)
    for name, value in data.items():
        if name == "theme":
            if isinstance(value, str) and value.strip():
                config.theme = value.strip()
            else:
                config.problems.append(ConfigProblem(finder.key(None, name), "theme must be a theme name in quotes"))
        elif name == "keys":
            _read_keys(config, value, finder)
        elif name == "reading":
            _read_reading(config, value, finder)
        else:
            line = finder.table(name) or finder.key(None, name)
            config.problems.append(
                ConfigProblem(line, f"unknown setting {name!r} (known: theme, [keys], [reading])")
            )
    return config


def _read_keys(config: Config, value: Any, finder: _LineFinder) -> None:
    if not isinstance(value, dict):
        config.problems.append(ConfigProblem(finder.key(None, "keys"), "keys must be a table: [keys]"))
        return
    for binding_id, keys in value.items():
        line = finder.key("keys", binding_id)
        if not isinstance(keys, str):
            config.problems.append(ConfigProblem(line, f"{binding_id}: keys must be a string such as \"ctrl+t\""))
            continue
        parts = [part.strip() for part in keys.split(",")]
        bad = [part for part in parts if not _KEY.match(part)]
        if not keys.strip() or bad:
            shown = ", ".join(repr(part) for part in bad) or "nothing"
            config.problems.append(ConfigProblem(line, f"{binding_id}: {shown} is not a key (examples: t, T, ctrl+b, f2)"))
            continue
        config.keys[binding_id] = ",".join(parts)


def _read_reading(config: Config, value: Any, finder: _LineFinder) -> None:
    if not isinstance(value, dict):
        config.problems.append(ConfigProblem(finder.key(None, "reading"), "reading must be a table: [reading]"))
        return
    for name, setting in value.items():
        line = finder.key("reading", name)
        ranges = {"measure": (MEASURE_RANGE, "cells, e.g. 72"), "sidebar": (SIDEBAR_RANGE, "percent, e.g. 30")}
        if name not in ranges:
            config.problems.append(ConfigProblem(line, f"unknown reading setting {name!r} (known: measure, sidebar)"))
            continue
        (low, high), unit = ranges[name]
        if isinstance(setting, bool) or not isinstance(setting, int):
            config.problems.append(ConfigProblem(line, f"{name} must be a whole number of {unit}"))
        elif not low <= setting <= high:
            config.problems.append(ConfigProblem(line, f"{name} must be between {low} and {high}"))
        else:
            setattr(config, name, setting)


def _line_of_error(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


class _LineFinder:
    """The line where a table or a key is written: for messages only, so a best effort."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def table(self, name: str) -> int | None:
        pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*\]")
        return next((n for n, line in enumerate(self.lines, 1) if pattern.match(line)), None)

    def key(self, table: str | None, name: str) -> int | None:
        current: str | None = None
        key = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
        for number, line in enumerate(self.lines, 1):
            header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
            if header:
                current = header.group(1)
            elif current == table and key.match(line):
                return number
        return None


def key_line(path: Path | None, table: str | None, name: str) -> int | None:
    """The line of `name` in `[table]` of the config file at `path`, if it can be found."""
    if path is None:
        return None
    try:
        return _LineFinder(path.read_text(encoding="utf-8")).key(table, name)
    except (OSError, UnicodeDecodeError):
        return None


def remember_theme(theme: str, path: Path | None = None) -> ConfigProblem | None:
    """Set `theme = "…"` in the config file, keeping the rest of it as the user wrote it.

    Returns a problem (and changes nothing) when the file cannot be parsed or written: a file
    the user is editing by hand is never overwritten with a guess.
    """
    if path is None:
        try:
            path = config_file()
        except OSError as exc:
            return ConfigProblem(None, f"the theme was not saved: {exc}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        return ConfigProblem(None, f"the theme was not saved: the file cannot be read ({exc})")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return ConfigProblem(None, "the theme was not saved: fix the file's syntax first")
    line = f'theme = "{_toml_escape(theme)}"'
    lines = text.splitlines()
    first_table = next((n for n, old in enumerate(lines) if re.match(r"^\s*\[", old)), len(lines))
    for number, old in enumerate(lines[:first_table]):
        if re.match(r"^\s*[\"']?theme[\"']?\s*=", old):
            lines[number] = line
            break
    else:
        lines.insert(first_table, line)
        if first_table < len(lines) - 1 and lines[first_table + 1].strip():
            lines.insert(first_table + 1, "")
    try:
        write_bytes_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        return ConfigProblem(None, f"the theme was not saved: {exc.strerror or exc}")
    return None


def _toml_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
