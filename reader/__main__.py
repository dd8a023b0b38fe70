"""`python -m reader` runs the command line."""

from reader.cli import entry

if __name__ == "__main__":
    entry()
