"""Faults around the search index and the user dirs: damaged index files, obstacles where the
index and its lock belong, an unwritable cache or READER_HOME, a full disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import SAMPLES, settle, wait_until

from reader import locations
from reader.cli import main
from reader.search import Searcher
from reader.search.index import LibraryIndex, index_dir

QUERIES = ["台積電", "人工智能", "版权", "Claude"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the samples and a good index of it, built once (in a directory of its own:
    each test copies it to where its own cache dir keeps the index)."""
    base = tmp_path_factory.mktemp("faults")
    folder = base / "samples"
    shutil.copytree(SAMPLES, folder)
    template = base / "template"
    index = LibraryIndex(folder, directory=template)
    index.update()
    index.close()
    return folder, template


@pytest.fixture
def library(built: tuple[Path, Path]) -> Path:
    """The samples folder with its good index in this test's cache dir (mtimes kept)."""
    folder, template = built
    target = index_dir(folder.resolve())
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return folder


def results(index: LibraryIndex) -> dict[str, list[str]]:
    searcher = Searcher.for_index(index)
    return {q: [Path(h.path).name for h in searcher.search(q, 50, typing=False).hits] for q in QUERIES}


def good_results(folder: Path) -> dict[str, list[str]]:
    index = LibraryIndex(folder)
    assert index.load() and index.whoosh_index() is not None
    try:
        return results(index)
    finally:
        index.close()


def garble(path: Path, *, keep_mtime: bool = False) -> None:
    """Flip 64 bytes in the middle of a file, in place."""
    stat = path.stat()
    with open(path, "r+b") as handle:
        handle.seek(stat.st_size // 2)
        chunk = handle.read(64)
        handle.seek(stat.st_size // 2)
        handle.write(bytes(b ^ 0x5A for b in chunk))
    if keep_mtime:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def damage(directory: Path, part: str, how: str) -> None:
    files = sorted(directory.glob("*.toc" if part == "toc" else "*.seg"))
    assert files, f"no {part} files in {directory}"
    for path in files:
        size = path.stat().st_size
        if how == "garbled":
            garble(path)
        elif how == "truncated":
            with open(path, "r+b") as handle:
                handle.truncate(size // 2)
        elif how == "zeroed":
            path.write_bytes(bytes(size))
        else:
            path.unlink()


# --- 9: a damaged word index is found and rebuilt ------------------------------------------


@pytest.mark.parametrize("part", ["toc", "seg"])
@pytest.mark.parametrize("how", ["garbled", "truncated", "zeroed", "deleted"])
def test_a_damaged_word_index_is_found_and_rebuilt_at_once(library: Path, part: str, how: str) -> None:
    before = good_results(library)
    damage(index_dir(library.resolve()), part, how)
    index = LibraryIndex(library)
    stats = index.update()
    assert stats.rebuilt and index.repaired, "the damage was not noticed"
    assert index.whoosh_index() is not None  # whoosh answers again, not the scan alone
    assert results(index) == before
    index.close()
    again = LibraryIndex(library)
    assert not again.update().rebuilt and again.repaired is None  # said once: now it is sound


def test_bit_rot_with_unchanged_mtime_is_found_by_a_full_check(library: Path) -> None:
    before = good_results(library)
    for seg in index_dir(library.resolve()).glob("*.seg"):
        garble(seg, keep_mtime=True)
    quick = LibraryIndex(library)
    assert not quick.update().rebuilt  # sizes and mtimes agree: the quick check passes
    quick.close()
    full = LibraryIndex(library)
    assert full.update(verify=True).rebuilt and full.repaired
    assert results(full) == before
    full.close()


def test_files_touched_but_unchanged_are_not_taken_for_damage(library: Path) -> None:
    for path in index_dir(library.resolve()).iterdir():
        os.utime(path)  # a backup tool or a copy that did not keep times
    index = LibraryIndex(library)
    assert index.load() and index.whoosh_index() is not None
    assert not index.update(verify=True).rebuilt and index.repaired is None
    index.close()


def test_a_first_build_that_never_finished_is_built_without_a_damage_note(library: Path) -> None:
    directory = index_dir(library.resolve())
    (directory / "CHECKSUMS").unlink()
    (directory / "corpus.bin").unlink()  # as when a first build is killed before its end
    index = LibraryIndex(library)
    assert index.update().rebuilt and index.repaired is None
    index.close()


def test_reader_index_rebuilds_a_damaged_index_and_says_so_once(library: Path, capsys) -> None:
    damage(index_dir(library.resolve()), "seg", "garbled")
    assert main(["index", str(library)]) == 0
    out, err = capsys.readouterr()
    assert "up to date" not in out and "indexed 14 articles" in out
    assert err.count("damaged") == 1 and "Traceback" not in err
    assert main(["index", str(library)]) == 0
    out, err = capsys.readouterr()
    assert "up to date" in out and "damaged" not in err


def test_reader_search_after_damage_gives_the_word_index_results(library: Path, capsys) -> None:
    before = good_results(library)
    damage(index_dir(library.resolve()), "toc", "zeroed")
    assert main(["search", "台積電", "--library", str(library), "--limit", "50", "--json"]) == 0
    out, err = capsys.readouterr()
    import json

    assert [Path(item["path"]).name for item in json.loads(out)] == before["台積電"]
    assert err.count("damaged") == 1


def test_search_says_when_the_word_index_failed_under_it(library: Path, capsys) -> None:
    """Damage that kept size and mtime passes the quick check; when whoosh then fails while
    searching, the scan answers and the user hears of it."""
    for seg in index_dir(library.resolve()).glob("*.seg"):
        stat = seg.stat()
        seg.write_bytes(bytes(stat.st_size))
        os.utime(seg, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert main(["search", "台積電", "--library", str(library)]) == 0
    out, err = capsys.readouterr()
    assert "台積電" in out and "reader index" in err
    assert main(["index", str(library)]) == 0
    assert "damaged" in capsys.readouterr().err


@pytest.mark.parametrize("keep_mtime", [False, True], ids=["garbled", "bit-rot"])
def test_garbled_bytes_in_the_corpus_are_found(library: Path, keep_mtime: bool) -> None:
    corpus = index_dir(library.resolve()) / "corpus.bin"
    size = corpus.stat().st_size
    with open(corpus, "r+b") as handle:  # the last article's original text: not parsed on load
        handle.seek(size - 200)
        handle.write("亂碼亂碼".encode())
    if keep_mtime:
        os.utime(corpus, ns=(corpus.stat().st_atime_ns, corpus.stat().st_mtime_ns - 10**9))
    index = LibraryIndex(library)
    if keep_mtime:
        index.load()
        stats = index.update(verify=True)
    else:
        assert not index.load()  # checked on load
        stats = index.update()
    assert stats.rebuilt and index.repaired
    assert not any("亂碼亂碼" in index.corpus.original(slot) for slot in range(len(index.corpus)))
    index.close()


def test_rewriting_the_corpus_never_pulls_it_from_under_a_reader(library: Path, tmp_path: Path) -> None:
    """A process that holds the corpus mapped keeps reading it while another process updates
    and rebuilds the index (the file is replaced, never rewritten in place: no SIGBUS)."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from reader.search.index import LibraryIndex
        index = LibraryIndex({str(library)!r})
        assert index.load()
        corpus = index.corpus
        print("ready", flush=True)
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            for slot in range(len(corpus)):
                corpus.original(slot)
                corpus.masks.get("台")
        print("done", flush=True)
        """
    )
    reader = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        extra = library / "zz-new.md"
        for round_ in range(3):
            extra.write_text(f"# 新文章 {round_}\n\n台積電發布新版本。{'內容' * 100 * round_}\n", encoding="utf-8")
            LibraryIndex(library).update()
        garble(index_dir(library.resolve()) / "corpus.bin")
        LibraryIndex(library).update()  # found damaged: rebuilt from scratch
        out, _ = reader.communicate(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
        (library / "zz-new.md").unlink(missing_ok=True)
    assert reader.returncode == 0 and "done" in out


# --- 10: obstacles, no cache, a full disk ----------------------------------------------------


def test_a_directory_where_the_lock_file_belongs(library: Path) -> None:
    index = LibraryIndex(library)
    index.lock_file.mkdir()
    (index.lock_file / "junk").write_text("x")
    before = good_results(library)
    (library / "zz-lock.md").write_text("# 鎖\n\n台積電的新聞。\n", encoding="utf-8")
    try:
        stats = index.update()
        assert stats.added == 1
        assert "zz-lock.md" in results(index)["台積電"]
        assert len(results(index)["台積電"]) == len(before["台積電"]) + 1
    finally:
        (library / "zz-lock.md").unlink()
        index.close()


def test_a_file_where_the_index_directory_belongs(library: Path, capsys) -> None:
    directory = index_dir(library.resolve())
    shutil.rmtree(directory)
    directory.write_bytes(b"not a folder")
    index = LibraryIndex(library)
    assert not index.load()
    stats = index.update()
    assert stats.rebuilt and directory.is_dir() and index.whoosh_index() is not None
    index.close()
    assert main(["search", "台積電", "--library", str(library)]) == 0


@pytest.mark.parametrize("name", ["articles_WRITELOCK", "corpus.bin", "SCHEMA_VERSION"])
def test_a_directory_in_place_of_a_file_of_the_index(library: Path, name: str) -> None:
    directory = index_dir(library.resolve())
    path = directory / name
    path.unlink(missing_ok=True)
    path.mkdir()
    (path / "junk").write_text("x")
    before = good_results(LibraryIndex(library).folder) if name == "articles_WRITELOCK" else None
    (library / "zz-obstacle.md").write_text("# 障礙\n\n台積電的新聞。\n", encoding="utf-8")
    try:
        index = LibraryIndex(library)
        stats = index.update()
        assert stats.indexed >= 1 and index.whoosh_index() is not None
        found = results(index)["台積電"]
        assert "zz-obstacle.md" in found
        if before is not None:
            assert len(found) == len(before["台積電"]) + 1
        index.close()
    finally:
        (library / "zz-obstacle.md").unlink()


@pytest.fixture
def blocked_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """READER_HOME below a regular file: no user dir can be created (ENOTDIR), as root too."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    home = blocker / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(home))
    return home


@pytest.mark.parametrize(
    "command",
    [["list"], ["show", "01-anthropic-settlement-tw.md"], ["entities", "02-tsmc-exports-stocks-tw.md"], ["bookmarks"],
     ["bookmarks", "export", "--format", "md"]],
    ids=lambda c: "-".join(c[:2]),
)
def test_commands_work_without_a_cache_or_home(blocked_home: Path, command: list[str], capsys) -> None:
    args = [part if not part.endswith((".md", ".txt")) else str(SAMPLES / part) for part in command]
    if args == ["list"]:
        args.append(str(SAMPLES))
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out.strip() or args == ["bookmarks"]  # no bookmarks: said on stderr
    assert "Traceback" not in err


def test_search_without_a_cache_searches_in_memory_and_says_so_once(blocked_home: Path, built, capsys) -> None:
    folder, _template = built
    assert main(["search", "台積電", "--library", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "台積電" in out
    assert err.count("without a cache") == 1 and "Traceback" not in err
    assert main(["index", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "cannot" in err and "Traceback" not in err


def run_reader(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_a_fresh_process_without_a_cache_segments_and_extracts(blocked_home: Path) -> None:
    """jieba starts with no dictionary cache it can write: no traceback, nothing written."""
    done = run_reader("entities", str(SAMPLES / "02-tsmc-exports-stocks-tw.md"))
    assert done.returncode == 0 and "台積電" in done.stdout
    assert "Traceback" not in done.stderr and "Dump cache file failed" not in done.stderr


def _namespace_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || "
                            "mount -t tmpfs -o size=64k tmpfs /tmp"], capture_output=True)
    return probe.returncode == 0


needs_tmpfs = pytest.mark.skipif(not _namespace_mount_works(),
                                 reason="needs unshare -rm (user and mount namespaces) to mount a tmpfs")


def in_tmpfs(mount: Path, options: str, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) with a tmpfs of `options` mounted on `mount`, in a private user and
    mount namespace (no root needed): a real full disk or read-only file system."""
    mount.mkdir(parents=True, exist_ok=True)
    full = f"mount -t tmpfs -o {options} tmpfs {mount} || exit 99\n{script}"
    done = subprocess.run(["unshare", "-rm", "sh", "-c", full], capture_output=True, text=True, timeout=300,
                          env={**os.environ, locations.HOME_ENV: str(mount / "home")})
    assert done.returncode != 99, done.stderr
    return done


@needs_tmpfs
@pytest.mark.parametrize("size", ["300k", "5m", "9600k"])
def test_a_full_disk_gives_a_message_and_leaves_nothing_behind(tmp_path: Path, built, size: str) -> None:
    folder, _template = built
    mount = tmp_path / "disk"
    reader = f"{sys.executable} -m reader"
    done = in_tmpfs(mount, f"size={size}", textwrap.dedent(f"""
        {reader} index {folder}; echo "index rc=$?"
        {reader} search 台積電 --library {folder}; echo "search rc=$?"
        echo "files:"; find {mount} -type f | grep -v -e '/config/' -e '\\.lock$' -e '\\.lock\\.owner$' -e 'jieba.cache$' || true
        """))
    out, err = done.stdout, done.stderr
    assert "Traceback" not in err, err
    assert "search rc=0" in out and "台積電" in out
    index_rc = out.split("index rc=")[1].split()[0]
    if index_rc != "0":
        assert index_rc == "1" and "no space left" in err.lower()
        leftovers = [line for line in out.split("files:")[1].splitlines() if line.strip()]
        assert leftovers == [], leftovers


@needs_tmpfs
def test_a_read_only_home_is_only_slower(tmp_path: Path, built) -> None:
    folder, _template = built
    mount = tmp_path / "ro"
    reader = f"{sys.executable} -m reader"
    done = in_tmpfs(mount, "ro,size=64k", textwrap.dedent(f"""
        {reader} list {folder} >/dev/null; echo "list rc=$?"
        {reader} entities {folder}/02-tsmc-exports-stocks-tw.md | grep -c 台積電; echo "entities rc=$?"
        {reader} search 台積電 --library {folder}; echo "search rc=$?"
        {reader} bookmarks; echo "bookmarks rc=$?"
        """))
    assert "Traceback" not in done.stderr, done.stderr
    for command in ("list", "entities", "search", "bookmarks"):
        assert f"{command} rc=0" in done.stdout, done.stdout + done.stderr
    assert done.stderr.count("without a cache") == 1


def test_a_full_disk_while_indexing_in_process(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC simulated by monkeypatching whoosh's file writes (the tmpfs tests do it for real)."""
    import errno

    from whoosh.filedb.structfile import StructFile

    from reader.search.index import IndexWriteError

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    shutil.rmtree(index_dir(library.resolve()))
    monkeypatch.setattr(StructFile, "write", full)
    index = LibraryIndex(library)
    with pytest.raises(IndexWriteError, match="No space left"):
        index.update()
    # The lock file and the note of its owner's pid stay: they are the lock, reused next time.
    leftovers = [p for p in index.directory.parent.rglob("*") if p.is_file() and not p.name.endswith((".lock", ".lock.owner"))]
    assert leftovers == []


# --- the app --------------------------------------------------------------------------------


async def test_the_app_reads_and_searches_without_a_cache(blocked_home: Path, app_factory, samples) -> None:
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.search_panel import SearchPanel
    from reader.ui.widgets.search_results import SearchResults

    app = app_factory(samples)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.library is not None and len(app.library.articles) >= 12
        view = app.screen.query_one(ArticleView)
        await wait_until(pilot, lambda: len(view.paragraphs) > 0, what="an article on screen")
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash")
        panel.set_query("台積電")
        await settle(pilot)
        await wait_until(pilot, lambda: len(panel.query_one(SearchResults).hits) >= 2, timeout=30, what="results")
        status = str(panel.query_one("#search-status").render())
        assert "without a cache" in status


async def test_the_app_rebuilds_a_damaged_index_and_says_so(library: Path, app_factory) -> None:
    from reader.ui.widgets.search_panel import SearchPanel
    from reader.ui.widgets.search_results import SearchResults

    before = good_results(library)
    damage(index_dir(library.resolve()), "seg", "zeroed")
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(SearchPanel)
        await pilot.press("slash")
        panel.set_query("台積電 ")
        await settle(pilot)
        await wait_until(pilot, lambda: "damaged" in str(panel.query_one("#search-status").render()), timeout=30,
                         what="the repair note")
        hits = panel.query_one(SearchResults).hits
        assert sorted(Path(h.path).name for h in hits) == sorted(before["台積電"])
        searcher = app.live_search.searcher
        assert searcher is not None and searcher.index is not None and searcher.index.whoosh_index() is not None
