"""The `reader` command: open the app, or run a subcommand on the pure layer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from reader import __version__, locations

EPILOG = """\
subcommands:
  reader list [PATH] [--json]      list the articles of a folder
  reader index [PATH] [--jobs N]   build or update a folder's search index
  reader search QUERY [--library PATH] [--limit N] [--json]
                                   search a folder: "phrases", -exclude, title:/tag:/source:

Run `reader SUBCOMMAND --help` for a subcommand's options.
Keys in the app: press ? for help.
"""


def _library_arg(parser: argparse.ArgumentParser, *, optional_flag: bool = False) -> None:
    help_text = "folder (searched recursively) or article file; default: the bundled samples"
    if optional_flag:
        parser.add_argument("--library", "-l", metavar="PATH", help=help_text)
    else:
        parser.add_argument("path", nargs="?", metavar="PATH", help=help_text)


def _resolve_library(path: str | None) -> Path:
    return Path(path).expanduser() if path else locations.sample_articles()


def _open_library_or_exit(path: str | None):
    from reader.library import open_library

    try:
        return open_library(_resolve_library(path))
    except FileNotFoundError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _report_skipped(library) -> None:
    for skipped in library.skipped:
        print(f"reader: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for info in library.articles:
        for warning in info.warnings:
            print(f"reader: {info.path}: {warning}", file=sys.stderr)


def _print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain table that lines up CJK text (two cells per wide character)."""
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max([width(h)] + [width(row[i]) for row in rows]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        cells = [cell + " " * (w - width(cell)) for cell, w in zip(row, widths)]
        print("  ".join(cells).rstrip())


# --- subcommands ---------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    library = _open_library_or_exit(args.path)
    _report_skipped(library)
    if args.json:
        items = [
            {
                "path": info.path,
                "title": info.title,
                "tags": list(info.tags),
                "date": info.date,
                "source": info.source,
                "chars": info.chars,
            }
            for info in library.articles
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    rows = [
        [info.date or "", info.title, info.source or "", " ".join(f"#{t}" for t in info.tags), library.relative(info.path)]
        for info in library.articles
    ]
    _print_table(["date", "title", "source", "tags", "file"], rows)
    return 0


def _list_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("list", help="list the articles of a folder")
    _library_arg(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(run=cmd_list)


class _ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    WIDTH = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = sys.stderr.isatty()
        self._last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.shown:
            return
        if stage == "saving":
            line = f"{self.label}: writing the index…"
        else:
            filled = self.WIDTH * done // max(total, 1)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            line = f"{self.label} [{bar}] {done}/{total}"
        if line != self._last:
            sys.stderr.write("\r\x1b[2K" + line)
            sys.stderr.flush()
            self._last = line

    def close(self) -> None:
        if self.shown and self._last:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _library_or_exit(path: str | None) -> Path:
    library_path = _resolve_library(path)
    if not library_path.exists():
        print(f"reader: no such file or folder: {path}", file=sys.stderr)
        raise SystemExit(2)
    return library_path


def _update_index(index, *, jobs: int, label: str, wait: float) -> bool:
    """Update a LibraryIndex with a progress bar; False when another process holds it."""
    from reader.indexing import IndexBusy

    bar = _ProgressBar(label)
    try:
        stats = index.update(bar, jobs=jobs, lock_timeout=wait)
    except IndexBusy:
        return False
    finally:
        bar.close()
    return stats


def cmd_index(args: argparse.Namespace) -> int:
    from reader.indexing import LibraryIndex, default_jobs

    index = LibraryIndex(_library_or_exit(args.path))
    stats = _update_index(index, jobs=args.jobs or default_jobs(), label="indexing", wait=600)
    if stats is False:
        print("reader: another reader is still updating this index; try again later", file=sys.stderr)
        return 1
    for path, (_size, _mtime, reason) in sorted(index.corpus.skipped.items()):
        print(f"reader: skipped {path}: {reason}", file=sys.stderr)
    if stats.indexed or stats.deleted or stats.rebuilt:
        print(
            f"indexed {stats.indexed} articles ({stats.added} new, {stats.changed} changed, "
            f"{stats.deleted} removed, {stats.skipped} skipped) in {stats.seconds:.1f} s; "
            f"{len(index.corpus)} in the index"
        )
    else:
        print(f"index up to date: {len(index.corpus)} articles")
    return 0


def _index_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("index", help="build or update a folder's search index")
    _library_arg(parser)
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="indexing processes (default: one per core, at most 4)")
    parser.set_defaults(run=cmd_index)


def _highlighted(text: str, spans) -> str:
    if not spans or not sys.stdout.isatty():
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start] + "\x1b[1;33m" + text[start:end] + "\x1b[0m")
        last = end
    return "".join(out) + text[last:]


def cmd_search(args: argparse.Namespace) -> int:
    from reader.indexing import LibraryIndex
    from reader.search import QueryError, Searcher, parse_query

    try:
        query = parse_query(args.query)
    except QueryError as exc:
        print(f"reader search: {exc}", file=sys.stderr)
        return 2
    if not query:
        print("reader search: the query is empty", file=sys.stderr)
        return 2
    if args.limit < 1:
        print("reader search: --limit must be at least 1", file=sys.stderr)
        return 2
    index = LibraryIndex(_library_or_exit(args.library))
    if _update_index(index, jobs=1, label="indexing", wait=2.0) is False:
        # Someone else is indexing: search what is there.
        print("reader: the index is being updated by another reader; results may be incomplete",
              file=sys.stderr)
        index.load()
    result = Searcher.for_index(index).search(query, args.limit)
    if result.widened_note:
        print(f"reader: {result.widened_note}", file=sys.stderr)
    if args.json:
        items = [{"path": h.path, "title": h.title, "score": h.score, "snippet": h.snippet} for h in result.hits]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    if not result.hits:
        print("no articles match", file=sys.stderr)
        return 0
    for rank, hit in enumerate(result.hits, 1):
        meta = " · ".join(x for x in (hit.date, hit.source) if x)
        print(f"{rank:>3}. {_highlighted(hit.title, hit.title_spans)}" + (f"  ({meta})" if meta else ""))
        print(f"     {_highlighted(hit.snippet, hit.snippet_spans)}")
        print(f"     {hit.path}")
    shown = len(result.hits)
    more = f" (showing {shown})" if result.total > shown else ""
    print(f"{result.total} articles match{more}", file=sys.stderr)
    return 0


def _search_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "search",
        help="search a folder",
        description='Terms are ANDed; "quoted phrases"; -term excludes; title:, tag:, source: '
        "limit a term to a field. Simplified and Traditional find each other.",
    )
    parser.add_argument("query", metavar="QUERY", help="what to look for (quote it for the shell)")
    _library_arg(parser, optional_flag=True)
    parser.add_argument("--limit", "-n", type=int, default=20, metavar="N", help="at most N results (default 20)")
    parser.add_argument("--json", action="store_true", help="print a JSON array (path, title, score, snippet)")
    parser.set_defaults(run=cmd_search)


SUBCOMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "list": _list_parser,
    "index": _index_parser,
    "search": _search_parser,
}


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A keyboard-first terminal reader for Chinese articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _library_arg(parser)
    return parser


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS.values():
        add(sub)
    return parser


def run_app(path: str | None) -> int:
    library_path = _resolve_library(path)
    if not library_path.exists():
        print(f"reader: no such file or folder: {path}", file=sys.stderr)
        return 2
    from reader.ui.app import ReaderApp

    app = ReaderApp(library_path)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = _subcommand_parser().parse_args(argv)
            return args.run(args)
        args = _app_parser().parse_args(argv)
        return run_app(args.path)
    except BrokenPipeError:
        # `reader list | head`: the reader of our output went away; that is fine.
        sys.stderr.close()
        return 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
