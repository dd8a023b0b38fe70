"""What the subcommands share: the library argument, tables that line up CJK text, messages."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO, TypeAlias, TypeVar

from reader import locations
from reader.text.hygiene import printable_path

if TYPE_CHECKING:
    from reader.library import Library
    from reader.store.tables import StoreProblem

#: What `add_subparsers()` returns: each subcommand module adds its parsers to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class _Store(Protocol):
    def take_problems(self) -> list[StoreProblem]: ...


S = TypeVar("S", bound=_Store)


def colour_wanted(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set to anything (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def reported(store: S) -> S:
    """`store` (bookmarks, the vocabulary…), after printing the trouble it had with its file."""
    for problem in store.take_problems():
        print(f"reader: {problem.message}", file=sys.stderr)
    return store


def write_output(text: str, output: str | None, what: str) -> int:
    """Write an export to stdout (no `output`, or "-") or atomically to the file `output`,
    saying on stderr what was written (`what`: "3 bookmark(s)"); 1 when it cannot be written."""
    if not output or output == "-":
        sys.stdout.write(text)
        return 0
    from reader.atomic import write_bytes_atomic

    try:
        write_bytes_atomic(Path(output).expanduser(), text.encode("utf-8"))
    except OSError as exc:
        print(f"reader: cannot write {printable_path(output)}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"reader: wrote {what} to {printable_path(output)}", file=sys.stderr)
    return 0


def library_arg(parser: argparse.ArgumentParser, *, optional_flag: bool = False) -> None:
    help_text = "folder (searched recursively) or article file; default: the bundled samples"
    if optional_flag:
        parser.add_argument("--library", "-l", metavar="PATH", help=help_text)
    else:
        parser.add_argument("path", nargs="?", metavar="PATH", help=help_text)
    parser.add_argument(
        "--follow-links", action="store_true",
        help="also read files and folders that symbolic links lead to outside the library",
    )


def apply_follow_links(args: argparse.Namespace) -> None:
    """`--follow-links`: for this process and the indexing processes it starts."""
    if getattr(args, "follow_links", False):
        from reader.library.catalog import FOLLOW_LINKS_ENV

        os.environ[FOLLOW_LINKS_ENV] = "1"


def resolve_library(path: str | None) -> Path:
    return Path(path).expanduser() if path else locations.sample_articles()


def library_path_or_exit(path: str | None) -> Path:
    """The library path given (or the samples); exit 2 with a message when it does not exist."""
    library_path = resolve_library(path)
    if not library_path.exists():
        print(f"reader: no such file or folder: {printable_path(str(path))}", file=sys.stderr)
        raise SystemExit(2)
    return library_path


def open_library_or_exit(path: str | None) -> Library:
    from reader.library import open_library

    return open_library(library_path_or_exit(path))


def report_skipped(library: Library) -> None:
    for note in library.notes:
        print(f"reader: {note}", file=sys.stderr)
    for skipped in library.skipped:
        print(f"reader: skipped {printable_path(skipped.path)}: {skipped.reason}", file=sys.stderr)
    for info in library.articles:
        for warning in info.warnings:
            print(f"reader: {printable_path(info.path)}: {warning}", file=sys.stderr)


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


# Inside JSON strings: C1 controls and bidi marks (which json leaves as they are) and lone
# surrogates (file names that are not UTF-8, which no terminal can take) as \u escapes. The
# JSON still reads back to the exact path.
_JSON_UNSAFE_RE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(value: object) -> str:
    """`value` as indented JSON that is safe for a terminal and encodes to UTF-8."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_json(value: object) -> None:
    """Print `value` as JSON (see json_text)."""
    print(json_text(value))
