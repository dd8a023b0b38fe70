"""Reading many article files at once (reader.library.reading): in worker processes, the same
articles, normalised bodies and reasons for skipping as one by one here, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.library import ArticleError, catalog, load_article, open_library, reading
from reader.text import normalize

TEXT = "人工智慧公司 Anthropic 同意支付１５億美元，和解美國作家集體訴訟。"


def _folder(make_library) -> Path:
    files: dict[str, str | bytes] = {
        f"{i:03d}.md": f"---\ntitle: 第{i}篇\ndate: 2025-01-{i % 28 + 1:02d}\ntags: [版權, 人工智慧]\n---\n{TEXT}\n\n第二段{i}。 #標籤"
        for i in range(40)
    }
    files["empty.txt"] = ""
    files["binary.md"] = b"\x00\x01\x02\x03" * 50
    files["sub/big5.txt"] = f"標題\n\n{TEXT}".encode("big5", "replace")
    return make_library(files)


def _paths(root: Path) -> list[str]:
    return sorted(os.path.join(d, f) for d, _dirs, names in os.walk(root) for f in names)


def _described(results) -> list[tuple]:
    out = []
    for article, norm in results:
        if isinstance(article, ArticleError):
            out.append(("skipped", str(article), norm))
        else:
            out.append((article.info, article.paragraphs, article.body, article.url, article.encoding, norm))
    return out


def test_processes_read_what_this_process_reads(make_library, monkeypatch) -> None:
    root = _folder(make_library)
    paths = _paths(root)
    monkeypatch.setattr(reading, "PROCESSES_FROM", 1)
    here = _described(reading.read_articles(paths, normalised=True, processes=1))
    there = _described(reading.read_articles(paths, normalised=True, processes=2))
    assert there == here
    assert len(here) == len(paths) == 43
    skipped = [row[1] for row in here if row[0] == "skipped"]
    assert len(skipped) == 2 and any("empty" in reason for reason in skipped)
    for path, row in zip(paths, here, strict=True):
        if row[0] != "skipped":
            assert row[0] == load_article(path).info
            assert row[-1] == normalize(row[2])  # the body normalised, as the index would


def test_without_normalising_no_body_is_normalised(make_library) -> None:
    root = _folder(make_library)
    assert {norm for _a, norm in reading.read_articles(_paths(root))} == {None}


def test_without_processes_the_files_are_read_here(make_library, monkeypatch) -> None:
    """Where no process can be started, reading goes on in this one."""
    import concurrent.futures

    def refused(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    monkeypatch.setattr(reading, "PROCESSES_FROM", 1)
    root = _folder(make_library)
    paths = _paths(root)
    assert _described(reading.read_articles(paths, normalised=True, processes=2)) == _described(
        reading.read_articles(paths, normalised=True, processes=1)
    )


def test_a_worker_that_dies_costs_nothing(make_library, monkeypatch) -> None:
    """A worker process killed mid-way (out of memory): what it had not done is read here."""
    from concurrent.futures.process import BrokenProcessPool

    root = _folder(make_library)
    paths = _paths(root)
    monkeypatch.setattr(reading, "PROCESSES_FROM", 1)

    class Dying:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def map(self, function, paths, *rest, **kwargs):
            yield function(paths[0], True)
            raise BrokenProcessPool("a worker died")

        def shutdown(self, **kwargs) -> None:
            pass

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Dying)
    assert _described(reading.read_articles(paths, normalised=True, processes=2)) == _described(
        reading.read_articles(paths, normalised=True, processes=1)
    )


def test_a_listing_read_elsewhere_is_the_same_listing(make_library, monkeypatch) -> None:
    """open_library(load_many=...) lists exactly what it lists reading one file at a time:
    the same articles, and the skipped files in the same order among the others."""
    root = _folder(make_library)
    (root / "zz-link.md").symlink_to("/etc/hostname")  # a skip found by the walk, not by reading
    alone = open_library(root, use_cache=False)
    monkeypatch.setattr(reading, "PROCESSES_FROM", 1)
    asked: list[list[str]] = []

    def many(paths):
        asked.append(list(paths))
        for article, _norm in reading.read_articles(paths, processes=2):
            yield article

    together = open_library(root, use_cache=False, load_many=many)
    assert together.articles == alone.articles
    assert together.skipped == alone.skipped
    assert [os.path.basename(s.path) for s in together.skipped] == ["binary.md", "empty.txt", "zz-link.md"]
    assert len(asked) == 1 and len(asked[0]) == 43


def test_the_catalog_answers_before_anything_is_read(make_library) -> None:
    root = _folder(make_library)
    open_library(root)
    asked: list[list[str]] = []

    def many(paths):
        asked.append(list(paths))
        return catalog._load_each(paths)

    again = open_library(root, load_many=many)
    assert asked == [[]] and again.files_read == 0 and len(again.articles) == 41


@pytest.mark.parametrize("processes", [1, 2])
def test_reading_stops_when_the_caller_does(make_library, monkeypatch, processes) -> None:
    monkeypatch.setattr(reading, "PROCESSES_FROM", 1)
    results = reading.read_articles(_paths(_folder(make_library)), processes=processes)
    first = next(results)
    results.close()  # worker processes are let go
    assert first[0].info.title == "第0篇"
