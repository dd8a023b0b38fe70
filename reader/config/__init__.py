"""The user's config file (`config.toml` in the config dir): key bindings, theme, reading."""

from reader.config.settings import (
    CONFIG_NAME,
    Config,
    ConfigProblem,
    config_file,
    load_config,
    parse_config,
    remember_theme,
)

__all__ = [
    "CONFIG_NAME",
    "Config",
    "ConfigProblem",
    "config_file",
    "load_config",
    "parse_config",
    "remember_theme",
]
