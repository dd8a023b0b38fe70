"""The Textual user interface: the only package of reader that imports textual."""
