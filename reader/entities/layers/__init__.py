"""The layers of entity extraction, one module each: each reads a Passage, proposes Candidates.

Strongest first (an overlap goes to the stronger layer, then to the longer span): `user` (the
user's dictionary); `patterns` (hashtags; money, percentages and dates; metro lines);
`gazetteer` (the shipped names, checked against the segmenter) and `chains` (names built on
them: 財政部 + 統計處, 古洞 + 站); `latin` (runs of capitalised Latin words: Andrea Bartz,
Claude Sonnet 3.7, GPT-5); `quoted` (quoted names); `companies` (an unknown word before 資本, 電子: 高瓴資本); `products` (a line or a maker and a model's code: 天璣9500, 小米17); `titles` (names next to titles:
董事長魏哲家); `repeats` (a name found by context once is a name everywhere); and last `pos`,
jieba's part-of-speech dictionary, which alone is far too noisy (it tags 封鎖 and 卓越 as
people), so it only adds what survives a surname check and a stoplist.
reader.entities.extraction runs them in order; reader.entities.resolution settles overlaps.
"""

from reader.entities.layers import (
    chains,
    companies,
    gazetteer,
    latin,
    model,
    patterns,
    pos,
    products,
    quoted,
    repeats,
    titles,
    user,
)

__all__ = ["chains", "companies", "gazetteer", "latin", "model", "patterns", "pos", "products", "quoted", "repeats", "titles", "user"]
