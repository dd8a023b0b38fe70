"""`reader show`: an article printed in a script variant."""

from __future__ import annotations

import json

import pytest

from reader import script
from reader.cli import main

ARTICLE = """---
title: 人工智慧軟體 衝擊台灣
date: 2025-09-06
source: 科技新報
tags: [人工智慧, 軟體]
---

台灣的軟體工程師用隨身碟複製程式。

第二段：網路資訊。
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "tw.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_show_original(article, capsys):
    assert main(["show", str(article)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "人工智慧軟體 衝擊台灣"
    assert lines[1] == "2025-09-06 · 科技新報 · #人工智慧 #軟體 · 繁體 (original)"
    assert lines[2:] == ["", "台灣的軟體工程師用隨身碟複製程式。", "", "第二段：網路資訊。"]


def test_show_simplified_json(article, capsys):
    assert main(["show", str(article), "--script", "simplified", "--json"]) == 0
    item = json.loads(capsys.readouterr().out)
    assert item == {
        "title": "人工智慧软体 冲击台湾",
        "date": "2025-09-06",
        "source": "科技新报",
        "tags": ["人工智慧", "软体"],
        "url": None,
        "paragraphs": ["台湾的软体工程师用随身碟复制程式。", "第二段：网路资讯。"],
        "script": "simplified",
        "written_in": "traditional",
    }


def test_show_with_vocabulary(article, capsys):
    assert main(["show", str(article), "--script", "simplified", "--vocabulary", "--json"]) == 0
    item = json.loads(capsys.readouterr().out)
    assert item["title"] == "人工智能软件 冲击台湾"
    assert item["paragraphs"][0] == "台湾的软件工程师用U盘拷贝程序。"


def test_show_uses_saved_preferences_and_overrides(tmp_path, capsys):
    path = tmp_path / "cn.txt"
    path.write_text("记者李干报道\n\n软件和头发。\n", encoding="utf-8")
    script.save_preferences(script.ScriptPreferences(vocabulary=True))
    script.overrides_path().write_text("李干\t李干\nbroken line\n", encoding="utf-8")
    assert main(["show", str(path), "--script", "tw", "--json"]) == 0
    captured = capsys.readouterr()
    item = json.loads(captured.out)
    assert item["title"] == "記者李干報道"
    assert item["paragraphs"] == ["軟體和頭髮。"]
    assert "line 2" in captured.err


def test_show_unreadable_file(tmp_path, capsys):
    assert main(["show", str(tmp_path / "missing.md")]) == 1
    assert "cannot read" in capsys.readouterr().err
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["show", str(binary)]) == 1


@pytest.mark.parametrize("argv", [["show"], ["show", "x.md", "--script", "klingon"], ["show", "x.md", "--bogus"]])
def test_show_usage_errors(argv, capsys):
    assert main(argv) == 2
    assert "usage" in capsys.readouterr().err
