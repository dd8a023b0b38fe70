"""A library: the articles of a folder (or one file), each parsed from its file, listed through
a catalog cache."""

from reader.library.article import ARTICLE_SUFFIXES, Article, ArticleError, ArticleInfo, load_article
from reader.library.catalog import Library, Skipped, iter_article_files, open_library

__all__ = ["ARTICLE_SUFFIXES", "Article", "ArticleError", "ArticleInfo", "Library", "Skipped",
           "iter_article_files", "load_article", "open_library"]
