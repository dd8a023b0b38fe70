"""`reader config path|check|keys`: where reader keeps each file, and whether config.toml is right."""

from __future__ import annotations

import argparse
import json
import sys

from reader.cli.common import Subparsers


def config_parser(sub: Subparsers) -> None:
    parser = sub.add_parser("config", help="where reader keeps its files; check config.toml")
    actions = parser.add_subparsers(dest="config_command", required=True)
    path = actions.add_parser("path", help="print where each file lives")
    path.add_argument("--json", action="store_true", help="one JSON object: name → path")
    path.set_defaults(run=cmd_path)
    check = actions.add_parser("check", help="report every problem in config.toml (exit 1 if any)")
    check.set_defaults(run=cmd_check)
    keys = actions.add_parser("keys", help="list the binding ids config.toml's [keys] can rebind")
    keys.set_defaults(run=cmd_keys)


def user_files() -> list[tuple[str, str, str]]:
    """(name, path, what it holds) for every file and folder reader keeps for the user."""
    from reader import locations
    from reader.config import config_file
    from reader.entities.gazetteer import user_dictionary_path
    from reader.script.overrides import overrides_path
    from reader.script.variants import PREFERENCES_FILE, STATE_FILE
    from reader.store import bookmarks, reading

    return [
        ("config", str(config_file()), "keys, theme, reading measure (you edit it)"),
        ("script-overrides", str(overrides_path()), "your own conversions (you edit it)"),
        ("entities", str(user_dictionary_path()), "your own entity names (you edit it)"),
        ("script-preferences", str(locations.config_dir() / PREFERENCES_FILE), "script settings (T)"),
        ("bookmarks", str(bookmarks.default_path()), "bookmarks and notes"),
        ("reading", str(reading.default_path()), "reading positions, read/unread"),
        ("script-state", str(locations.state_dir() / STATE_FILE), "the script last shown"),
        ("cache", str(locations.cache_dir()), "catalogs and search indexes (safe to delete)"),
    ]


def cmd_path(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reader.cli.common import print_table
    from reader.text import sanitize

    try:
        files = user_files()
    except OSError as exc:
        print(f"reader config: the user folders cannot be created: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({name: path for name, path, _ in files}, ensure_ascii=False, indent=2))
        return 0
    rows = [
        [name, sanitize(path) + ("" if Path(path).exists() else "  (not created yet)"), what]
        for name, path, what in files
    ]
    print_table(["file", "path", "holds"], rows)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from reader.config import load_config
    from reader.text import sanitize

    config = load_config()
    problems = list(config.problems)
    if config.keys:
        from reader.ui.keys import unknown_binding_ids

        problems += unknown_binding_ids(config.keys, config.path)
    where = sanitize(str(config.path))
    if not problems:
        exists = config.path is not None and config.path.exists()
        print(f"{where}: fine" if exists else f"{where}: no config file (all defaults)")
        return 0
    for problem in problems:
        print(f"{where}: {sanitize(str(problem))}", file=sys.stderr)
    return 1


def cmd_keys(args: argparse.Namespace) -> int:
    from reader.cli.common import print_table
    from reader.ui.keys import binding_table

    print_table(["id", "keys", "what it does"], [list(row) for row in binding_table()])
    return 0
