"""Builds the tuning set from its marked sources: `python tests/data/entities-tune/build.py`.

Each file in marked/ is a headline line, then paragraphs in which every entity is written
`{type:text}`. The script writes the plain article to articles/ and its spans (offsets into
the article's body, as reader loads it) to NAME.json, in the samples' format.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from reader.entities import ENTITY_TYPES  # noqa: E402
from reader.library import load_article  # noqa: E402

MARK_RE = re.compile(r"\{([a-z]+):([^{}]+)\}")


def build(source: Path) -> None:
    headline, *lines = source.read_text(encoding="utf-8").strip().splitlines()
    body, spans = "", []
    for marked in "\n\n".join(line.strip() for line in lines if line.strip()).split("\n\n"):
        if body:
            body += "\n\n"
        pos = 0
        for m in MARK_RE.finditer(marked):
            kind, text = m.groups()
            if kind not in ENTITY_TYPES:
                raise SystemExit(f"{source.name}: unknown type {kind!r}")
            body += marked[pos : m.start()]
            spans.append({"text": text, "type": kind, "start": len(body), "end": len(body) + len(text)})
            body += text
            pos = m.end()
        body += marked[pos:]
    if "{" in body or "}" in body:
        raise SystemExit(f"{source.name}: a mark is not closed")
    article = HERE / "articles" / source.name
    article.parent.mkdir(exist_ok=True)
    article.write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    loaded = load_article(article).body
    if loaded != body:
        raise SystemExit(f"{source.name}: reader reads another body than the one annotated")
    data = {"article": article.name, "spans": spans}
    (HERE / f"{source.stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for path in sorted((HERE / "marked").glob("*.txt")):
        build(path)
