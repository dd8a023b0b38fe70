"""The floor of a cold index: whoosh alone writing a library's documents (not a test).

    python tests/benchmarks/bench_whoosh_floor.py DIR [--jobs 2] [--writer whoosh|reader]

Reads and cuts every article first (untimed), then times whoosh writing them with the same
fields, formats and boosts as reader's schema but an analyzer that only splits the words
already cut: what is left is whoosh's own work (postings, sorting, writing segments), which no
change to reader's analyzer can remove. `--writer whoosh` (the default) writes with whoosh's
own writers, `--writer reader` with reader's (reader.search.postings: the same files, less
work). Prints one line:

    whoosh alone: N documents in X s (Y s of CPU, workers included; jobs J, W writer); reader's
    cold index spends the rest
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def _cpu() -> float:
    """CPU seconds of this process and the workers it has waited for."""
    import resource

    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--writer", choices=("whoosh", "reader"), default="whoosh")
    args = parser.parse_args()

    from whoosh import index
    from whoosh.analysis import SpaceSeparatedTokenizer
    from whoosh.fields import ID, STORED, TEXT, Schema

    from reader.library import iter_article_files, load_article
    from reader.library.article import ArticleError
    from reader.search.analysis import words
    from reader.search.postings import LeanSegmentWriter
    from reader.search.workers import parallel_writer
    from reader.text import normalize

    docs = []
    for path in iter_article_files(args.library.resolve()):
        try:
            article = load_article(path)
        except ArticleError:
            continue
        info = article.info
        docs.append({
            "path": info.path,
            "title": " ".join(words(info.title)),
            "body": " ".join(words(normalize(article.body))),
            "tags": " ".join(words(" ".join(info.tags))),
            "source": " ".join(words(info.source or "")),
            "date": info.date or "",
            "fingerprint": info.fingerprint,
            "stamp": [0, 0],
        })
    split = SpaceSeparatedTokenizer()
    schema = Schema(
        path=ID(unique=True, stored=True), title=TEXT(analyzer=split, phrase=True, field_boost=3.0),
        body=TEXT(analyzer=split, phrase=True), tags=TEXT(analyzer=split, phrase=True, field_boost=2.0),
        source=TEXT(analyzer=split, phrase=True), entity=TEXT(analyzer=split, phrase=False),
        date=ID(stored=True), fingerprint=ID(stored=True), stamp=STORED,
    )
    with tempfile.TemporaryDirectory(prefix="whoosh-floor-") as folder:
        ix = index.create_in(folder, schema, indexname="articles")
        started = time.perf_counter()
        cpu_before = _cpu()
        if args.writer == "reader":
            writer = parallel_writer(ix, args.jobs) if args.jobs > 1 else LeanSegmentWriter(ix)
        elif args.jobs > 1:
            from whoosh.multiproc import MpWriter

            writer = MpWriter(ix, procs=args.jobs, multisegment=True, limitmb=256)
        else:
            writer = ix.writer(limitmb=256)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        elapsed = time.perf_counter() - started
        cpu = _cpu() - cpu_before
    print(f"whoosh alone: {len(docs)} documents in {elapsed:.1f} s ({cpu:.1f} s of CPU, workers included; "
          f"jobs {args.jobs}, {args.writer} writer); reader's cold index spends the rest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
