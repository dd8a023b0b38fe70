"""The `reader` command: open the app, or run a subcommand on the pure layer."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from reader import __version__
from reader.cli.common import Subparsers, apply_follow_links, library_arg, library_path_or_exit

EPILOG = """\
subcommands:
  reader list [PATH] [--json]      list the articles of a folder
  reader index [PATH] [--jobs N]   build or update a folder's search index
  reader search QUERY [--library PATH] [--limit N] [--json]
                                   search a folder: "phrases", -exclude, title:/tag:/source:/entity:
  reader entities FILE... [--json] the named entities of files
  reader show FILE [--script S]    print an article, converted to a script variant
  reader bookmarks [--json]        list bookmarks
  reader bookmarks export --format md|json [-o FILE]
                                   write a Markdown reading list or JSON
  reader vocab [--json]            list the words kept in word mode
  reader vocab export --format anki|csv|md [-o FILE]
                                   write them for Anki (tab-separated notes), as CSV or Markdown

  reader config path|check|keys    where each file lives; check config.toml; the key ids

Symbolic links that lead out of the library are not followed (list reports them); add
--follow-links (app, list, index, search) to read what they lead to.

Run `reader SUBCOMMAND --help` for a subcommand's options.
Keys in the app: press ? for help.
"""


#: Each subcommand's module in reader.cli and the function that adds its parser: only the
#: command run is imported (`reader search` imports nothing of bookmarks or vocabulary).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "list": ("articles", "list_parser"),
    "index": ("searching", "index_parser"),
    "search": ("searching", "search_parser"),
    "entities": ("articles", "entities_parser"),
    "show": ("articles", "show_parser"),
    "bookmarks": ("bookmarks", "bookmarks_parser"),
    "vocab": ("vocabulary", "vocab_parser"),
    "config": ("configuring", "config_parser"),
}


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A keyboard-first terminal reader for Chinese articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    library_arg(parser)
    return parser


def _subcommand_parser(command: str) -> argparse.ArgumentParser:
    """The parser of one subcommand (`command` is one of SUBCOMMANDS)."""
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)
    module, name = SUBCOMMANDS[command]
    add: Callable[[Subparsers], None] = getattr(importlib.import_module(f"reader.cli.{module}"), name)
    add(sub)
    return parser


def _parse_subcommand(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse a subcommand's arguments. For a command whose words are a query (`search`), a
    word argparse does not know that starts with one dash is a query word: `reader search
    -台積電` excludes 台積電 (argparse would call it an unknown option)."""
    args, unknown = parser.parse_known_args(argv)
    if unknown and getattr(args, "dash_words", None) is not None:
        words = [word for word in unknown if word.startswith("-") and not word.startswith("--")]
        args.dash_words = [*args.dash_words, *words]
        unknown = [word for word in unknown if word not in words]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def run_app(path: str | None) -> int:
    library_path = library_path_or_exit(path)
    from reader.ui.app import ReaderApp

    app = ReaderApp(library_path)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = _parse_subcommand(_subcommand_parser(argv[0]), argv)
            apply_follow_links(args)
            run: Callable[[argparse.Namespace], int] = args.run
            if argv[0] != "search" or not gc.isenabled():
                return run(args)
            # A one-off search makes few reference cycles: the cyclic garbage collector only
            # walked its long-lived objects (the modules, the corpus), ~0.05 s of CPU.
            gc.disable()
            try:
                return run(args)
            finally:
                gc.enable()
        args = _app_parser().parse_args(argv)
        apply_follow_links(args)
        return run_app(args.path)
    except BrokenPipeError:
        # `reader list | head`: the reader of our output went away; that is fine.
        sys.stderr.close()
        return 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)


def entry() -> NoReturn:
    """The `reader` command as a process: `main()`, then exit. A one-off search ends the
    process as soon as its output is flushed: tearing the interpreter down (freeing the
    corpus, the word index, every module one object at a time) only gave back memory the
    system takes back anyway, ~0.07 s of a search's 0.5 s."""
    code = main()
    if sys.argv[1:2] == ["search"]:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # `reader search … | head`: what was not read is not wanted (stderr closed)
        os._exit(code)
    sys.exit(code)
