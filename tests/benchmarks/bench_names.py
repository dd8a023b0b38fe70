"""What the shipped name lists cost to load (not a test: run it by hand).

    python tests/benchmarks/bench_names.py

For the hand-kept gazetteer alone, then with each generated list added in loading order
(reader.entities.gazetteer.GENERATED_LISTS), prints the names, the CPU time to read and parse the
files and build the matching trie, and the memory the built NameList keeps (tracemalloc, on
a second load), measured in a fresh process each, so nothing is shared or cached between them). Both the
quick path (the search index) and the full path (the article view) load the same lists once
per process.
"""

from __future__ import annotations

import subprocess
import sys

CODE = r"""
import sys, time, tracemalloc
from importlib import resources
from reader.entities.gazetteer import NameList, parse_dictionary
from reader.text import normalize

files = sys.argv[1:]
normalize("預熱")  # opencc's converter is loaded by any extraction anyway: not counted

def load():
    names = NameList()
    for name in files:
        text = resources.files("reader.entities").joinpath("data", name).read_text(encoding="utf-8")
        entries, problems = parse_dictionary(text)
        names.extend(entries)
    return names

t = time.process_time()
names = load()
cpu = time.process_time() - t
del names
tracemalloc.start()  # it slows allocation down: a second load, for memory only
names = load()
kept, peak = tracemalloc.get_traced_memory()
print(f"{len(names.han) + len(names.latin):6} names  {cpu * 1000:5.0f} ms CPU  kept {kept / 2**20:5.1f} MB  peak {peak / 2**20:5.1f} MB")
"""


def main() -> None:
    from reader.entities.gazetteer import GENERATED_LISTS

    steps = [["gazetteer.tsv"]]
    for name in GENERATED_LISTS:
        steps.append([*steps[-1][:-1], name, "gazetteer.tsv"])
    for files in steps:
        out = subprocess.run([sys.executable, "-c", CODE, *files], capture_output=True, text=True)
        label = " + ".join(f.removesuffix(".tsv") for f in files)
        print(f"{label:60} {out.stdout.strip() or out.stderr.strip()[-300:]}")
    print("(timings are noisy on a shared machine)")


if __name__ == "__main__":
    main()
