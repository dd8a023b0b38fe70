"""`reader index` and `reader search`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.cli.common import Subparsers, colour_wanted, library_arg, library_path_or_exit

if TYPE_CHECKING:
    from reader.search.index import LibraryIndex, UpdateStats


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


def _update_index(index: LibraryIndex, *, jobs: int, label: str, wait: float) -> UpdateStats | None:
    """Update a LibraryIndex with a progress bar; None when another process holds it."""
    from reader.search.index import IndexBusy

    bar = _ProgressBar(label)
    try:
        stats = index.update(bar, jobs=jobs, lock_timeout=wait)
    except IndexBusy:
        return None
    finally:
        bar.close()
    return stats


def cmd_index(args: argparse.Namespace) -> int:
    from reader.search.index import LibraryIndex, default_jobs

    index = LibraryIndex(library_path_or_exit(args.path))
    stats = _update_index(index, jobs=args.jobs or default_jobs(), label="indexing", wait=600)
    if stats is None:
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


def index_parser(sub: Subparsers) -> None:
    parser = sub.add_parser("index", help="build or update a folder's search index")
    library_arg(parser)
    parser.add_argument("--jobs", "-j", type=int, metavar="N",
                        help="indexing processes (default: one per core, at most 4)")
    parser.set_defaults(run=cmd_index)


def _highlighted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    if not spans or not colour_wanted(sys.stdout):
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start] + "\x1b[1;33m" + text[start:end] + "\x1b[0m")
        last = end
    return "".join(out) + text[last:]


def cmd_search(args: argparse.Namespace) -> int:
    from reader.search import QueryError, Searcher, parse_query
    from reader.search.index import LibraryIndex, default_jobs

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
    index = LibraryIndex(library_path_or_exit(args.library))
    if _update_index(index, jobs=default_jobs(), label="indexing", wait=2.0) is None:
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


def search_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "search",
        help="search a folder",
        description='Terms are ANDed; "quoted phrases"; -term excludes; title:, tag:, source: '
        "limit a term to a field. Simplified and Traditional find each other.",
    )
    parser.add_argument("query", metavar="QUERY", help="what to look for (quote it for the shell)")
    library_arg(parser, optional_flag=True)
    parser.add_argument("--limit", "-n", type=int, default=20, metavar="N", help="at most N results (default 20)")
    parser.add_argument("--json", action="store_true", help="print a JSON array (path, title, score, snippet)")
    parser.set_defaults(run=cmd_search)
