"""A parallel update finds entity names in processes of its own: the same index, a lean parent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import processes_left_after

from reader.library import iter_article_files
from reader.search import Searcher
from reader.search.index import LibraryIndex
from reader.search.related import EntityTable

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")

# A parallel update in a process of its own (a forking update belongs in a fresh process, as
# `reader index` runs it), which then says whether it ever started jieba or rjieba itself.
PARALLEL_CODE = """
import json, sys
from reader.search import index as indexing
from reader.text import segment
indexing.PARALLEL_MIN = 1
stats = indexing.LibraryIndex(sys.argv[1]).update(jobs=2)
print(json.dumps({"added": stats.added, "jieba": segment._tokenizer is not None,
                  "rjieba": segment._fast is not None}))
"""


def _library(root: Path) -> Path:
    root.mkdir()
    for path in iter_article_files(SAMPLES):
        (root / Path(path).name).write_bytes(Path(path).read_bytes())
    return root


def _names(index: LibraryIndex) -> dict[str, list[str]]:
    table = EntityTable.from_index(index)
    assert table is not None
    return {path: sorted(table.names_of(path)) for path in table.paths}


def test_a_parallel_update_names_articles_in_processes_of_its_own(tmp_path: Path) -> None:
    from reader.entities.gazetteer import user_dictionary_path

    user = user_dictionary_path()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text("青花東渡\tproduct\n", encoding="utf-8")  # jieba would cut it in two
    library = _library(tmp_path / "lib")
    done = subprocess.run([sys.executable, "-c", PARALLEL_CODE, str(library)], capture_output=True, text=True,
                          timeout=300, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["added"] >= 10
    # The parent read and wrote; it never held a segmenter or an entity extractor.
    assert not report["jieba"] and not report["rjieba"]

    parallel = LibraryIndex(library)
    assert parallel.load()
    serial = LibraryIndex(library, directory=tmp_path / "serial")
    serial.update(jobs=1)
    names = _names(parallel)
    assert names == _names(serial)
    assert any("青花东渡" in found for found in names.values())
    with parallel.whoosh_index().searcher() as ours, serial.whoosh_index().searcher() as theirs:
        body = set(ours.reader().lexicon("body"))
        assert body == set(theirs.reader().lexicon("body"))
        assert "青花东渡".encode() in body  # the word workers kept the user's name whole
    for query in ("台積電", "entity:台積電", "青花東渡", '"北環線"'):
        found = [(h.path, h.score) for h in Searcher.for_index(parallel).search(query, typing=False).hits]
        assert found == [(h.path, h.score) for h in Searcher.for_index(serial).search(query, typing=False).hits]
        assert found


def test_killing_reader_index_ends_its_naming_processes(tmp_path: Path) -> None:
    from reader.search.index import PARALLEL_MIN

    root = tmp_path / "lib"
    text = "臺北市政府今日宣布捷運萬大線通車，市長柯文哲表示將改善交通。" * 20
    for number in range(PARALLEL_MIN + 200):
        path = root / f"{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: 新聞{number}\n---\n\n{text}第{number}號。\n", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-m", "reader", "index", str(root), "--jobs", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    left = processes_left_after(parent, 4)  # two word workers, two naming processes
    assert not left, "processes outlived reader index"
