"""`reader search` keeps the regional variants it drew from opencc in the cache dir, so the
next search for the same words builds no opencc converter (≈0.2 s of a one-off search)."""

from __future__ import annotations

import json

import pytest
from helpers import calls_of

from reader.cli import main
from reader.search import matching

ARTICLE = "---\ntitle: 人工智慧的未來\n---\n\n人工智慧與軟體產業。\n"


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "lib"
    root.mkdir()
    (root / "ai.md").write_text(ARTICLE, encoding="utf-8")
    return root


@pytest.fixture
def fresh_process(monkeypatch):
    """As in a new process: nothing drawn in memory, variants not kept until the CLI asks."""
    monkeypatch.setattr(matching, "_keep_between_runs", False)
    matching._opencc_variants.cache_clear()
    yield
    matching._opencc_variants.cache_clear()


def search(library, capsys) -> tuple[list, str]:
    assert main(["search", "人工智能", "--library", str(library), "--json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def test_the_second_search_builds_no_converter(library, capsys, monkeypatch, fresh_process) -> None:
    built = calls_of(monkeypatch, matching, "opencc_converter")
    first, first_note = search(library, capsys)
    assert [hit["title"] for hit in first] == ["人工智慧的未來"]
    assert "人工智慧" in first_note  # found through the Taiwan wording
    assert built
    kept = json.loads(matching.variants_file().read_text("utf-8"))
    assert [part for part in kept["人工智能"] if "智慧" in part]

    matching._opencc_variants.cache_clear()
    built.clear()
    assert search(library, capsys) == (first, first_note)
    assert built == []


@pytest.mark.parametrize("damage", ["{", "[1, 2]", json.dumps({"opencc": "x", "人工智能": ["人工智障"] * 2})])
def test_a_damaged_or_outdated_file_is_drawn_again(library, capsys, monkeypatch, fresh_process, damage) -> None:
    path = matching.variants_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(damage, encoding="utf-8")
    hits, note = search(library, capsys)
    assert [hit["title"] for hit in hits] == ["人工智慧的未來"] and "人工智慧" in note
    assert "人工智障" not in path.read_text("utf-8")


def test_the_file_keeps_the_latest_texts(monkeypatch, fresh_process) -> None:
    monkeypatch.setattr(matching, "_keep_between_runs", True)
    monkeypatch.setattr(matching, "KEPT_VARIANTS", 2)
    for text in ("软件", "地铁", "人工智能"):
        matching._opencc_variants(text)
    kept = json.loads(matching.variants_file().read_text("utf-8"))
    assert set(kept) == {"opencc", "地铁", "人工智能"}
