"""reader: a keyboard-first terminal reader for Chinese articles."""

__version__ = "0.1.0"
