"""A folder of hostile files (bad front matter, YAML bombs, file names that are not UTF-8 or
carry terminal escapes, links out of the library, odd encodings, a nested bookmarks file) run
through every command of the real `reader` executable and through the app: no traceback,
clear messages, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import settle, wait_until

from reader import locations
from reader.cli import main

TSMC = "台積電今天宣布在高雄擴建新廠，預計明年量產。"


def _bomb(key: str) -> str:
    lines = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    return "---\ntitle: 炸彈" + key + "\n" + "\n".join(lines) + f"\n{key}: *i\n---\n正文照樣顯示，{TSMC}\n"


#: Raw file name → raw content: every one of these is an article that must be listed.
ARTICLES: dict[bytes, bytes] = {
    "好文章.md".encode(): f"# 好文章\n\n{TSMC}\n".encode(),
    "壞日期.md".encode(): f"---\ntitle: 壞日期\ndate: 2024-13-45\n---\n{TSMC}\n".encode(),
    "時區.md".encode(): f"---\ntitle: 時區\ndate: 2001-12-14t21:59:43.10-99:99\n---\n{TSMC}\n".encode(),
    "大數.md".encode(): f"---\ntitle: 大數\nsource: {'9' * 5000}\n---\n{TSMC}\n".encode(),
    "炸彈標籤.md".encode(): _bomb("tags").encode(),
    "炸彈日期.md".encode(): _bomb("date").encode(),
    "深.md".encode(): ("---\ntitle: 深\ntags: " + "[" * 5000 + "]" * 5000 + f"\n---\n{TSMC}\n").encode(),
    b"\xff\xfe.txt": f"非UTF-8檔名，{TSMC}\n".encode(),
    "台積電新廠".encode("gbk") + b".txt": f"GBK檔名，{TSMC}\n".encode(),
    b"\x1b]0;pwned\x07title.md": f"# 改標題\n\n{TSMC}\n".encode(),
    b"\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07clip.md": f"# 剪貼簿\n\n{TSMC}\n".encode(),
    b"osc.md": f"# 未結束\n\n開頭\x1b]0;沒有結束\n{TSMC}\n\n最後一段還在。\n".encode(),
    b"utf16.txt": f"無BOM的UTF-16\n\n{TSMC}".encode("utf-16-le"),
    "長篇.txt".encode(): ("長篇小說\n\n" + "".join(f"第{i}段，短短一句。\n\n" for i in range(2000))).encode(),
}
#: Files that are not articles: each must be reported, none may stop the others.
SKIPPED: dict[bytes, bytes] = {
    b"a4.txt": b"\xa4" * 101,
    b"binary.md": b"\x00\x01\x02\x03" * 40,
    b"empty.md": b"",
}
SECRET = "機密口令"
UNSAFE = ("\x1b", "\x07", "\x9b")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    root.mkdir()
    for name, content in {**ARTICLES, **SKIPPED}.items():
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(content)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(f"{SECRET}：不該被讀到。\n", "utf-8")
    (root / "passwd.txt").symlink_to(outside / "passwd")
    nested = b'{"format": "bookmarks", "version": 1, "data": {"bookmarks": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
    bookmarks = locations.data_dir() / "bookmarks.json"
    bookmarks.parent.mkdir(parents=True, exist_ok=True)
    bookmarks.write_bytes(nested)
    return root


def _printable(text: str) -> None:
    assert "Traceback" not in text, text[-2000:]
    assert not any(ch in text for ch in UNSAFE), repr(text[:500])


def _reader(*args: str | bytes, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run the real command line; its output must encode as strict UTF-8 (a UTF-8 terminal)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, timeout=timeout, env=env
    )
    result = subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )
    _printable(result.stdout)
    _printable(result.stderr)
    return result


def test_every_command_line_command_on_the_hostile_folder(hostile: Path) -> None:
    listed = _reader("list", str(hostile), "--json")
    assert listed.returncode == 0
    items = json.loads(listed.stdout)
    assert len(items) == len(ARTICLES)
    titles = {item["title"] for item in items}
    assert {"好文章", "壞日期", "時區", "大數", "改標題", "剪貼簿", "未結束", "無BOM的UTF-16", "長篇小說"} <= titles
    # Refused front matter (bombs, deep nesting): the keys that load on their own stay.
    assert {"炸彈tags", "炸彈date", "深"} <= titles
    for name in [b"a4.txt", b"binary.md", b"empty.md", b"passwd.txt"]:
        assert name.decode() in listed.stderr
    assert "outside the library" in listed.stderr

    table = _reader("list", str(hostile))
    assert table.returncode == 0
    assert "\\x1b]0;pwned\\x07title.md" in table.stdout
    assert "台積電新廠.txt" in table.stdout  # a GBK name, decoded for display

    indexed = _reader("index", str(hostile))
    assert indexed.returncode == 0, indexed.stderr
    assert f"{len(ARTICLES)} in the index" in indexed.stdout
    assert "passwd.txt: a link to a file outside the library" in indexed.stderr

    found = _reader("search", "台積電", "--library", str(hostile), "--json", "--limit", "50")
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == len(ARTICLES) - 1  # all but 長篇
    gbk = _reader("search", "台積電".encode("gbk"), "--library", str(hostile), "--json", "--limit", "50")
    assert gbk.returncode == 0 and json.loads(gbk.stdout) == json.loads(found.stdout)
    plain = _reader("search", "台積電", "--library", str(hostile), "--limit", "50")
    assert plain.returncode == 0 and "\\x1b]52;c;" in plain.stdout

    excluded = _reader("search", "-台積電", "--library", str(hostile))
    assert excluded.returncode == 2 and "reader search:" in excluded.stderr
    narrowed = _reader("search", "台積電", "-高雄", "--library", str(hostile))
    assert narrowed.returncode == 0 and "no articles match" in narrowed.stderr
    undecodable = _reader("search", b"\xff\xfe", "--library", str(hostile))
    assert undecodable.returncode == 2 and "not text" in undecodable.stderr
    secret = _reader("search", SECRET, "--library", str(hostile))
    assert secret.returncode == 0 and "no articles match" in secret.stderr

    bookmarks = _reader("bookmarks")
    assert bookmarks.returncode == 0
    assert "nested too deeply" in bookmarks.stderr and "kept as" in bookmarks.stderr
    assert list(locations.data_dir().glob("bookmarks.json.corrupt-*"))
    for fmt in ("md", "json"):
        exported = _reader("bookmarks", "export", "--format", fmt)
        assert exported.returncode == 0

    linked = _reader("list", str(hostile), "--json", "--follow-links")
    assert len(json.loads(linked.stdout)) == len(ARTICLES) + 1  # asked: the link is read


def test_show_and_entities_on_every_hostile_file(hostile: Path, capsys) -> None:
    for name in [*ARTICLES, *SKIPPED]:
        path = os.fsdecode(os.path.join(os.fsencode(hostile), name))
        for command in (["show", path], ["show", path, "--script", "simplified", "--json"], ["entities", path]):
            code = main(command)
            out, err = capsys.readouterr()
            if name in ARTICLES:
                assert code == 0, (name, err)
                assert out.strip()
            else:
                assert code == 1 and "cannot read" in err, (name, err)
            _printable(out + err)
            (out + err).encode("utf-8")


async def test_the_app_on_the_hostile_folder(hostile: Path, app_factory) -> None:
    from reader.ui.widgets.article_list import ArticleList

    app = app_factory(hostile)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(article_list.articles) == len(ARTICLES), timeout=30, what="the library")
        assert list(locations.data_dir().glob("bookmarks.json.corrupt-*"))  # set aside, app running
        opened = set()
        for index in range(len(article_list.articles)):
            article_list.focus()
            article_list.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.article is not None
            opened.add(app.screen.article.path)
            await pilot.press("t")  # converted to the other script and back
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
        assert len(opened) == len(ARTICLES)
        assert app.is_running
        await pilot.press("q")
    assert app.return_code in (0, None)
