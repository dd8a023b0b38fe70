"""What the subcommands share: the library argument, tables that line up CJK text, messages."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

from reader import locations

if TYPE_CHECKING:
    from reader.library import Library

#: What `add_subparsers()` returns: each subcommand module adds its parsers to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def colour_wanted(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set to anything (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def library_arg(parser: argparse.ArgumentParser, *, optional_flag: bool = False) -> None:
    help_text = "folder (searched recursively) or article file; default: the bundled samples"
    if optional_flag:
        parser.add_argument("--library", "-l", metavar="PATH", help=help_text)
    else:
        parser.add_argument("path", nargs="?", metavar="PATH", help=help_text)


def resolve_library(path: str | None) -> Path:
    return Path(path).expanduser() if path else locations.sample_articles()


def library_path_or_exit(path: str | None) -> Path:
    """The library path given (or the samples); exit 2 with a message when it does not exist."""
    library_path = resolve_library(path)
    if not library_path.exists():
        print(f"reader: no such file or folder: {path}", file=sys.stderr)
        raise SystemExit(2)
    return library_path


def open_library_or_exit(path: str | None) -> Library:
    from reader.library import open_library

    return open_library(library_path_or_exit(path))


def report_skipped(library: Library) -> None:
    for skipped in library.skipped:
        print(f"reader: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for info in library.articles:
        for warning in info.warnings:
            print(f"reader: {info.path}: {warning}", file=sys.stderr)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain table that lines up CJK text (two cells per wide character)."""
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max([width(h)] + [width(row[i]) for row in rows]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        cells = [cell + " " * (w - width(cell)) for cell, w in zip(row, widths)]
        print("  ".join(cells).rstrip())


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
