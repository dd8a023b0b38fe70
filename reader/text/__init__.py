"""Text below the article: decoding bytes, hygiene, normalisation for matching, Han characters,
offset maps between rewritten texts, and jieba segmentation."""

from reader.text.han import HAN_CLASS, has_han, is_han
from reader.text.hygiene import sanitize
from reader.text.normalize import fold_width_case, normalize, opencc_converter

__all__ = ["HAN_CLASS", "fold_width_case", "has_han", "is_han", "normalize", "opencc_converter", "sanitize"]
