"""The entity process: the app's entity extraction in a child process, so that the app holds
none of jieba's tables. The same entities as in process, a clear error when it fails, and no
child left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from helpers import SAMPLES

from reader.entities import extract_entities, extractor, process
from reader.entities.process import Cancelled, EntitiesUnavailable, EntityProcess
from reader.library.article import load_article
from reader.text import normalize


def _bodies() -> list[str]:
    return [load_article(path).body for path in sorted(SAMPLES.glob("*.md"))[:4]]


@pytest.fixture
def child():
    proc = EntityProcess(idle=60)
    yield proc
    proc.release()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def test_the_child_finds_what_the_app_found_in_process(child) -> None:
    for body in _bodies():
        for with_model in (False, True):
            assert child.extract(body, with_model=with_model) == extract_entities(body, with_model=with_model)


def test_the_index_names_from_the_child_are_those_of_reader_index(child) -> None:
    for body in _bodies():
        assert child.names_for_index(body) == extractor().names_for_index(normalize(body))


def test_the_child_reads_the_users_dictionary_of_the_app(child, reader_home, monkeypatch) -> None:
    text = "今天斐然科技發表新品。"
    assert ("斐然科技", "org") not in {(s.text, s.type) for s in child.extract(text)}
    other = reader_home / "elsewhere"
    monkeypatch.setenv("READER_HOME", str(other))  # moved after the child started
    from reader.entities.gazetteer import user_dictionary_path

    user_dictionary_path().parent.mkdir(parents=True, exist_ok=True)
    user_dictionary_path().write_text("斐然科技\torg\n", encoding="utf-8")
    assert ("斐然科技", "org") in {(s.text, s.type) for s in child.extract(text)}


def test_a_child_that_dies_gives_a_clear_error_then_a_new_child(child) -> None:
    child.extract("台北市長說。", with_model=False)
    pid = child.pid()
    assert pid is not None
    os.kill(pid, 9)
    with pytest.raises(EntitiesUnavailable, match="the entity process ended"):
        child.extract("高雄市長說。", with_model=False)
    assert not child.running()
    assert child.extract("高雄市長說。", with_model=False) == extract_entities("高雄市長說。", with_model=False) != ()
    assert child.pid() != pid


def test_a_child_that_cannot_start_gives_a_clear_error(child, monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with pytest.raises(EntitiesUnavailable, match="the entity process does not start"):
        child.extract("台北。")
    with pytest.raises(EntitiesUnavailable):  # not tried again and again
        child.extract("台北。")


def test_an_error_in_the_child_is_a_message_not_a_traceback(child) -> None:
    with pytest.raises(EntitiesUnavailable, match="entity extraction failed: ValueError: unknown request"):
        child.request("no such request", ())
    assert child.extract("台北。", with_model=False)  # the child carries on


def test_a_cancelled_wait_returns_at_once_and_its_answer_is_dropped(child) -> None:
    child.extract("暖身。", with_model=False)
    long_text = "台北市長在高雄說。" * 3000
    started = time.monotonic()
    with pytest.raises(Cancelled):
        child.extract(long_text, with_model=True, cancelled=lambda: time.monotonic() - started > 0.1)
    assert time.monotonic() - started < 1.0
    # The next answer is this request's, not the abandoned one's.
    assert [(s.text, s.type) for s in child.extract("台積電在新竹。", with_model=False)] == [("台積電", "org"), ("新竹", "place")]


def test_an_idle_child_ends_and_comes_back_when_asked() -> None:
    proc = EntityProcess(idle=0.5)
    try:
        proc.extract("台北。", with_model=False)
        pid = proc.pid()
        assert pid is not None
        deadline = time.monotonic() + 20
        while (proc.running() or _alive(pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not proc.running()
        assert not _alive(pid)
        assert proc.extract("台北。", with_model=False)
    finally:
        proc.release()


def test_requests_from_two_threads_get_their_own_answers(child) -> None:
    texts = ["台北市。", "高雄市長說。", "台積電在新竹。", "美國總統在白宮。"] * 3
    answers: dict[int, tuple] = {}

    def ask(i: int) -> None:
        answers[i] = child.extract(texts[i], with_model=False)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(answers[i] == extract_entities(texts[i], with_model=False) for i in range(len(texts)))


def test_the_child_ends_when_the_app_is_killed(tmp_path) -> None:
    code = textwrap.dedent("""
        import sys, time
        from reader.entities import process
        process.extract("台北。", with_model=False)
        print(process.child_pid(), flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(parent.stdout.readline())
        assert _alive(pid)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)
    finally:
        parent.kill()
        parent.stdout.close()


def test_results_are_cached_in_the_app_by_content() -> None:
    text = "台積電董事長魏哲家說。"
    first = process.extract(text, with_model=True)
    assert process.cached(text) == first
    process.release()  # no child: the cache answers
    assert process.extract(text, with_model=True) is first
    assert not process.shared().running()
    assert process.cached(text + "。") is None


def test_the_app_holds_no_jieba(tmp_path, samples) -> None:
    """The app, its first article's entities shown in full and its folder indexed (the entity
    field too), has imported neither jieba nor the extractor."""
    code = textwrap.dedent("""
        import asyncio, json, sys
        from pathlib import Path
        from reader.ui.app import ReaderApp

        async def main():
            app = ReaderApp(Path(sys.argv[1]))
            async with app.run_test(size=(120, 40)) as pilot:
                for _ in range(1200):
                    entities = getattr(app.screen, "entities", None)
                    searcher = app.live_search.searcher
                    if (entities is not None and entities.complete and searcher is not None
                            and searcher.index is not None and searcher.index.words_in_step):
                        break
                    await asyncio.sleep(0.05)
                await pilot.pause(0.5)
                result = app.live_search.searcher.search("entity:台積電", 10)
                spans = [(s.text, s.type) for s in app.screen.entities.spans]
            print(json.dumps({"spans": spans, "hits": len(result.hits), "modules": sorted(
                m for m in ("jieba", "jieba.posseg", "reader.entities.extraction") if m in sys.modules)}))

        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", code, str(samples)], capture_output=True, text=True, timeout=300,
                         env={**os.environ})
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["modules"] == []
    assert result["spans"]  # the first article's entities were found and shown
    assert result["hits"] > 0  # the entity field was filled


def test_the_apps_index_names_fall_back_to_the_app_and_stop_when_cancelled(monkeypatch) -> None:
    from reader.search.index import IndexCancelled
    from reader.ui.live_search import _entity_names

    article = load_article(sorted(SAMPLES.glob("*.md"))[1])
    broken = EntityProcess()
    broken.failure = "the entity process does not start: no such file"
    monkeypatch.setattr(process, "_shared", broken)
    assert _entity_names(lambda: False, article) == extractor().names_for_index(normalize(article.body)) != []
    with pytest.raises(IndexCancelled):
        _entity_names(lambda: True, article)
