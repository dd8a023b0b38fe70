"""`reader vocab` and `reader vocab export`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from reader.cli.common import Subparsers, clip, print_table, reported, write_output

if TYPE_CHECKING:
    from reader.store.vocabulary import Vocabulary


def _load_vocabulary() -> Vocabulary:
    """The vocabulary, with any trouble with its file reported on stderr."""
    from reader.store.vocabulary import Vocabulary

    return reported(Vocabulary())


def cmd_vocab(args: argparse.Namespace) -> int:
    from reader.store.bookmarks import short_time
    from reader.store.vocabulary import listing

    items = _load_vocabulary().all()
    if args.json:
        print(json.dumps(listing(items), ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("No words yet. In an article, press w, move to a word and press a to keep it.", file=sys.stderr)
        return 0
    rows = [
        [short_time(item.added), item.word, clip(item.pinyin, 20), clip(item.meaning, 30), clip(item.source, 24)]
        for item in items
    ]
    print_table(["added", "word", "pinyin", "meaning", "source"], rows)
    return 0


def cmd_vocab_export(args: argparse.Namespace) -> int:
    from reader.store.vocabulary import export

    items = _load_vocabulary().all()
    text = export(items, args.format)
    return write_output(text, args.output, f"{len(items)} word(s)")


def vocab_parser(sub: Subparsers) -> None:
    parser = sub.add_parser("vocab", help="list or export the vocabulary list")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(run=cmd_vocab)
    actions = parser.add_subparsers(dest="action", metavar="{export}")
    export = actions.add_parser("export", help="write the words for Anki, as CSV or as Markdown")
    export.add_argument(
        "--format",
        "-f",
        choices=["anki", "csv", "md"],
        default="anki",
        help="anki: tab-separated notes (word, pinyin, meaning, sentence, source); default: anki",
    )
    export.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    export.set_defaults(run=cmd_vocab_export)
