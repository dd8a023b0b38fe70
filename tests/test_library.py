"""Opening a folder: recursion, skipped files, order, and the catalog cache."""

from __future__ import annotations

import json
import os

from reader import locations
from reader.library import open_library

TW = "人工智慧公司 Anthropic 同意支付15億美元，和解美國作家集體訴訟。"


def test_samples_open_with_nothing_skipped(samples) -> None:
    library = open_library(samples)
    assert len(library.articles) >= 12
    assert library.skipped == []
    assert all(info.title and info.chars > 0 for info in library.articles)


def test_recursive_with_bad_files_reported(make_library) -> None:
    root = make_library(
        {
            "a.md": f"---\ntitle: 甲\ndate: 2025-01-02\n---\n{TW}",
            "sub/deeper/b.txt": f"乙\n\n{TW}",
            "empty.txt": "",
            "binary.md": b"\x00\x01\x02\x03" * 50,
            "image.png": b"\x89PNG",  # not an article: ignored, not reported
            ".hidden/c.md": f"# 丙\n\n{TW}",
        }
    )
    library = open_library(root)
    assert [info.title for info in library.articles] == ["甲", "乙"]
    reasons = {os.path.basename(s.path): s.reason for s in library.skipped}
    assert set(reasons) == {"empty.txt", "binary.md"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.md"]


def test_newest_first_undated_last(make_library) -> None:
    root = make_library(
        {
            "old.md": f"---\ndate: 2019-05-01\n---\n{TW}",
            "new.md": f"---\ndate: 2025-09-04\n---\n{TW}",
            "none.txt": f"無日期\n\n{TW}",
        }
    )
    names = [os.path.basename(info.path) for info in open_library(root).articles]
    assert names == ["new.md", "old.md", "none.txt"]


def test_single_file_library(make_library) -> None:
    root = make_library({"a.txt": f"標題\n\n{TW}"})
    library = open_library(root / "a.txt")
    assert library.is_single_file
    assert [info.title for info in library.articles] == ["標題"]


def test_unchanged_folder_is_listed_from_the_catalog(make_library) -> None:
    root = make_library({f"{i:02}.txt": f"第{i}篇\n\n{TW}" for i in range(20)})
    first = open_library(root)
    assert first.files_read == 20
    second = open_library(root)
    assert second.files_read == 0
    assert second.articles == first.articles

    (root / "05.txt").write_text("改過的標題\n\n" + TW + "新內容。", encoding="utf-8")
    (root / "06.txt").unlink()
    third = open_library(root)
    assert third.files_read == 1
    assert len(third.articles) == 19
    assert "改過的標題" in [info.title for info in third.articles]


def test_corrupt_catalog_is_kept_aside_reported_and_rebuilt(make_library) -> None:
    root = make_library({"a.txt": f"標題\n\n{TW}"})
    open_library(root)
    catalog = locations.catalog_path(root)
    catalog.write_text("{not a catalog", encoding="utf-8")
    library = open_library(root)
    assert library.files_read == 1 and len(library.articles) == 1
    [note] = library.notes
    assert "damaged" in note and catalog.name + ".damaged" in note
    assert catalog.with_name(catalog.name + ".damaged").read_text("utf-8") == "{not a catalog"
    again = open_library(root)  # rebuilt: answered from it, nothing to report
    assert again.files_read == 0 and again.notes == [] and again.articles == library.articles


def test_a_catalog_cut_short_is_damaged(make_library) -> None:
    root = make_library({f"{i}.txt": f"標題{i}\n\n{TW}" for i in range(3)})
    open_library(root)
    catalog = locations.catalog_path(root)
    catalog.write_bytes(catalog.read_bytes()[:-10])
    library = open_library(root)
    assert library.files_read == 3 and len(library.articles) == 3
    assert "cut short" in library.notes[0]


def test_a_damaged_row_is_read_again(make_library) -> None:
    root = make_library({"a.txt": f"標題\n\n{TW}", "b.txt": f"乙\n\n{TW}"})
    first = open_library(root)
    catalog = locations.catalog_path(root)
    fields = catalog.read_bytes().split(b"\0")
    chars = fields.index(str(first.articles[0].chars).encode())
    fields[chars] = b"many"
    catalog.write_bytes(b"\0".join(fields))
    library = open_library(root)
    assert library.files_read == 1 and library.articles == first.articles and library.notes == []


def test_every_field_survives_the_catalog(make_library) -> None:
    root = make_library(
        {
            "a.md": f"---\ntitle: 甲\ndate: 2025-01-02\nsource: 明報\ntags: [科技, 法律]\n---\n{TW}",
            "b.txt": f"乙\n\n{TW}",
            "empty.txt": "",
        }
    )
    first = open_library(root)
    second = open_library(root)
    assert second.files_read == 0
    assert second.articles == first.articles and second.skipped == first.skipped
    tagged = next(info for info in second.articles if info.title == "甲")
    assert (tagged.tags, tagged.date, tagged.source) == (("科技", "法律"), "2025-01-02", "明報")
    plain = next(info for info in second.articles if info.title == "乙")
    assert (plain.tags, plain.date, plain.source) == ((), None, None)


def test_the_former_json_catalog_is_replaced(make_library) -> None:
    root = make_library({"a.txt": f"標題\n\n{TW}"})
    old = locations.catalog_path(root).with_suffix(".json")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(json.dumps({"version": 1, "root": str(root), "entries": {}}), encoding="utf-8")
    library = open_library(root)
    assert library.files_read == 1 and library.notes == [] and not old.exists()
    assert open_library(root).files_read == 0


def test_catalog_lives_under_the_cache_dir(make_library, reader_home) -> None:
    root = make_library({"a.txt": f"標題\n\n{TW}"})
    open_library(root)
    assert str(locations.catalog_path(root)).startswith(str(reader_home))


# --- file names that are not UTF-8 ------------------------------------------------------

FF_FE = b"\xff\xfe.txt"
GBK_NAME = "台積電新廠".encode("gbk") + b".txt"


def _write_raw(folder, name: bytes, text: str) -> str:
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as handle:
        handle.write(text.encode("utf-8"))
    return os.fsdecode(path)


def test_file_names_that_are_not_utf8_are_listed_and_cached(make_library) -> None:
    root = make_library({"good.md": f"# 好\n\n{TW}"})
    _write_raw(root, FF_FE, f"{TW}\n")
    _write_raw(root, GBK_NAME, f"{TW}\n")
    library = open_library(root)
    assert library.skipped == []
    assert len(library.articles) == 3
    again = open_library(root)
    assert again.files_read == 0  # the catalog with those names was written and read back
    assert sorted(info.path for info in again.articles) == sorted(info.path for info in library.articles)


def test_path_as_text_round_trips() -> None:
    from reader.library.catalog import path_as_text, path_from_text

    for path in ["/lib/好.md", os.fsdecode(b"/lib/" + FF_FE), os.fsdecode(b"/lib/" + GBK_NAME)]:
        text = path_as_text(path)
        text.encode("utf-8")
        assert path_from_text(text) == path
    assert path_as_text("/lib/好.md") == "/lib/好.md"


def test_an_unreadable_folder_is_reported(make_library, monkeypatch) -> None:
    root = make_library({"good.md": f"# 好\n\n{TW}", "locked/hidden.md": f"# 藏\n\n{TW}"})
    locked = str(root / "locked")
    real_scandir = os.scandir

    def scandir(path=None):  # as a folder without read permission answers (the tests run as root)
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    library = open_library(root, use_cache=False)
    assert [info.title for info in library.articles] == ["好"]
    [skipped] = library.skipped
    assert skipped.path == locked and "Permission denied" in skipped.reason and "folder" in skipped.reason


def test_an_unreadable_folder_is_reported_for_real(make_library) -> None:
    import pytest

    if os.geteuid() == 0:
        pytest.skip("root reads any folder")
    root = make_library({"good.md": f"# 好\n\n{TW}", "locked/hidden.md": f"# 藏\n\n{TW}"})
    (root / "locked").chmod(0)
    try:
        library = open_library(root, use_cache=False)
    finally:
        (root / "locked").chmod(0o755)
    assert [s.path for s in library.skipped] == [str(root / "locked")]


# --- links out of the library -------------------------------------------------------------


def _library_with_links(make_library, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("密碼檔案的內容。\n", "utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "deep.md").write_text(f"# 外面\n\n{TW}", "utf-8")
    root = make_library({"good.md": f"# 好\n\n{TW}", "sub/inner.md": f"# 裡面\n\n{TW}"})
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "linked-folder").symlink_to(outside / "folder", target_is_directory=True)
    (root / "inner-link.md").symlink_to(root / "sub" / "inner.md")  # inside: fine
    (root / "loop").symlink_to(root, target_is_directory=True)
    return root


def test_links_out_of_the_library_are_not_followed(make_library, tmp_path) -> None:
    root = _library_with_links(make_library, tmp_path)
    library = open_library(root, use_cache=False)
    titles = sorted(info.title for info in library.articles)
    assert titles == ["好", "裡面", "裡面"]
    reasons = {os.path.basename(s.path): s.reason for s in library.skipped}
    assert set(reasons) == {"passwd.txt", "linked-folder"}
    assert all("outside the library" in reason and "--follow-links" in reason for reason in reasons.values())


def test_links_are_followed_when_asked(make_library, tmp_path, monkeypatch) -> None:
    from reader.library.catalog import FOLLOW_LINKS_ENV

    root = _library_with_links(make_library, tmp_path)
    monkeypatch.setenv(FOLLOW_LINKS_ENV, "1")
    library = open_library(root, use_cache=False)
    titles = sorted(info.title for info in library.articles)
    assert titles == sorted(["好", "裡面", "裡面", "外面", "密碼檔案的內容"])  # and the loop ends
    assert library.skipped == []


def test_the_catalog_alone_lists_the_library_as_last_seen(make_library) -> None:
    from reader.library.catalog import listed_by_catalog

    root = make_library({"a.md": f"---\ntitle: 甲\ndate: 2025-01-02\n---\n{TW}", "b.txt": f"乙\n\n{TW}", "empty.txt": ""})
    assert listed_by_catalog(root) is None  # never listed: no catalog
    listed = open_library(root)
    (root / "b.txt").unlink()  # not looked at: the catalog's listing is as last seen
    seen = listed_by_catalog(root)
    assert seen is not None and seen.articles == listed.articles and seen.skipped == listed.skipped
    locations.catalog_path(root).write_bytes(b"reader catalog 2\x00broken")
    assert listed_by_catalog(root) is None  # damaged: left for open_library to report
    assert locations.catalog_path(root).exists() and "damaged" in open_library(root).notes[0]


def test_the_changes_between_two_listings(make_library) -> None:
    from reader.library.watch import library_changes

    root = make_library({"a.txt": f"甲\n\n{TW}", "b.txt": f"乙\n\n{TW}", "c.txt": f"丙\n\n{TW}甲", "d.txt": f"丁\n\n{TW}乙"})
    before = open_library(root)
    (root / "a.txt").write_text(f"甲改\n\n{TW}", encoding="utf-8")
    (root / "b.txt").unlink()
    (root / "c.txt").rename(root / "c2.txt")
    (root / "d.txt").write_bytes(b"")
    (root / "e.txt").write_text(f"戊\n\n{TW}戊", encoding="utf-8")
    read: dict = {}
    after = open_library(root, on_read=lambda path, stamp, article: read.setdefault(path, article))
    changes = library_changes(before, after, read)
    assert {info.title for info in changes.added} == {"丙", "戊"}
    assert [info.title for info in changes.changed] == ["甲改"]
    assert sorted(changes.deleted) == sorted([str(root / "b.txt"), str(root / "c.txt"), str(root / "d.txt")])
    assert changes.moved == ((str(root / "c.txt"), str(root / "c2.txt")),)
    assert [skip.path for skip in changes.skipped] == [str(root / "d.txt")]
    assert set(changes.articles) == {str(root / "a.txt"), str(root / "c2.txt"), str(root / "e.txt")}
    assert not library_changes(after, after, {})
