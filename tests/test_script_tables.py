"""The characters that tell scripts and regions apart are drawn from opencc once and kept in
the cache dir; a damaged or outdated file is drawn again."""

from __future__ import annotations

import json

import pytest
from helpers import calls_of

from reader.script import tables, variants
from reader.script.variants import ScriptVariant, detect_region, detect_script


@pytest.fixture
def fresh(monkeypatch):
    """No tables in memory: each test starts as a new process would."""
    monkeypatch.setattr(variants, "_classes", None)
    monkeypatch.setattr(variants, "_regions", None)


def test_drawn_once_then_read_from_the_cache(fresh, monkeypatch) -> None:
    calls = calls_of(monkeypatch, variants, "opencc_converter")
    assert detect_script("這是繁體中文的文章") is ScriptVariant.TRADITIONAL
    assert detect_region("裏面説的") is ScriptVariant.HK
    assert sorted(calls) == ["s2t", "t2hk", "t2s", "t2tw"]
    kept = json.loads(tables.tables_file().read_text("utf-8"))
    assert {"opencc", "scripts", "regions"} <= set(kept)

    monkeypatch.setattr(variants, "_classes", None)
    monkeypatch.setattr(variants, "_regions", None)
    calls.clear()
    assert detect_script("这是简体中文的文章") is ScriptVariant.SIMPLIFIED
    assert detect_script("這是繁體中文的文章") is ScriptVariant.TRADITIONAL
    assert detect_region("裡面說的") is ScriptVariant.TW
    assert detect_region("裏面説的") is ScriptVariant.HK
    assert calls == []


@pytest.mark.parametrize("damage", ["{not json", json.dumps({"opencc": "another opencc", "scripts": ["", ""]}),
                                    json.dumps({"opencc": None, "scripts": [1, 2]}), "[]"])
def test_a_damaged_or_outdated_file_is_drawn_again(fresh, monkeypatch, damage: str) -> None:
    path = tables.tables_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(damage, encoding="utf-8")
    calls = calls_of(monkeypatch, variants, "opencc_converter")
    assert detect_script("這是繁體中文的文章") is ScriptVariant.TRADITIONAL
    assert sorted(calls) == ["s2t", "t2s"]
    assert json.loads(path.read_text("utf-8"))["opencc"] == tables._opencc_stamp()


def test_an_unwritable_cache_still_tells(fresh, monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(tables, "tables_file", lambda: blocker / "script-tables.json")
    assert detect_script("这是简体中文") is ScriptVariant.SIMPLIFIED
