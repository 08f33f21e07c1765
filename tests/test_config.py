"""The config file: good values used, bad ones named in one sentence with the default kept."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tui.config import load, parse

COMMANDS = {"next", "previous", "bookmark", "quit"}


def test_missing_file_is_all_defaults(tmp_path: Path) -> None:
    settings = load(tmp_path / "nope.toml")
    assert settings.problems == []
    assert (settings.today_minutes, settings.past_hours, settings.every_minutes) == (15, 24, 15)
    assert settings.default_view == "day" and settings.sort == "upvotes" and settings.keys == {}


def test_good_values_are_used() -> None:
    settings = parse(
        'theme = "nord"\n'
        "[refresh]\ntoday_minutes = 5\npast_hours = 48\nevery_minutes = 30\n"
        '[view]\ndefault = "week"\nsort = "rising"\n'
        '[keys]\nnext = "n, down"\nbookmark = "ctrl+b"\n',
        commands=COMMANDS,
    )
    assert settings.problems == []
    assert settings.theme == "nord"
    assert settings.freshness.current == timedelta(minutes=5)
    assert settings.freshness.past == timedelta(hours=48)
    assert settings.every_minutes == 30
    assert (settings.default_view, settings.sort) == ("week", "rising")
    assert settings.keys == {"next": "n,down", "bookmark": "ctrl+b"}


def test_each_bad_value_is_one_sentence_and_the_default_stays() -> None:
    settings = parse(
        "theme = 3\n"
        '[refresh]\ntoday_minutes = -1\npast_hours = "soon"\nevery_minutes = true\n'
        '[view]\ndefault = "year"\nsort = "stars"\ncolour = "red"\n'
        '[keys]\nfly = "f"\nnext = ""\nprevious = "k;up"\n'
        "extra = 1\n",
        commands=COMMANDS,
    )
    assert (settings.today_minutes, settings.past_hours, settings.every_minutes) == (15, 24, 15)
    assert (settings.default_view, settings.sort, settings.keys) == ("day", "upvotes", {})
    assert settings.theme is None
    text = "\n".join(settings.problems)
    for words in ("theme", "refresh.today_minutes", "refresh.past_hours", "refresh.every_minutes",
                  "view.default", "view.sort", "view.colour", "keys.fly", "keys.next",
                  "keys.previous", "keys.extra"):  # fmt: skip
        assert words in text
    assert all("\n" not in p and p.endswith(".") for p in settings.problems)


def test_not_toml_at_all_is_named_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n[[[", encoding="utf-8")
    settings = load(path)
    assert len(settings.problems) == 1
    assert "config.toml is not valid TOML" in settings.problems[0]
    assert settings.default_view == "day"


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    settings = load(path)
    assert settings.problems and "cannot read" in settings.problems[0]


def test_keys_are_written_as_people_write_them() -> None:
    settings = parse(
        '[keys]\nnext = "n, Down"\nprevious = "["\nbookmark = "Ctrl+B, shift+b"\nquit = "?, f5"\n',
        commands=COMMANDS,
    )
    assert settings.problems == []
    assert settings.keys == {
        "next": "n,down",
        "previous": "left_square_bracket",
        "bookmark": "ctrl+b,B",  # terminals send shift+b as "B"
        "quit": "question_mark,f5",
    }


def test_keys_may_be_a_toml_list() -> None:
    settings = parse('[keys]\nbookmark = ["y", "c"]\nnext = [1, "j"]\n', commands=COMMANDS)
    assert settings.keys == {"bookmark": "y,c"}
    assert len(settings.problems) == 1 and settings.problems[0].startswith("keys.next: ")


def test_names_that_are_no_key_are_refused_and_named() -> None:
    settings = parse('[keys]\nnext = "banana"\nprevious = "k, hyper+"\n', commands=COMMANDS)
    assert settings.keys == {}
    assert len(settings.problems) == 2
    assert settings.problems[0].startswith("keys.next: 'banana' is not a key")
    assert "keys.previous: 'hyper+' is not a key" in settings.problems[1]


def test_text_quoted_from_the_config_or_the_session_carries_no_escape_sequence(
    tmp_path: Path,
) -> None:
    import json

    from tui import session as session_module

    osc52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\x07"
    settings = parse(f'"{osc52}oops" = 1\n[keys]\n"\u009b31m{osc52}" = "x"\n')
    assert settings.problems
    for problem in settings.problems:
        assert "\x1b" not in problem and "\x07" not in problem and "\u009b" not in problem
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"kind": "tag", "tag": f"mine{osc52}", "theme": f"x{osc52}"}))
    loaded = session_module.load(state)
    assert loaded.tag == "mine" and loaded.theme == "x"


def _load_within_seconds(path: Path) -> Any:
    """load() in a thread: a FIFO config blocked the app before it painted."""
    done: list[Any] = []
    worker = threading.Thread(target=lambda: done.append(load(path)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert done, f"reading {path} blocked"
    return done[0]


def test_a_config_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # nobody writes to it: reading it the usual way waits for ever
    for path in (fifo, Path("/dev/zero")):  # /dev/zero: gigabytes read
        assert _load_within_seconds(path).problems == [
            f"cannot read {path} (it is not a regular file (a device or a pipe)); "
            "using the defaults."
        ]


def test_a_huge_config_is_refused_and_a_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    assert load(path).problems == [
        f"cannot read {path} (it is larger than 1 MB); using the defaults."
    ]
    path.write_bytes('\ufefftheme = "nord"\n'.encode())
    settings = load(path)
    assert settings.problems == [] and settings.theme == "nord"


def test_a_session_file_that_is_a_fifo_is_a_first_launch(tmp_path: Path) -> None:
    from tui import session

    fifo = tmp_path / "state.json"
    os.mkfifo(fifo)
    done: list[Any] = []
    worker = threading.Thread(target=lambda: done.append(session.load(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert done == [session.Session()]


def test_only_the_default_data_folder_is_the_apps_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A garbled file is refused where the user chose the path, kept aside where the app did."""
    from tui.paths import Paths

    monkeypatch.delenv("DAILYPAPERS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert Paths.resolve().own_folder
    assert not Paths.resolve(tmp_path / "mine.db").own_folder
    monkeypatch.setenv("DAILYPAPERS_DB", str(tmp_path / "env.db"))
    assert not Paths.resolve().own_folder


def test_the_sync_table_names_a_collection_and_auto_and_refuses_other_values() -> None:
    good = parse('[sync]\ncollection = " team/papers-64f9a55bb3115b4f513ec026 "\nauto = true\n')
    assert good.sync_collection == "team/papers-64f9a55bb3115b4f513ec026" and good.sync_auto
    assert good.problems == []
    bad = parse('[sync]\ncollection = 3\nauto = "yes"\nevery = 5\n')
    assert bad.sync_collection is None and bad.sync_auto is False
    assert len(bad.problems) == 3 and "sync.every is not a setting" in bad.problems[2]
