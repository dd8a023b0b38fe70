"""The small locked LRU that the search engine and the segmenter share between threads."""

from __future__ import annotations

import threading

from reader.lru import LRU


def test_the_least_recently_used_goes_first() -> None:
    cache: LRU[str, int] = LRU(3)
    for i, key in enumerate("abc"):
        cache.put(key, i)
    assert cache.get("a") == 0  # a is now the most recently used
    cache.put("d", 3)
    assert cache.get("b") is None
    assert [cache.get(k) for k in "acd"] == [0, 2, 3]
    assert cache.values() == [0, 2, 3]  # least recently used first
    assert len(cache) == 3


def test_putting_a_key_again_replaces_and_refreshes_it() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (10, None, 3)


def test_get_or_make_makes_once_while_cached() -> None:
    cache: LRU[str, list[int]] = LRU(2)
    made: list[str] = []

    def make(key: str) -> list[int]:
        made.append(key)
        return [len(made)]

    first = cache.get_or_make("a", lambda: make("a"))
    assert cache.get_or_make("a", lambda: make("a")) is first
    cache.get_or_make("b", lambda: make("b"))
    cache.get_or_make("c", lambda: make("c"))  # evicts a
    cache.get_or_make("a", lambda: make("a"))
    assert made == ["a", "b", "c", "a"]


def test_values_is_a_snapshot_and_clear_empties() -> None:
    cache: LRU[int, int] = LRU(4)
    for i in range(4):
        cache.put(i, i * i)
    snapshot = cache.values()
    cache.put(9, 81)
    assert snapshot == [0, 1, 4, 9]
    cache.clear()
    assert len(cache) == 0 and cache.values() == [] and cache.get(9) is None


def test_many_threads_share_one_cache() -> None:
    size, threads, rounds = 16, 8, 2000
    cache: LRU[int, int] = LRU(size)
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(seed: int) -> None:
        try:
            start.wait()
            for i in range(rounds):
                key = (seed * 7 + i) % 40
                value = cache.get_or_make(key, lambda k=key: k * 2)
                assert value == key * 2
                cache.put(key, key * 2)
                assert len(cache) <= size
                for v in cache.values():  # iterating a snapshot while others write
                    assert v % 2 == 0
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert len(cache) == size
    assert all(cache.get(k) in (None, k * 2) for k in range(40))
