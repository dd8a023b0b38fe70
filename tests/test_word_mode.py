"""Pilot tests: word mode (w: move, lookup, add), the vocabulary screen (V: delete, undo) and
exporting what was added."""

from __future__ import annotations

from helpers import settle, wait_until
from textual.widgets import OptionList

from reader.cli import main
from reader.store.vocabulary import Vocabulary
from reader.ui.screens.vocabulary_screen import VocabularyScreen

WIDE = (130, 36)
NARROW = (90, 30)


async def saved(pilot) -> None:
    """Let every queued save land and its outcome reach the UI."""
    await settle(pilot)
    await pilot.app.reader_screen.reading.user_data.settled()
    await pilot.pause()
    await pilot.pause()


def keep_two_words() -> Vocabulary:
    vocabulary = Vocabulary()
    vocabulary.add("銀行", simplified="银行", traditional="銀行", pinyin="yín háng", meaning="bank", sentence="他去銀行。")
    vocabulary.add("市場", simplified="市场", traditional="市場", pinyin="shì chǎng", meaning="market", title="新聞")
    return vocabulary


async def test_vocabulary_screen_lists_deletes_and_undoes(app_factory, samples):
    keep_two_words()
    app = app_factory(samples)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await saved(pilot)
        screen = app.screen
        assert isinstance(screen, VocabularyScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == 2
        first = str(options.get_option_at_index(0).prompt)
        assert "市場" in first and "shì chǎng" in first and "market" in first and "新聞" in first
        await pilot.press("d")
        await saved(pilot)
        assert [item.word for item in Vocabulary().all()] == ["銀行"]
        assert options.option_count == 1
        await pilot.press("u")
        await saved(pilot)
        assert [item.word for item in Vocabulary().all()] == ["市場", "銀行"]
        assert options.option_count == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, VocabularyScreen)


async def test_vocabulary_screen_with_no_words_says_how_to_add_one(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await saved(pilot)
        title = str(app.screen.query_one("#vocabulary-title").render())
        assert "press w, then a" in title
        await pilot.press("d")  # nothing to delete: nothing happens
        await pilot.press("u")
        await saved(pilot)
        assert len(Vocabulary()) == 0


async def test_help_lists_word_mode_keys_and_credits_the_dictionary(app_factory, samples):
    app = app_factory(samples)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(str(static.render()) for static in app.screen.query(".help-keys, .help-extra"))
        for description in ("Word mode", "Vocabulary 生詞本", "Next word", "Add to vocabulary", "Leave word mode"):
            assert description in text
        assert "CC-CEDICT" in text and "CC BY-SA 4.0" in text and "pypinyin" in text
