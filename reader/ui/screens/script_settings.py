"""A small settings screen for the script toggle: which Traditional, and regional vocabulary."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, RadioButton, RadioSet, Static

from reader.script import ScriptPreferences, ScriptVariant

TRADITIONAL_CHOICES = (
    (ScriptVariant.TW, "Taiwan 臺灣 (臺, 裡)"),
    (ScriptVariant.HK, "Hong Kong 香港 (台, 裏, 説)"),
    (ScriptVariant.TRADITIONAL, "Traditional, no region 繁體"),
)


class ScriptSettingsScreen(ModalScreen[ScriptPreferences | None]):
    """Choose the Traditional target and vocabulary; Esc applies, q discards."""

    HELP_GROUP = "Script settings 字體設定"

    BINDINGS = [
        Binding("escape", "apply", "Apply and close", show=False, id="apply_settings"),
        Binding("q", "cancel", "Close without changes", show=False, id="cancel_settings"),
    ]

    def __init__(self, preferences: ScriptPreferences) -> None:
        super().__init__()
        self.preferences = preferences

    def compose(self) -> ComposeResult:
        with Vertical(id="script-settings"):
            yield Static(Content("Script 字體"), classes="settings-title")
            yield Static(Content("A Simplified article toggles to 簡體文章切換為："), classes="settings-label")
            with RadioSet(id="script-traditional"):
                for variant, label in TRADITIONAL_CHOICES:
                    yield RadioButton(
                        Content(label),
                        value=variant is self.preferences.traditional,
                        id=f"traditional-{variant.value}",
                    )
            yield Checkbox(
                Content("Regional vocabulary 地區用詞 (软件 → 軟體, 人工智慧 → 人工智能)"),
                value=self.preferences.vocabulary,
                id="script-vocabulary",
            )
            yield Static(
                Content("Space chooses · Esc applies · q cancels"), classes="settings-footer"
            )

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def chosen(self) -> ScriptPreferences:
        """The preferences as currently set on the screen."""
        pressed = self.query_one(RadioSet).pressed_button
        traditional = self.preferences.traditional
        if pressed is not None and pressed.id:
            traditional = ScriptVariant(pressed.id.removeprefix("traditional-"))
        vocabulary = self.query_one("#script-vocabulary", Checkbox).value
        return ScriptPreferences(traditional=traditional, vocabulary=vocabulary)

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)
