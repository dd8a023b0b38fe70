"""Script variants: Simplified ⇄ Traditional (Taiwan, Hong Kong) conversion with offset maps,
the user's override list, the `t` toggle and the preferences behind it."""

from reader.script.variants import *  # noqa: F403 - the package face
from reader.script.variants import __all__ as __all__
