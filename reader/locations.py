"""Every path reader uses: the user dirs (platformdirs) and the files bundled with the package."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "reader"

#: Set to a folder to keep every user dir under it (tests, portable installs).
HOME_ENV = "READER_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def _user_dir(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override) / kind
    else:
        dirs = _dirs()
        path = Path(
            {
                "data": dirs.user_data_dir,
                "cache": dirs.user_cache_dir,
                "config": dirs.user_config_dir,
                "state": dirs.user_state_dir,
            }[kind]
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        # Unwritable, full, or a file in the way: the path is still returned, and whoever
        # uses it hears of it there: caches are skipped (reading works without them, slower),
        # stores say they cannot save, the search index is kept in memory.
        pass
    return path


def data_dir() -> Path:
    """Where bookmarks and other things the user keeps live."""
    return _user_dir("data")


def cache_dir() -> Path:
    """Rebuildable caches: the catalog, the search index, jieba's dictionary cache."""
    return _user_dir("cache")


def config_dir() -> Path:
    """Preferences and user dictionaries the user may edit by hand."""
    return _user_dir("config")


def state_dir() -> Path:
    """Reading state: positions, read/unread, the last script variant."""
    return _user_dir("state")


def folder_key(folder: Path) -> str:
    """A short stable key for a library folder, used to name its caches."""
    resolved = str(Path(folder).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(resolved).name)
    return f"{name[:40] or 'root'}-{digest}"


def catalog_path(folder: Path) -> Path:
    """The catalog cache of one library folder."""
    path = cache_dir() / "catalog"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # no catalog cache: reading it finds nothing, writing it is skipped
    return path / f"{folder_key(folder)}.rows"


def bundled(name: str) -> Path:
    """A file shipped with reader (`styles/…`, `sample_articles`).

    An installed wheel carries them in `reader/_bundled/`; a source checkout has them at the
    top of the repository.
    """
    inside = _PACKAGE_DIR / "_bundled" / name
    if inside.exists():
        return inside
    return _PACKAGE_DIR.parent / name


def sample_articles() -> Path:
    """The bundled sample articles opened by `reader` with no argument."""
    return bundled("sample_articles")


def stylesheet() -> Path:
    """The app's one stylesheet."""
    return bundled("styles/reader.tcss")
