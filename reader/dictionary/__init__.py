"""Word lookup for the word cursor: CC-CEDICT meanings and pypinyin readings, through a compact
index built once into the cache dir and read by memory map."""

from reader.dictionary.entry import DictionaryEntry, WordInfo
from reader.dictionary.lookup import Dictionary, DictionaryError, open_dictionary

__all__ = ["Dictionary", "DictionaryEntry", "DictionaryError", "WordInfo", "open_dictionary"]
