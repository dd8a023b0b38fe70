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
    """Choose the Traditional target and vocabulary: Space chooses, Enter applies, Esc (or q)
    closes without changes, as on every other screen."""

    HELP_GROUP = "Script settings 字體設定"

    BINDINGS = [
        # Priority: the radio buttons and the checkbox would take Enter as Space.
        Binding("enter", "apply", "Apply and close 套用", show=False, priority=True, id="settings_apply"),
        Binding("escape,q", "cancel", "Close without changes 取消", show=False, id="settings_cancel"),
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
                Content("Regional vocabulary 地區用詞"),
                value=self.preferences.vocabulary,
                id="script-vocabulary",
            )
            # Beside the checkbox, whose label never wraps, the examples were cut off.
            yield Static(Content("软件 → 軟體, 人工智慧 → 人工智能"), classes="settings-note")
            yield Static(
                Content("Space chooses · Enter applies · Esc cancels"), classes="settings-footer"
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
