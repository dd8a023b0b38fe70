"""`reader index` and `reader search`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import Subparsers, colour_wanted, library_arg, library_path_or_exit, print_json
from reader.text.decode import decode_os_text
from reader.text.hygiene import printable_path

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


def _update_index(index: LibraryIndex, *, jobs: int, label: str, wait: float,
                  verify: bool = False) -> UpdateStats | None:
    """Update a LibraryIndex with a progress bar; None when another process holds it."""
    from reader.search.index import IndexBusy

    bar = _ProgressBar(label)
    try:
        stats = index.update(bar, jobs=jobs, lock_timeout=wait, verify=verify)
    except IndexBusy:
        return None
    finally:
        bar.close()
    return stats


def _note(text: str) -> None:
    print(f"reader: {text}", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    from reader.locations import catalog_path
    from reader.search.index import IndexWriteError, LibraryIndex, default_jobs
    from reader.search.memory import repaired_note

    index = LibraryIndex(library_path_or_exit(args.path))
    index.listed = {} if not catalog_path(index.folder).exists() else None
    try:
        # Every byte of the index is checked: a damaged index is rebuilt.
        stats = _update_index(index, jobs=args.jobs or default_jobs(), label="indexing", wait=600, verify=True)
    except IndexWriteError as exc:
        _note(str(exc))
        return 1
    if index.repaired:
        _note(repaired_note(index.repaired))
    if stats is None:
        print("reader: another reader is still updating this index; try again later", file=sys.stderr)
        return 1
    for path, (_size, _mtime, reason) in sorted(index.corpus.skipped.items()):
        print(f"reader: skipped {printable_path(path)}: {reason}", file=sys.stderr)
    _report_unwalked(index.folder)
    _write_catalog(index)
    if stats.indexed or stats.deleted or stats.rebuilt:
        print(
            f"indexed {stats.indexed:,} articles ({stats.added:,} new, {stats.changed:,} changed, "
            f"{stats.deleted:,} removed, {stats.skipped:,} skipped) in {stats.seconds:.1f} s; "
            f"{len(index.corpus):,} in the index"
        )
    else:
        print(f"index up to date: {len(index.corpus):,} articles")
    return 0


def _write_catalog(index: LibraryIndex) -> None:
    """A new folder's catalog from the articles the update read (all of them, in a first
    build): the app's first start then lists the folder without reading 10,000 files."""
    from reader.library.catalog import CatalogRow, write_new_catalog

    listed, corpus = index.listed, index.corpus
    if not listed or any(article.path not in listed for article in corpus.articles):
        return  # nothing read, or not every article (the app lists the folder itself)
    rows = {a.path: CatalogRow(a.size, a.mtime_ns, info=listed[a.path]) for a in corpus.articles}
    for path, (size, mtime_ns, reason) in corpus.skipped.items():
        rows[path] = CatalogRow(size, mtime_ns, skipped=reason)
    write_new_catalog(index.folder, rows)


def _report_unwalked(folder: Path) -> None:
    """Folders that could not be read and links not followed out of the library (the index
    passes over them as the library does)."""
    from reader.library import Skipped, iter_article_files

    problems: list[Skipped] = []
    for _file in iter_article_files(folder, problems):
        pass
    for problem in problems:
        print(f"reader: skipped {printable_path(problem.path)}: {problem.reason}", file=sys.stderr)


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
    from reader.search.index import LibraryIndex, UpdateStats, default_jobs
    from reader.search.matching import keep_variants_between_runs
    from reader.search.memory import MemoryIndex, update_or_keep_in_memory
    from reader.search.regional import regional_table
    from reader.search.whoosh_import import import_whoosh

    import_whoosh()  # without urllib.request: a tenth of a one-off search
    text = decode_os_text(" ".join([*args.query, *args.dash_words]))
    if "\ufffd" in text and not any("\ufffd" in word for word in args.query):
        print("reader search: the query is not text (its bytes are not UTF-8, GBK or Big5)", file=sys.stderr)
        return 2
    try:
        query = parse_query(text)
    except QueryError as exc:
        print(f"reader search: {exc}", file=sys.stderr)
        return 2
    if not query:
        print("reader search: the query is empty", file=sys.stderr)
        return 2
    if args.limit < 1:
        print("reader search: --limit must be at least 1", file=sys.stderr)
        return 2
    index: LibraryIndex = LibraryIndex(library_path_or_exit(args.library))
    updated: list[UpdateStats | None] = []

    def update(this: LibraryIndex) -> UpdateStats:
        stats = _update_index(this, jobs=default_jobs(), label="indexing", wait=2.0)
        updated.append(stats)
        return stats or UpdateStats()

    # Without a writable cache, the index is built in memory (and the user told so).
    index, _stats = update_or_keep_in_memory(index, update, _note)
    if not isinstance(index, MemoryIndex):
        # The cache dir takes files: the next search reuses the variants this one draws.
        keep_variants_between_runs()
    if updated[-1] is None:
        # Someone else is indexing: search what is there.
        print("reader: the index is being updated by another reader; results may be incomplete",
              file=sys.stderr)
        index.load()
    try:
        result = Searcher.for_index(index).search(query, args.limit, typing=False)
    finally:
        index.close()
    if index.failed:
        _note("the search index failed to read, so the text was scanned instead; "
              "`reader index` checks it and rebuilds it if damaged")
    for problem in regional_table().problems:
        print(f"reader: {problem}", file=sys.stderr)
    if result.widened_note:
        print(f"reader: {result.widened_note}", file=sys.stderr)
    if args.json:
        items = [{"path": h.path, "title": h.title, "score": h.score, "snippet": h.snippet} for h in result.hits]
        print_json(items)
        return 0
    if not result.hits:
        print("no articles match", file=sys.stderr)
        return 0
    for rank, hit in enumerate(result.hits, 1):
        meta = " · ".join(x for x in (hit.date, hit.source) if x)
        print(f"{rank:>3}. {_highlighted(hit.title, hit.title_spans)}" + (f"  ({meta})" if meta else ""))
        print(f"     {_highlighted(hit.snippet, hit.snippet_spans)}")
        print(f"     {printable_path(hit.path)}")
    shown = len(result.hits)
    more = f" (showing {shown:,})" if result.total > shown else ""
    matches = "1 article matches" if result.total == 1 else f"{result.total:,} articles match"
    print(f"{matches}{more}", file=sys.stderr)
    return 0


def search_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "search",
        help="search a folder",
        description='Terms are ANDed; "quoted phrases"; -term excludes; title:, tag:, source: '
        "limit a term to a field. Simplified and Traditional find each other.",
    )
    parser.add_argument("query", metavar="QUERY", nargs="*",
                        help="what to look for; words are joined (-word excludes a word)")
    library_arg(parser, optional_flag=True)
    parser.add_argument("--limit", "-n", type=int, default=20, metavar="N", help="at most N results (default 20)")
    parser.add_argument("--json", action="store_true", help="print a JSON array (path, title, score, snippet)")
    # Words starting with "-" that are not options: filled in by the command line's parser.
    parser.set_defaults(run=cmd_search, dash_words=())
