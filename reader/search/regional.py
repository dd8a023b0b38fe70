"""Regional vocabulary for search: everyday words that differ between mainland China, Taiwan and
Hong Kong (地铁 / 捷運 / 港鐵, 鼠标 / 滑鼠), from a table shipped with reader plus the user's own.

opencc's phrase tables know some of these (软件 ⇄ 軟體); many everyday ones they do not. The
table is groups of equivalent forms, one group a line, forms separated by tabs. A query word
that is a form of a group, or starts or ends with one (地铁站, 坐地铁), is also searched in the
group's other forms. Forms are compared normalised (Simplified, lower case), so script does not
matter.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reader.text import normalize

#: The table shipped with reader.
SHIPPED_TABLE = Path(__file__).resolve().parent / "data" / "regional_vocabulary.tsv"
#: The user's own groups, in the config dir, same format.
USER_FILE = "regional-vocabulary.txt"
_LATIN_RE = re.compile(r"[a-z0-9]")
#: At most this many other forms are searched for one query word.
MAX_FORMS = 8


@dataclass(frozen=True, eq=False)
class RegionalTable:
    """Groups of equivalent words, with the lines that could not be read."""

    #: normalised form → the other forms of every group it is in (as written in the table).
    others: dict[str, tuple[str, ...]] = field(default_factory=dict)
    groups: int = 0
    problems: tuple[str, ...] = ()

    @property
    def forms(self) -> int:
        """How many distinct (normalised) forms the table knows."""
        return len(self.others)

    def variants(self, text: str) -> tuple[tuple[str, str], ...]:
        """Other regional forms of `text` as (normalised, display) pairs: the whole word
        replaced when it is a form, else a form it starts or ends with (地铁站 → 捷運站)."""
        norm = normalize(text)
        found: dict[str, str] = {}
        whole = self.others.get(norm)
        if whole is not None:
            for form in whole:
                found.setdefault(normalize(form), form)
        else:
            # The longest form `norm` starts with, and the longest it ends with (looked up
            # piece by piece: a regex of all 600 forms cost a one-off search 10 ms to compile).
            start = next(((0, end) for end in range(len(norm) - 1, 1, -1) if norm[:end] in self.others), None)
            end = next(((begin, len(norm)) for begin in range(1, len(norm) - 1) if norm[begin:] in self.others), None)
            for span in (start, end):
                if span is None or _LATIN_RE.search(norm[span[0] : span[1]]):
                    continue  # a Latin form only as a whole word (podcast, not podcasts)
                a, b = span
                for form in self.others[norm[a:b]]:
                    display = text[:a] + form + text[b:]
                    found.setdefault(normalize(display), display)
        found.pop(norm, None)
        return tuple(list(found.items())[:MAX_FORMS])


def parse_table(text: str, name: str, into: dict[str, set[str]]) -> tuple[int, list[str]]:
    """Add the groups in `text` to `into` (normalised form → every form of its groups).
    Returns how many groups were read and the problems with the other lines."""
    problems: list[str] = []
    groups = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip("\r\n\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{name} line {number}"
        forms = [" ".join(part.split()) for part in line.split("\t")]
        forms = [form for form in forms if form]
        if any(ord(ch) < 32 for form in forms for ch in form):
            problems.append(f"{where}: control characters; line ignored")
            continue
        distinct = {normalize(form) for form in forms}
        if len(distinct) < 2:
            problems.append(f"{where}: expected two or more different words separated by tabs; line ignored")
            continue
        if any(len(form) < 2 for form in distinct):
            problems.append(f"{where}: words of one character would match too much; line ignored")
            continue
        groups += 1
        for form in distinct:
            into.setdefault(form, set()).update(forms)
    return groups, problems


def build_table(shipped: str, user: str | None = None, user_name: str = USER_FILE) -> RegionalTable:
    """The table from the shipped groups and the user's (either may be empty)."""
    members: dict[str, set[str]] = {}
    groups, problems = parse_table(shipped, SHIPPED_TABLE.name, members)
    if user:
        more, user_problems = parse_table(user, user_name, members)
        groups += more
        problems += user_problems
    normal: dict[str, str] = {}  # each form normalised once (a form is in several groups' sets)
    for forms in members.values():
        for form in forms:
            if form not in normal:
                normal[form] = normalize(form)
    others = {
        norm: tuple(sorted((f for f in forms if normal[f] != norm), key=lambda f: (normal[f], f)))
        for norm, forms in members.items()
    }
    return RegionalTable(others, groups, tuple(problems))


def user_table_path() -> Path:
    from reader import locations

    return locations.config_dir() / USER_FILE


@lru_cache(maxsize=1)
def _shipped_text() -> str:
    return SHIPPED_TABLE.read_text("utf-8")


_cache: dict[str, tuple[tuple[int, int] | None, RegionalTable]] = {}
_lock = threading.Lock()


def regional_table(path: Path | None = None) -> RegionalTable:
    """The shipped table with the user's groups (re-read when the user's file changes)."""
    path = Path(path) if path is not None else user_table_path()
    user: str | None = None
    problem: str | None = None
    try:
        stat = path.stat()
        key: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        key = None
    except OSError as exc:
        key, problem = None, f"{path.name} cannot be read: {exc.strerror or exc}"
    with _lock:
        cached = _cache.get(str(path))
    if cached is not None and cached[0] == key and problem is None:
        return cached[1]
    if key is not None:
        try:
            user = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problem = f"{path.name} is not UTF-8 text; only the shipped vocabulary is used"
        except OSError as exc:
            problem = f"{path.name} cannot be read: {exc.strerror or exc}"
    table = build_table(_shipped_text(), user, path.name)
    if problem is not None:
        table = RegionalTable(table.others, table.groups, (*table.problems, problem))
    with _lock:
        _cache[str(path)] = (key, table)
    return table


def table_variants(text: str) -> tuple[tuple[str, str], ...]:
    """Other regional forms of a query word from the table (see RegionalTable.variants)."""
    return _variants_of(regional_table(), text)


@lru_cache(maxsize=1024)
def _variants_of(table: RegionalTable, text: str) -> tuple[tuple[str, str], ...]:
    return table.variants(text)
