"""The command line: list, help, version, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader import __version__
from reader.cli import main


def test_list_json(samples, capsys) -> None:
    assert main(["list", str(samples), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) >= 12
    assert set(items[0]) == {"path", "title", "tags", "date", "source", "chars"}
    assert all(isinstance(item["tags"], list) for item in items)
    dated = [item["date"] for item in items if item["date"]]
    assert dated == sorted(dated, reverse=True)


def test_list_table_names_skipped_files_on_stderr(make_library, capsys) -> None:
    root = make_library({"good.txt": "標題\n\n內文第一段。", "bad.txt": b"\x00\x01" * 40, "empty.md": ""})
    assert main(["list", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "標題" in out and "good.txt" in out
    assert "bad.txt" in err and "binary" in err
    assert "empty.md" in err and "empty" in err


def test_list_defaults_to_samples(capsys) -> None:
    assert main(["list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 12


def test_list_missing_folder_is_a_usage_error(tmp_path, capsys) -> None:
    assert main(["list", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys) -> None:
    assert main(["list", "--bogus"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_open_missing_path_is_a_usage_error(tmp_path, capsys) -> None:
    assert main([str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--help"], ["list", "--help"]])
def test_help(args, capsys) -> None:
    assert main(args) == 0
    assert "usage: reader" in capsys.readouterr().out


def test_version_through_python_m() -> None:
    result = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"reader {__version__}"


# --- file names are untrusted too ---------------------------------------------------------

HOSTILE_NAMES = [
    "\x1b]0;pwned\x07title.md",  # sets the terminal title
    "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07clip.md",  # writes the clipboard
    "\x1b[2Jclear.md",
    "\x9b31mc1.md",
    "line\nbreak.md",
    "bidi\u202eck.md",
]
_UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e")


def _assert_printable(text: str) -> None:
    assert not any(ch in text for ch in _UNSAFE), repr(text)
    text.encode("utf-8")  # no lone surrogates (they crash a UTF-8 terminal's encoder)


@pytest.fixture
def hostile_names(make_library):
    import os

    files: dict[str, str | bytes] = {name: f"# 標題{i}\n\n台積電今天宣布擴產，第{i}段。" for i, name in enumerate(HOSTILE_NAMES)}
    files["\x1b]0;bad\x07binary.md"] = b"\x00\x01\x02" * 40  # a skipped file with a hostile name
    root = make_library(files)
    raw = os.path.join(os.fsencode(root), b"\xff\xfe\x1b]0;x\x07.txt")
    with open(raw, "wb") as handle:
        handle.write("非UTF-8檔名，台積電。".encode())
    return root


@pytest.mark.parametrize(
    "command",
    [["list"], ["list", "--json"], ["index"], ["search", "台積電", "--library"], ["search", "台積電", "--json", "--library"]],
    ids=["list", "list-json", "index", "search", "search-json"],
)
def test_file_names_never_reach_the_terminal_raw(hostile_names, capsys, command) -> None:
    assert main([*command, str(hostile_names)]) == 0
    out, err = capsys.readouterr()
    _assert_printable(out)
    _assert_printable(err)
    if "--json" in command:
        paths = {item["path"] for item in json.loads(out)}
        assert len(paths) == len(HOSTILE_NAMES) + 1  # JSON escapes keep the real path
        assert any("\x1b]52;c;" in path for path in paths)
    else:
        assert "\\x1b]0;pwned\\x07title.md" in out + err or "index" in command
        assert "binary" in err or "search" in command


def test_printable_path_shows_controls_and_decodes_gbk_names() -> None:
    import os

    from reader.text.hygiene import printable_path

    assert printable_path("/lib/\x1b]0;x\x07a.md") == "/lib/\\x1b]0;x\\x07a.md"
    assert printable_path("/lib/a\nb.md") == "/lib/a\\nb.md"
    assert printable_path(os.fsdecode("/lib/台積電新廠.md".encode("gbk"))) == "/lib/台積電新廠.md"
    shown = printable_path(os.fsdecode(b"/lib/\xff\xfe.txt"))
    assert shown.startswith("/lib/") and shown.endswith(".txt")
    shown.encode("utf-8")
    assert printable_path("/lib/好.md") == "/lib/好.md"


def test_a_subcommand_imports_only_its_own_module(samples) -> None:
    """`reader search` builds the search command's parser alone, and imports nothing of the
    other commands (bookmarks, vocabulary, config)."""
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"code = main(['search', '台積電', '--library', {str(samples)!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('reader.cli.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    last = result.stdout.strip().splitlines()[-1]
    assert last == "0 ['reader.cli.common', 'reader.cli.searching']"
