"""The user's config.toml in the running app: keys rebound, the theme applied and remembered,
and every problem in the file shown once, never fatal."""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

from reader.config import Config, ConfigProblem, load_config, remember_theme
from reader.ui.messages import StoreWarning


class UserConfig:
    """Applies a `Config` to `app` when mounted; saves the theme when the user changes it."""

    def __init__(self, app: App[int], config: Config | None = None) -> None:
        self.app = app
        self.config = load_config() if config is None else config
        self._theme_applied: str | None = None

    def apply(self) -> None:
        """Rebind keys and set the theme; report what in the file could not be applied."""
        from reader.ui.keys import unknown_binding_ids

        config = self.config
        problems = list(config.problems)
        if config.keys:
            problems += unknown_binding_ids(config.keys, config.path)
            self.app.set_keymap(config.keys)
        if config.theme:
            if config.theme in self.app.available_themes:
                self.app.theme = config.theme
            else:
                known = ", ".join(sorted(self.app.available_themes))
                problems.append(ConfigProblem(None, f"theme {config.theme!r} is not a theme (known: {known})"))
        self._theme_applied = self.app.theme
        self.app.theme_changed_signal.subscribe(self.app, self._on_theme_changed)
        if problems:
            where = f" ({config.path})" if config.path else ""
            self.app.notify(
                "\n".join(str(problem) for problem in problems) + "\nEverything else applies.",
                title=f"Config{where}",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def _on_theme_changed(self, theme: Theme) -> None:
        if theme.name == self._theme_applied:
            return
        self._theme_applied = theme.name
        self.app.run_worker(lambda: self._save_theme(theme.name), thread=True, group="config")

    def _save_theme(self, name: str) -> None:
        problem = remember_theme(name, self.config.path)
        if problem is not None:
            self.app.post_message(StoreWarning("Config", str(problem)))
