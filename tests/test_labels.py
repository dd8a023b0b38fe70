"""Labels say the same thing the same way: counts with thousands separators and the right
plural, every key described in both languages."""

from __future__ import annotations

import re

import pytest

from reader.cli import main

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_counts_are_separated_and_singular_when_one() -> None:
    from reader.ui.list_filter import counted

    assert counted(1, "article") == "1 article"
    assert counted(2000, "article") == "2,000 articles"


def test_cli_says_one_article_matches(make_library, capsys) -> None:
    library = make_library({"a.md": "---\ntitle: 版權\n---\n\n版權保護。\n", "b.md": "天氣晴朗。\n"})
    assert main(["search", "版权", "--library", str(library)]) == 0
    assert "1 article matches" in capsys.readouterr().err


@pytest.mark.parametrize(
    "owner",
    [
        "reader.ui.screens.reader_screen:ReaderScreen",
        "reader.ui.widgets.article_list:ArticleList",
        "reader.ui.widgets.search_results:SearchResults",
        "reader.ui.widgets.search_panel:SearchPanel",
        "reader.ui.widgets.entity_panel:EntityPanel",
        "reader.ui.screens.bookmarks_screen:BookmarksScreen",
        "reader.ui.screens.help_screen:HelpScreen",
        "reader.ui.screens.script_settings:ScriptSettingsScreen",
        "reader.ui.app:ReaderApp",
    ],
)
def test_every_key_is_described_in_both_languages(owner: str) -> None:
    import importlib

    module, name = owner.split(":")
    cls = getattr(importlib.import_module(module), name)
    for binding in cls.BINDINGS:
        assert HAN.search(binding.description), f"{name}: {binding.key} {binding.description!r}"
    assert HAN.search(getattr(cls, "HELP_GROUP", "") or "字"), name


#: How README's keys table writes a key Textual names otherwise.
README_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "minus": "-",
    "plus": "+",
    "equals_sign": "=",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "pagedown": "PageDown",
    "pageup": "PageUp",
    "home": "Home",
    "end": "End",
    "f1": "F1",
}
#: Bound but not in the table: the arrows (the table says "arrows"), macOS's copy key.
NOT_IN_TABLE = {"up", "down", "left", "right", "super+c"}


def readme_key(key: str) -> str:
    if key in README_NAMES:
        return README_NAMES[key]
    if "+" in key:
        modifier, _, name = key.partition("+")
        return f"{modifier.capitalize()}+{README_NAMES.get(name, name.capitalize() if len(name) > 1 else name.upper())}"
    return key


def readme_keys_column() -> set[str]:
    from helpers import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            keys.update(re.findall(r"`([^`]+)`", line.split(" | ")[0]))
    return keys


async def test_the_readme_keys_table_and_the_help_screen_agree(app_factory, samples) -> None:
    from helpers import settle

    from reader.ui.screens.help_screen import HIDDEN_ACTIONS, HelpScreen
    from reader.ui.textual_private import bindings_of

    table = readme_keys_column()
    assert {"j", "/", "u", "f", "<", "-"} <= table
    app = app_factory(samples)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        # The nodes the help screen reads (see ReaderApp.action_help).
        screen = app.screen
        nodes = [app, screen, *(widget for widget in screen.query("*") if widget.can_focus)]
        bound = {
            key
            for node in nodes
            for binding in bindings_of(node)
            if binding.description and not binding.system and binding.action not in HIDDEN_ACTIONS
            for key in binding.key.split(",")
        }
        missing = {readme_key(key) for key in bound - NOT_IN_TABLE} - table
        assert not missing, f"bound and in the help screen, not in README's keys table: {missing}"
        unbound = table - {readme_key(key) for key in bound}
        assert not unbound, f"in README's keys table, bound nowhere: {unbound}"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = "\n".join(str(static.render()) for static in app.screen.query(".help-keys"))
        for description in ("Next unread article", "Filter by tag or source", "Wider sidebar", "Longer lines"):
            assert description in help_text
