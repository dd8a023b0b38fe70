"""Text cut where a segmenter would choke: jieba's HMM (and its block splitting) copy the path
so far for every character of a run it has to guess, which is quadratic in the run's length
(65,536 times one unknown character: 18 s). Real text breaks every few dozen characters; a run
longer than MAX_RUN is cut into pieces of MAX_RUN, which costs nothing on real text."""

from __future__ import annotations

import re
from itertools import pairwise

#: Longest run of characters the segmenter gets in one piece.
MAX_RUN = 200

# What jieba takes as one block (its `re_han_default`): Han, Latin, digits and joiners.
_BLOCK = "[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]"


def bounded_pieces(text: str, limit: int = MAX_RUN) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text` end to end, none holding a block of more than
    `limit` characters (one piece for real text)."""
    cuts = [0]
    for run in re.finditer(f"{_BLOCK}{{{limit + 1},}}", text):
        cuts.extend(range(run.start() + limit, run.end(), limit))
    cuts.append(len(text))
    return [(start, end) for start, end in pairwise(cuts) if end > start] or [(0, len(text))]
