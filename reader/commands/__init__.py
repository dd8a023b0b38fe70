"""The `reader` subcommands: one module per family, each adding its parsers and calling the
pure layer."""
