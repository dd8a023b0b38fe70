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
