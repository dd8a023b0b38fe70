"""The pure layer never imports Textual: it must work for the CLI and tests without a UI."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import reader


def pure_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(reader.__path__, prefix="reader."):
        if module.name == "reader.ui" or module.name.startswith("reader.ui."):
            continue
        names.append(module.name)
    return names


def test_pure_layer_does_not_import_textual() -> None:
    modules = pure_modules()
    assert "reader.library" in modules and "reader.cli" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    if name != 'reader.__main__':\n"
        "        importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    leaked = json.loads(result.stdout.strip().splitlines()[-1])
    assert leaked == [], f"pure modules pulled in textual: {leaked[:5]}"


def test_cli_list_does_not_import_textual(samples) -> None:
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"main(['list', {str(samples)!r}, '--json'])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "CLEAN"
