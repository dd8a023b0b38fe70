"""`reader list`, `reader show` and `reader entities`: articles as text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.common import (
    Subparsers,
    library_arg,
    open_library_or_exit,
    print_json,
    print_table,
    report_skipped,
)
from reader.text.hygiene import printable_path


def cmd_list(args: argparse.Namespace) -> int:
    library = open_library_or_exit(args.path)
    report_skipped(library)
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
        print_json(items)
        return 0
    rows = [
        [info.date or "", info.title, info.source or "", " ".join(f"#{t}" for t in info.tags), printable_path(library.relative(info.path))]
        for info in library.articles
    ]
    print_table(["date", "title", "source", "tags", "file"], rows)
    return 0


def list_parser(sub: Subparsers) -> None:
    parser = sub.add_parser("list", help="list the articles of a folder")
    library_arg(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(run=cmd_list)


def cmd_show(args: argparse.Namespace) -> int:
    from reader import script
    from reader.library.article import ArticleError, load_article
    from reader.script.variants import family

    try:
        article = load_article(args.file)
    except ArticleError as exc:
        print(f"reader: cannot read {printable_path(args.file)}: {exc}", file=sys.stderr)
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
            "written_in": written.value if (written := family(shown.script)) else None,
        }
        print_json(item)
        return 0
    print(shown.title)
    line = " · ".join(part for part in [article.info.date, source, " ".join(f"#{t}" for t in tags)] if part)
    print(line + (" · " if line else "") + shown.description)
    for paragraph in shown.paragraphs:
        print()
        print(paragraph)
    return 0


def show_parser(sub: Subparsers) -> None:
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


def cmd_entities(args: argparse.Namespace) -> int:
    from reader.entities import extract_entities
    from reader.entities.gazetteer import load_user_dictionary
    from reader.text.decode import UndecodableError, decode_bytes

    user = load_user_dictionary()
    for problem in user.problems:
        print(f"reader: {user.path}: {problem}; skipped", file=sys.stderr)
    if user.error:
        print(f"reader: {user.path}: {user.error}; not used", file=sys.stderr)
    several = len(args.files) > 1
    status = 0
    results = []
    for name in args.files:
        # One process for many files: jieba and the model load once.
        path = Path(name).expanduser()
        try:
            text = decode_bytes(path.read_bytes()).text
        except OSError as exc:
            print(f"reader: cannot read {printable_path(str(path))}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        except UndecodableError as exc:
            print(f"reader: cannot read {printable_path(str(path))}: {exc}", file=sys.stderr)
            status = 1
            continue
        spans = extract_entities(text)
        if args.json:
            if several:
                results.append({"path": str(path), "entities": [span.to_dict() for span in spans]})
            else:
                print_json([span.to_dict() for span in spans])
            continue
        from reader.text import sanitize

        if several:
            print(f"{printable_path(str(path))}:")
        rows = [[span.type, sanitize(span.text).replace("\n", " "), str(span.start), str(span.end)] for span in spans]
        print_table(["type", "text", "start", "end"], rows)
    if several and args.json:
        print_json(results)
    return status


def entities_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "entities",
        help="the named entities of a file",
        description="Print the people, organisations, places, products, money, dates, percentages "
        "and hashtags found in each FILE. Offsets index the file's decoded text. Your own names go in "
        "entities.txt in the config dir (NAME<TAB>TYPE per line).",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="article files (any encoding reader reads)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {text, type, start, end}; for several files, an array of {path, entities}",
    )
    parser.set_defaults(run=cmd_entities)
