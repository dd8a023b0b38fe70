"""`python -m reader.dictionary OUTPUT`: build the dictionary index (the app runs this in a child
process)."""

from reader.dictionary.build import main

if __name__ == "__main__":
    raise SystemExit(main())
