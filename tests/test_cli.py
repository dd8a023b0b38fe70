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
