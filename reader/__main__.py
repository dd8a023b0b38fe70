"""`python -m reader` runs the command line."""

from reader.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
