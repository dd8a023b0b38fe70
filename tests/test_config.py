"""config.toml: parsing with every problem reported by line, the theme remembered without
losing the user's text, `reader config path|check|keys`, and keys rebound in the running app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import settle, wait_until

from reader.cli import main
from reader.config import config_file, load_config, parse_config, remember_theme


def test_a_good_config_is_read() -> None:
    config = parse_config(
        'theme = "nord"\n\n[keys]\ntoggle_script = "f2, t"\nnext_hit = "ctrl+n"\n\n[reading]\nmeasure = 72\nsidebar = 25\n'
    )
    assert config.problems == []
    assert config.theme == "nord"
    assert config.keys == {"toggle_script": "f2,t", "next_hit": "ctrl+n"}
    assert (config.measure, config.sidebar) == (72, 25)


def test_each_bad_line_is_reported_by_line_and_the_rest_applies() -> None:
    config = parse_config(
        "\n".join(
            [
                'theme = "nord"',  # 1
                "[keys]",  # 2
                'toggle_script = "f2"',  # 3
                'search = "a b"',  # 4
                "next_hit = 3",  # 5
                "[reading]",  # 6
                "measure = 5000",  # 7
                "width = 3",  # 8
                "[colours]",  # 9
                "x = 1",  # 10
            ]
        )
    )
    assert config.theme == "nord"
    assert config.keys == {"toggle_script": "f2"}
    assert config.measure is None
    assert [problem.line for problem in config.problems] == [4, 5, 7, 8, 9]
    messages = [str(problem) for problem in config.problems]
    assert messages[0].startswith("config.toml line 4: search: 'a b' is not a key")
    assert "measure must be between 30 and 200" in messages[2]
    assert "unknown reading setting 'width'" in messages[3]
    assert "unknown setting 'colours'" in messages[4]


def test_a_syntax_error_names_its_line_and_applies_nothing() -> None:
    config = parse_config('theme = "nord"\n[keys]\ntoggle_script = f2\n')
    assert config.theme is None and config.keys == {}
    [problem] = config.problems
    assert problem.line == 3
    assert "nothing in the file applies" in problem.message


def test_a_missing_file_is_all_defaults_and_a_binary_one_is_reported(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml").problems == []
    binary = tmp_path / "config.toml"
    binary.write_bytes(b"\xff\xfe\x00theme")
    [problem] = load_config(binary).problems
    assert "not UTF-8" in problem.message


def test_remember_theme_keeps_comments_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# my settings\n\n[keys]\ntoggle_script = "f2"  # F2 is easier\n', encoding="utf-8")
    assert remember_theme("nord", path) is None
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my settings\n\ntheme = "nord"\n\n[keys]\n')
    assert 'toggle_script = "f2"  # F2 is easier' in text
    assert remember_theme("gruvbox", path) is None
    config = load_config(path)
    assert (config.theme, config.keys, config.problems) == ("gruvbox", {"toggle_script": "f2"}, [])
    assert path.read_text(encoding="utf-8").count("theme =") == 1


def test_remember_theme_never_overwrites_a_file_it_cannot_parse(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    broken = "[keys\ntoggle_script = 'f2'\n"
    path.write_text(broken, encoding="utf-8")
    problem = remember_theme("nord", path)
    assert problem is not None and "not saved" in problem.message
    assert path.read_text(encoding="utf-8") == broken


def test_config_path_lists_every_file_under_the_user_dirs(reader_home: Path, capsys) -> None:
    assert main(["config", "path", "--json"]) == 0
    paths = json.loads(capsys.readouterr().out)
    assert {"config", "bookmarks", "reading", "cache", "script-overrides"} <= set(paths)
    for path in paths.values():
        assert Path(path).is_relative_to(reader_home)
    assert paths["config"] == str(config_file())
    assert main(["config", "path"]) == 0
    out = capsys.readouterr().out
    assert "config.toml  (not created yet)" in out and "bookmarks.json" in out


def test_config_check_reports_problems_and_unknown_key_ids(capsys) -> None:
    assert main(["config", "check"]) == 0
    assert "no config file" in capsys.readouterr().out
    config_file().write_text('[keys]\ntoggle_script = "f2"\nno_such_thing = "x"\n', encoding="utf-8")
    assert main(["config", "check"]) == 1
    err = capsys.readouterr().err
    assert "line 3: no_such_thing: no key has this id" in err
    assert "toggle_script" not in err
    config_file().write_text('[keys]\ntoggle_script = "f2"\n', encoding="utf-8")
    assert main(["config", "check"]) == 0
    assert ": fine" in capsys.readouterr().out


def test_config_keys_lists_the_ids_with_their_default_keys(capsys) -> None:
    assert main(["config", "keys"]) == 0
    rows = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()[2:] if line.strip()}
    assert rows["toggle_script"] == "t"
    assert rows["quit"] == "q"
    assert set(rows["cursor_down"].split(",")) == {"down", "j"}


def test_every_binding_of_the_app_has_an_id() -> None:
    """config.toml can rebind only bindings with an id: a new key without one is a bug."""
    from textual.binding import Binding

    from reader.ui.keys import _ui_classes

    missing = [
        f"{cls.__module__}.{cls.__qualname__}: {binding.key} → {binding.action}"
        for cls in _ui_classes()
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding) and not binding.id
    ]
    assert missing == []


async def test_a_rebound_key_works_and_the_help_screen_shows_it(app_factory, samples) -> None:
    config_file().write_text('[keys]\ntoggle_script = "f2"\n', encoding="utf-8")
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.screen.script_variant
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.script_variant is before, "t no longer toggles the script"
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.script_variant is not before
        await pilot.press("question_mark")
        await settle(pilot)
        text = "\n".join(str(static.render()) for static in app.screen.query(".help-keys"))
        toggle_line = next(line for line in text.splitlines() if "Simplified ⇄ Traditional" in line)
        assert toggle_line.split()[0] == "f2"


async def test_a_bad_config_is_reported_and_the_app_runs(app_factory, samples) -> None:
    config_file().write_text('theme = "no-such-theme"\n[keys]\nnope = "x"\ntoggle_script = "f2"\n', encoding="utf-8")
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [note] = [n for n in app._notifications if n.title.startswith("Config")]
        assert "theme 'no-such-theme' is not a theme" in note.message
        assert "line 3: nope: no key has this id" in note.message
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.script_variant is not None


@pytest.mark.parametrize("start", ["", 'theme = "nord"\n'])
async def test_the_theme_is_applied_and_a_new_choice_remembered(app_factory, samples, start) -> None:
    if start:
        config_file().write_text(start, encoding="utf-8")
    app = app_factory(samples)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if start:
            assert app.theme == "nord"
        app.theme = "gruvbox"
        await wait_until(pilot, lambda: load_config().theme == "gruvbox", what="the theme saved")
    assert load_config().problems == []


# --- the command line's colour, and the version -------------------------------------------


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False), ("", True)])
def test_search_colours_hits_on_a_terminal_unless_no_color(make_library, capsys, monkeypatch, no_color, coloured) -> None:
    library = make_library({"a.md": "---\ntitle: 版權新聞\n---\n\n版權保護成為焦點。\n"})
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["search", "版權", "--library", str(library)]) == 0
    out = capsys.readouterr().out
    assert "版權" in out
    assert ("\x1b[" in out) is coloured


def test_the_version_is_written_once() -> None:
    """pyproject takes the version from reader/__init__.py; the installed metadata agrees."""
    import tomllib
    from importlib.metadata import version

    from helpers import REPO

    import reader

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert version("reader") == reader.__version__


def test_version_flag_prints_it(capsys) -> None:
    import reader

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"reader {reader.__version__}"


async def test_the_reading_measure_and_sidebar_share_come_from_the_config(app_factory, samples) -> None:
    from reader.ui.widgets.article_view import ArticleView

    config_file().write_text("[reading]\nmeasure = 60\nsidebar = 25\n", encoding="utf-8")
    app = app_factory(samples)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#sidebar").outer_size.width == 50
        view = app.screen.query_one(ArticleView)
        assert view.outer_size.width == 60 + 5  # the measure, its padding and the scrollbar
        from rich.cells import cell_len

        widths = [cell_len(view.line_text(y).strip()) for y in range(view.size.height)]
        assert 50 <= max(widths) <= 60
