"""`reader bookmarks` and `reader bookmarks export`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reader.cli.common import Subparsers, clip, json_text, print_json, print_table, reported, write_output
from reader.text.hygiene import printable_path

if TYPE_CHECKING:
    from reader.store.bookmarks import Bookmarks


def _load_bookmarks() -> Bookmarks:
    """The bookmarks, with any trouble with their file reported on stderr."""
    from reader.store.bookmarks import Bookmarks

    return reported(Bookmarks())


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from reader.store.bookmarks import listing, locate_anywhere, short_time

    located = locate_anywhere(_load_bookmarks(), args.library)
    if args.json:
        print_json(listing(located))
        return 0
    rows = [
        [
            short_time(item.bookmark.created),
            clip(item.bookmark.title, 24),
            clip(item.bookmark.quote, 24),
            clip(item.bookmark.note, 24),
            ("missing: " if item.missing else "") + printable_path(item.bookmark.path),
        ]
        for item in located
    ]
    if rows:
        print_table(["created", "title", "quote", "note", "file"], rows)
    else:
        print("No bookmarks yet. In the app, press b to bookmark where you are reading.", file=sys.stderr)
    return 0


def cmd_bookmarks_export(args: argparse.Namespace) -> int:
    from reader.store.bookmarks import article_links, listing, locate_anywhere, to_markdown

    located = locate_anywhere(_load_bookmarks(), args.library)
    if args.format == "json":
        text = json_text(listing(located)) + "\n"
    else:
        text = to_markdown(located, links=article_links(located))
    return write_output(text, args.output, f"{len(located)} bookmark(s)")


def bookmarks_parser(sub: Subparsers) -> None:
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
