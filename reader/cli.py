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
  reader entities FILE [--json]    the named entities of a file
  reader show FILE [--script S]    print an article, converted to a script variant
  reader bookmarks [--json]        list bookmarks
  reader bookmarks export --format md|json [-o FILE]
                                   write a Markdown reading list or JSON

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
            line = f"{self.label} [{bar}] {done}/{total} {stage}"
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
    from reader.indexing import LibraryIndex, default_jobs
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
    if _update_index(index, jobs=default_jobs(), label="indexing", wait=2.0) is False:
        # Someone else is indexing: search what is there.
        print("reader: the index is being updated by another reader; results may be incomplete",
              file=sys.stderr)
        index.load()
    try:
        result = Searcher.for_index(index).search(query, args.limit, typing=False)
    finally:
        index.close()
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


def cmd_entities(args: argparse.Namespace) -> int:
    from reader.decode import UndecodableError, decode_bytes
    from reader.entities import extract_entities
    from reader.gazetteer import load_user_dictionary

    path = Path(args.file).expanduser()
    try:
        text = decode_bytes(path.read_bytes()).text
    except OSError as exc:
        print(f"reader: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except UndecodableError as exc:
        print(f"reader: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    user = load_user_dictionary()
    for problem in user.problems:
        print(f"reader: {user.path}: {problem}; skipped", file=sys.stderr)
    if user.error:
        print(f"reader: {user.path}: {user.error}; not used", file=sys.stderr)
    spans = extract_entities(text)
    if args.json:
        print(json.dumps([span.to_dict() for span in spans], ensure_ascii=False, indent=2))
        return 0
    from reader.text import sanitize

    rows = [[span.type, sanitize(span.text).replace("\n", " "), str(span.start), str(span.end)] for span in spans]
    _print_table(["type", "text", "start", "end"], rows)
    return 0


def _entities_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "entities",
        help="the named entities of a file",
        description="Print the people, organisations, places, products, money, dates, percentages "
        "and hashtags found in FILE. Offsets index the file's decoded text. Your own names go in "
        "entities.txt in the config dir (NAME<TAB>TYPE per line).",
    )
    parser.add_argument("file", metavar="FILE", help="an article file (any encoding reader reads)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of {text, type, start, end}")
    parser.set_defaults(run=cmd_entities)
def cmd_show(args: argparse.Namespace) -> int:
    from reader import script
    from reader.article import ArticleError, load_article

    try:
        article = load_article(args.file)
    except ArticleError as exc:
        print(f"reader: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    preferences, problems = script.load_preferences()
    if args.vocabulary is not None:
        preferences = script.ScriptPreferences(preferences.traditional, args.vocabulary)
    overrides = script.load_overrides()
    for problem in [*article.info.warnings, *problems, *overrides.problems]:
        print(f"reader: {problem}", file=sys.stderr)
    variant = script.ScriptVariant(args.script)
    shown = script.convert_article(article, variant, preferences=preferences, overrides=overrides)

    def meta(text: str | None) -> str | None:
        if text is None:
            return None
        return script.convert_text(text, variant, script=shown.script, preferences=preferences, overrides=overrides)

    source = meta(article.info.source)
    tags = [meta(tag) for tag in article.tags]
    if args.json:
        item = {
            "title": shown.title,
            "date": article.info.date,
            "source": source,
            "tags": tags,
            "url": article.url,
            "paragraphs": list(shown.paragraphs),
            "script": variant.value,
            "written_in": shown.script.value if shown.script else None,
        }
        print(json.dumps(item, ensure_ascii=False, indent=2))
        return 0
    print(shown.title)
    line = " · ".join(part for part in [article.info.date, source, " ".join(f"#{t}" for t in tags)] if part)
    print(line + (" · " if line else "") + shown.description)
    for paragraph in shown.paragraphs:
        print()
        print(paragraph)
    return 0


def _show_parser(sub: argparse._SubParsersAction) -> None:
    from reader.script import ScriptVariant

    parser = sub.add_parser("show", help="print an article, converted to a script variant")
    parser.add_argument("file", metavar="FILE", help="an article file (.md, .txt)")
    parser.add_argument(
        "--script",
        choices=[variant.value for variant in ScriptVariant],
        default="original",
        help="original (default), simplified, traditional, tw (Taiwan), hk (Hong Kong)",
    )
    parser.add_argument(
        "--vocabulary",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="convert regional vocabulary too (软件 → 軟體); default: the saved preference",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(run=cmd_show)


def _load_bookmarks():
    """The bookmarks, with any trouble with their file reported on stderr."""
    from reader.bookmarks import Bookmarks, locate_anywhere

    bookmarks = Bookmarks()
    for problem in bookmarks.take_problems():
        print(f"reader: {problem.message}", file=sys.stderr)
    return bookmarks, locate_anywhere


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from reader.bookmarks import listing, short_time

    bookmarks, locate_anywhere = _load_bookmarks()
    located = locate_anywhere(bookmarks, args.library)
    if args.json:
        print(json.dumps(listing(located), ensure_ascii=False, indent=2))
        return 0
    rows = [
        [
            short_time(item.bookmark.created),
            _clip(item.bookmark.title, 24),
            _clip(item.bookmark.quote, 24),
            _clip(item.bookmark.note, 24),
            ("missing: " if item.missing else "") + item.bookmark.path,
        ]
        for item in located
    ]
    if rows:
        _print_table(["created", "title", "quote", "note", "file"], rows)
    else:
        print("No bookmarks yet. In the app, press b to bookmark where you are reading.", file=sys.stderr)
    return 0


def cmd_bookmarks_export(args: argparse.Namespace) -> int:
    from reader.atomic import write_bytes_atomic
    from reader.bookmarks import listing, to_markdown

    bookmarks, locate_anywhere = _load_bookmarks()
    located = locate_anywhere(bookmarks, args.library)
    if args.format == "json":
        text = json.dumps(listing(located), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_markdown(located)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_bytes_atomic(Path(args.output).expanduser(), text.encode("utf-8"))
    except OSError as exc:
        print(f"reader: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"reader: wrote {len(located)} bookmark(s) to {args.output}", file=sys.stderr)
    return 0


def _bookmarks_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bookmarks", help="list or export bookmarks")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    library_help = "look for moved articles in this folder (default: where each bookmark was made)"
    parser.add_argument("--library", "-l", metavar="PATH", help=library_help)
    parser.set_defaults(run=cmd_bookmarks)
    actions = parser.add_subparsers(dest="action", metavar="{export}")
    export = actions.add_parser("export", help="write a Markdown reading list or JSON")
    export.add_argument("--format", "-f", choices=["md", "json"], default="md", help="default: md")
    export.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    # SUPPRESS: a default here would overwrite `bookmarks --library X export`.
    export.add_argument("--library", "-l", metavar="PATH", default=argparse.SUPPRESS, help=library_help)
    export.set_defaults(run=cmd_bookmarks_export)


SUBCOMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "list": _list_parser,
    "index": _index_parser,
    "search": _search_parser,
    "entities": _entities_parser,
    "show": _show_parser,
    "bookmarks": _bookmarks_parser,
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
