"""`reader vocab [--json]` and `reader vocab export --format anki|csv|md [-o FILE]`."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.store.vocabulary import Vocabulary


@pytest.fixture
def kept() -> Vocabulary:
    vocabulary = Vocabulary()
    vocabulary.add(
        "銀行",
        simplified="银行",
        traditional="銀行",
        pinyin="yín háng",
        meaning="bank",
        sentence="他去銀行開戶。",
        path="/library/bank.md",
        title="開戶指南",
    )
    return vocabulary


def test_no_words_yet(capsys):
    assert main(["vocab"]) == 0
    assert "No words yet" in capsys.readouterr().err
    assert main(["vocab", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_table_and_json(kept, capsys):
    assert main(["vocab"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split() == ["added", "word", "pinyin", "meaning", "source"]
    assert "銀行" in row and "yín háng" in row and "開戶指南" in row
    assert main(["vocab", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["word"] == "銀行" and item["sentence"] == "他去銀行開戶。" and item["path"] == "/library/bank.md"


def test_export_anki_to_a_file(kept, tmp_path, capsys):
    target = tmp_path / "out" / "words.txt"
    assert main(["vocab", "export", "--format", "anki", "-o", str(target)]) == 0
    lines = target.read_text("utf-8").splitlines()
    assert lines[0] == "#separator:tab"
    assert lines[-1].split("\t") == ["銀行", "yín háng", "bank", "他去銀行開戶。", "開戶指南"]
    assert "wrote 1 word(s)" in capsys.readouterr().err


@pytest.mark.parametrize(("form", "start"), [("csv", "word,simplified,"), ("md", "# Vocabulary")])
def test_export_to_stdout(kept, capsys, form, start):
    assert main(["vocab", "export", "-f", form]) == 0
    assert capsys.readouterr().out.startswith(start)


def test_a_bad_format_or_unwritable_file_is_a_clear_error(kept, tmp_path, capsys):
    assert main(["vocab", "export", "--format", "pdf"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["vocab", "export", "-o", str(blocker / "words.txt")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_a_corrupt_file_is_reported(capsys):
    Vocabulary().path.write_text("[]", "utf-8")
    assert main(["vocab"]) == 0
    assert "vocabulary.json does not have the expected layout" in capsys.readouterr().err


def test_export_names_its_file_safely(tmp_path, capsys):
    """The file name goes to the terminal: its escape sequences are shown, not obeyed."""
    from reader.cli import main

    target = tmp_path / "list\x1b]0;pwned\x07.csv"
    assert main(["vocab", "export", "--format", "csv", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "wrote 0 word(s)" in err and "\x1b" not in err and "\x07" not in err
    assert target.exists()
