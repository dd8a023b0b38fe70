"""What the shipped name lists cost to load (not a test: run it by hand).

    python tests/benchmarks/bench_names.py

For the hand-kept gazetteer alone, then with each generated list added in loading order
(reader.entities.gazetteer.GENERATED_LISTS), prints the names, the CPU time to read and parse the
files and build the matching trie, and the memory the built NameList keeps (tracemalloc, on
a second load), and the CPU time of matching them in 1,500 characters of the sample articles;
measured in a fresh process each, so nothing is shared or cached between them. Both the
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
tracemalloc.stop()
# Matching: the trie walk over the sample articles, normalised (what every extraction does).
from reader import locations
text = normalize("".join(p.read_text(encoding="utf-8") for p in sorted(locations.sample_articles().iterdir())))
t = time.process_time()
for _ in range(20):
    found = sum(1 for _ in names.han_matches(text))
match = (time.process_time() - t) / 20 / (len(text) / 1500)
print(f"{len(names.han) + len(names.latin):6} names  load {cpu * 1000:4.0f} ms CPU  kept {kept / 2**20:4.1f} MB  "
      f"peak {peak / 2**20:4.1f} MB  match {match * 1000:5.2f} ms CPU per 1,500 chars ({found} matches)")
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
