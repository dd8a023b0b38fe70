"""`reader index` and `reader search`: output, JSON, exit codes."""

from __future__ import annotations

import json

import pytest

from reader.cli import main


@pytest.fixture
def library(make_library):
    return make_library(
        {
            "a.md": "---\ntitle: 影子圖書館與版權\nsource: 科技新報\n---\n\n美國人工智慧公司 Anthropic 同意和解。\n",
            "b.md": "---\ntitle: 国产软件\n---\n\n人工智能软件企业加快出海，版权保护成为焦点。\n",
            "bad.txt": b"\x00\x01\x02" * 40,
        }
    )


def test_index_gives_a_new_folder_the_catalog_the_app_lists_it_by(library, tmp_path) -> None:
    """`reader index` reads every file of a new folder: the app's first start then lists the
    folder from the catalog it wrote (reading no file), exactly as a listing that reads them."""
    from reader.library import open_library
    from reader.locations import catalog_path

    (library / "c.md").write_text("---\ntitle: 亂碼\n---\n\n正文\ufffd裡有替換字元。\n", encoding="utf-8")
    assert main(["index", str(library)]) == 0
    assert catalog_path(library).exists()
    listed = open_library(library)
    assert listed.files_read == 0 and listed.notes == []
    read = open_library(library, use_cache=False)
    assert listed.articles == read.articles and read.files_read == 4
    assert [(s.path, s.reason) for s in listed.skipped] == [(s.path, s.reason) for s in read.skipped]
    assert [s.path for s in listed.skipped] == [str(library / "bad.txt")]


def test_index_leaves_a_folders_catalog_alone(library) -> None:
    from reader.library import open_library
    from reader.locations import catalog_path

    open_library(library)
    written = catalog_path(library).read_bytes()
    (library / "c.md").write_text("---\ntitle: 新的\n---\n\n新文章。\n", encoding="utf-8")
    assert main(["index", str(library)]) == 0
    assert catalog_path(library).read_bytes() == written  # the app's listing checks it against the folder
    assert open_library(library).files_read == 1


def test_index_builds_then_reports_up_to_date(library, capsys) -> None:
    assert main(["index", str(library)]) == 0
    out, err = capsys.readouterr()
    assert "indexed 2 articles" in out and "bad.txt" in err
    assert main(["index", str(library), "--jobs", "1"]) == 0
    assert "up to date: 2 articles" in capsys.readouterr().out


def test_search_prints_ranked_hits(library, capsys) -> None:
    assert main(["search", "版权", "--library", str(library)]) == 0
    out, err = capsys.readouterr()
    assert out.index("影子圖書館與版權") < out.index("国产软件")
    assert "2 articles match" in err


def test_search_json(library, capsys) -> None:
    assert main(["search", "人工智能", "--library", str(library), "--json", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    items = json.loads(out)
    assert len(items) == 1 and set(items[0]) == {"path", "title", "score", "snippet"}
    assert "人工智慧" in err  # the query was widened, said on stderr


def test_search_with_no_results_exits_zero(library, capsys) -> None:
    assert main(["search", "不存在", "--library", str(library), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "不存在", "--library", str(library)]) == 0
    assert "no articles match" in capsys.readouterr().err


@pytest.mark.parametrize("query", ["title:", "-版權", "", "😀", "a" * 300])
def test_malformed_query_is_a_usage_error(library, capsys, query: str) -> None:
    assert main(["search", query, "--library", str(library)]) == 2
    assert "reader search:" in capsys.readouterr().err


def test_search_usage_errors(library, tmp_path, capsys) -> None:
    assert main(["search"]) == 2
    assert main(["search", "x", "--limit", "0", "--library", str(library)]) == 2
    assert main(["search", "x", "--library", str(tmp_path / "missing")]) == 2
    assert main(["index", str(tmp_path / "missing")]) == 2


def test_search_defaults_to_the_samples(capsys) -> None:
    assert main(["search", "版權", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_a_query_given_as_gbk_bytes_is_decoded(library, capsys) -> None:
    import os

    gbk = os.fsdecode("版权".encode("gbk"))  # how Python hands over argv bytes that are not UTF-8
    assert main(["search", gbk, "--library", str(library), "--json"]) == 0
    out = capsys.readouterr().out
    titles = {item["title"] for item in json.loads(out)}
    assert titles == {"影子圖書館與版權", "国产软件"}


def test_a_query_given_as_gbk_bytes_through_a_real_process(library) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", "版权".encode("gbk"), "--library", str(library), "--json"],
        capture_output=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    assert len(json.loads(done.stdout)) == 2


def test_a_query_of_undecodable_bytes_is_a_clear_usage_error(library, capsys) -> None:
    import os

    assert main(["search", os.fsdecode(b"\xff\xfe\xfd"), "--library", str(library)]) == 2
    assert "not text" in capsys.readouterr().err


def test_a_query_starting_with_a_dash_is_a_query(library, capsys) -> None:
    assert main(["search", "版权", "-天气", "--library", str(library), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    # Only an exclusion: the query language's own message, not "unrecognized arguments".
    assert main(["search", "-台積電", "--library", str(library)]) == 2
    err = capsys.readouterr().err
    assert "unrecognized" not in err and "exclu" in err
    assert main(["search", "--library", str(library), "--", "-台積電"]) == 2
    assert main(["search", "版权", "--jsno", "--library", str(library)]) == 2
    assert "unrecognized arguments: --jsno" in capsys.readouterr().err


def test_lone_surrogates_never_reach_opencc(library, capsys) -> None:
    from reader.text import normalize

    assert normalize("a\udcff版權") == "a\ufffd版权"
    assert main(["search", "版\udcff", "--library", str(library)]) in (0, 2)
    assert "Traceback" not in capsys.readouterr().err


def test_a_search_runs_without_the_garbage_collector_and_gives_it_back(samples, capsys, monkeypatch) -> None:
    import gc

    from reader.cli import main, searching

    during: list[bool] = []
    real = searching.cmd_search
    monkeypatch.setattr(searching, "cmd_search", lambda args: during.append(gc.isenabled()) or real(args))
    assert main(["search", "台積電", "--library", str(samples)]) == 0
    assert during == [False] and gc.isenabled()
    assert "台積電" in capsys.readouterr().out


def test_a_search_imports_whoosh_without_urllib_request(samples, tmp_path) -> None:
    """whoosh.compat imports urllib.request (http.client, email) for a name whoosh never
    calls; a one-off search leaves it out, and the name still works when called. YAML is
    imported only when an article is read."""
    import subprocess
    import sys

    target = tmp_path / "fetched.txt"
    source = tmp_path / "source.txt"
    source.write_text("x", encoding="utf-8")
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"code = main(['search', '台積電', '--library', {str(samples)!r}])\n"
        "print(code, 'urllib.request' in sys.modules, 'http.client' in sys.modules, 'yaml' in sys.modules)\n"
        "import whoosh.compat\n"
        f"whoosh.compat.urlretrieve({source.as_uri()!r}, {str(target)!r})\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert first.stdout.strip().splitlines()[-1] == "0 False False True"  # the index was built: YAML read
    assert target.read_text("utf-8") == "x"
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert again.stdout.strip().splitlines()[-1] == "0 False False False"  # nothing to read: no YAML


def test_the_search_process_ends_with_its_output_whole_and_its_exit_code(samples) -> None:
    """A search process ends as soon as its output is flushed (no interpreter teardown): what
    it printed arrives whole through a pipe, and the exit code is the command's."""
    import json
    import subprocess
    import sys

    found = subprocess.run([sys.executable, "-m", "reader", "search", "台積電", "--library", str(samples), "--json"],
                           capture_output=True, text=True)
    assert found.returncode == 0
    hits = json.loads(found.stdout)
    assert hits and any("台積電" in hit["title"] + hit["snippet"] for hit in hits)
    assert found.stdout.rstrip().endswith("]")  # the whole array, not a part
    wrong = subprocess.run([sys.executable, "-m", "reader", "search", '"', "--library", str(samples)],
                           capture_output=True, text=True)
    assert wrong.returncode == 2 and "empty" in wrong.stderr
