"""The config file: TOML in the platform's config directory (``dailypapers --paths`` says where).

    theme = "nord"

    [refresh]
    today_minutes = 15      # a view of today (or yesterday) is refreshed when older than this
    past_hours = 24         # a view of past days, when older than this
    every_minutes = 15      # while the app is open, look for new papers this often
    trending_minutes = 60   # the trending list is fetched again when older than this

    [view]
    default = "day"         # day | week | month | archive | bookmarks
    sort = "upvotes"        # upvotes | newest | rising

    [keys]                  # command = "keys"; the ids are listed by `?` in the app
    next = "j,down"
    bookmark = "b,ctrl+b"

    [watch]                 # name = "query": a search the For you view keeps watching
    lecun = 'author:"Yann LeCun"'
    diffusion = "kw:diffusion upvotes>20"

    [sync]                  # bookmarks kept in step with a Hugging Face collection
    collection = "alice/dailypapers-64f9a55bb3115b4f513ec026"   # default: your "dailypapers"
    auto = false            # the app syncs by itself (at start, after changes, periodically)

Nothing here can stop the app from starting: a bad value is named in one plain sentence and its
default is used; a file that is not TOML at all is named and ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from .core.text import strip_unsafe
from .core.views import SORTS
from .paths import SETTINGS_FILE_LIMIT, describe_os_error, read_user_file

VIEWS = ("day", "week", "month", "archive", "bookmarks")  # what [view] default may open
MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
NAMED_KEYS = frozenset(
    [
        *("backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left"),
        *("pagedown", "pageup", "right", "space", "tab", "up"),
        *(f"f{n}" for n in range(1, 25)),
    ]
)

TEMPLATE = __doc__.split("\n\n")[1] if __doc__ else ""


@dataclass
class Settings:
    theme: str | None = None
    today_minutes: float = 15.0
    past_hours: float = 24.0
    every_minutes: float = 15.0
    trending_minutes: float = 60.0
    default_view: str = "day"
    sort: str = "upvotes"
    keys: dict[str, str] = field(default_factory=dict)
    watches: dict[str, str] = field(default_factory=dict)  # [watch]: name → query (watch_list.py)
    sync_collection: str | None = None  # [sync] collection: a slug (collection_sync.py)
    sync_auto: bool = False  # [sync] auto
    problems: list[str] = field(default_factory=list)  # one plain sentence each

    @property
    def trending_max_age(self) -> timedelta:
        """How old the trending snapshot may be before it is fetched again."""
        return timedelta(minutes=self.trending_minutes)

    @property
    def freshness(self) -> Any:
        from .core.freshness import Freshness

        return Freshness(
            current=timedelta(minutes=self.today_minutes), past=timedelta(hours=self.past_hours)
        )


def _number(
    settings: Settings, table: dict[str, Any], name: str, attribute: str, where: str,
    low: float, high: float,
) -> None:  # fmt: skip
    if name not in table:
        return
    value = table[name]
    default = getattr(settings, attribute)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        settings.problems.append(
            f"{where}.{name} should be a number from {low:g} to {high:g}, not {value!r}; "
            f"using {default:g}."
        )
        return
    setattr(settings, attribute, float(value))


def _choice(
    settings: Settings, table: dict[str, Any], name: str, attribute: str, where: str,
    choices: tuple[str, ...],
) -> None:  # fmt: skip
    if name not in table:
        return
    value = table[name]
    if value not in choices:
        settings.problems.append(
            f"{where}.{name} should be one of {', '.join(choices)}, not {value!r}; "
            f"using {getattr(settings, attribute)}."
        )
        return
    setattr(settings, attribute, value)


def _unknown(settings: Settings, table: dict[str, Any], known: set[str], where: str) -> None:
    for name in table:
        if name not in known:
            place = f"{where}.{name}" if where else name
            settings.problems.append(f"{place} is not a setting dailypapers knows; ignored.")


def normalise_key(text: str) -> str | None:
    """A key as written by a person (``[``, ``?``, ``shift+g``, ``Ctrl+B``, ``pgdn``) in
    Textual's names (``left_square_bracket``, ``question_mark``, ``G``, ``ctrl+b``), or None
    when it is no key a terminal can send."""
    from textual.keys import _character_to_key, key_to_character

    key = text.strip()
    if len(key) == 1:
        return _character_to_key(key) if key.isprintable() else None
    modifiers, _, base = key.rpartition("+")
    mods = [m.lower() for m in modifiers.split("+")] if modifiers else []
    if not base or any(m not in MODIFIERS for m in mods):
        return None
    if len(base) == 1:
        if mods == ["shift"] and base.isalpha():
            return base.upper()  # terminals send shift+g as "G"
        base = _character_to_key(base)
        if not mods:
            return base
        base = base.lower() if len(base) == 1 else base
    else:
        base = {"pgdn": "pagedown", "pgup": "pageup", "esc": "escape", "return": "enter",
                "del": "delete", "ins": "insert"}.get(base.lower(), base.lower())  # fmt: skip
        character = key_to_character(base)
        # A name that stands for a character must be one on a keyboard ("comma"), not any
        # Unicode name ("banana" is U+1F34C).
        if base not in NAMED_KEYS and not (character and character.isascii()):
            return None
    return "+".join([*mods, base])


def parse(text: str, *, commands: set[str] | None = None, name: str = "config.toml") -> Settings:
    """Settings from TOML text; every problem is one sentence in ``problems``."""
    return _cleaned(_parse(text, commands=commands, name=name))


def _cleaned(settings: Settings) -> Settings:
    """The problems made safe to show: they quote the file (a key name holding an OSC 52
    sequence set the terminal's clipboard from the "Config problems" notice and help)."""
    settings.problems = [strip_unsafe(problem) for problem in settings.problems]
    return settings


def _parse(text: str, *, commands: set[str] | None, name: str) -> Settings:
    settings = Settings()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        settings.problems.append(f"{name} is not valid TOML ({error}); using the defaults.")
        return settings
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            settings.theme = theme.strip()
        else:
            settings.problems.append(f"theme should be the name of a theme, not {theme!r}.")
    tables: dict[str, dict[str, Any]] = {
        "refresh": {},
        "view": {},
        "keys": {},
        "watch": {},
        "sync": {},
    }
    for table_name in tables:
        value = data.get(table_name, {})
        if isinstance(value, dict):
            tables[table_name] = value
        else:
            settings.problems.append(f"[{table_name}] should be a table; ignored.")
    _unknown(settings, data, {"theme", *tables}, "")
    refresh = tables["refresh"]
    _number(settings, refresh, "today_minutes", "today_minutes", "refresh", 1, 24 * 60)
    _number(settings, refresh, "past_hours", "past_hours", "refresh", 1, 24 * 365)
    _number(settings, refresh, "every_minutes", "every_minutes", "refresh", 1, 24 * 60)
    _number(settings, refresh, "trending_minutes", "trending_minutes", "refresh", 1, 24 * 60)
    known = {"today_minutes", "past_hours", "every_minutes", "trending_minutes"}
    _unknown(settings, refresh, known, "refresh")
    view = tables["view"]
    _choice(settings, view, "default", "default_view", "view", VIEWS)
    _choice(settings, view, "sort", "sort", "view", SORTS)
    _unknown(settings, view, {"default", "sort"}, "view")
    for command, keys in tables["keys"].items():
        if commands is not None and command not in commands:
            settings.problems.append(
                f"keys.{command} is not a command; ignored (see ? in the app)."
            )
            continue
        if isinstance(keys, str):
            parts = keys.split(",")
        elif isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            parts = list(keys)  # next = ["j", "down"], as TOML writes a list
        else:
            parts = []
        named = [normalise_key(part) for part in parts]
        if not parts or None in named:
            bad = [p.strip() for p, n in zip(parts, named, strict=True) if n is None]
            what = f"{bad[0]!r} is not a key" if bad else f"{keys!r} names no keys"
            settings.problems.append(
                f'keys.{command}: {what} (write keys like "j,down", ["j", "down"], "ctrl+b" '
                'or "["; a comma is "comma"); ignored.'
            )
            continue
        settings.keys[command] = ",".join(dict.fromkeys(k for k in named if k))
    _sync(settings, tables["sync"])
    for name, query in tables["watch"].items():
        if isinstance(query, str):
            settings.watches[name] = query  # its query is read by watch_list.py, as the CLI's
        else:
            settings.problems.append(f'watch.{name} should be a query in quotes, e.g. "kw:x".')
    return settings


def _sync(settings: Settings, table: dict[str, Any]) -> None:
    collection = table.get("collection")
    if isinstance(collection, str) and collection.strip():
        settings.sync_collection = collection.strip()
    elif collection is not None:
        settings.problems.append(
            "sync.collection should be a collection's slug in quotes, like \"alice/papers-"
            '64f9a55bb3115b4f513ec026"; your "dailypapers" collection is used.'
        )
    auto = table.get("auto")
    if isinstance(auto, bool):
        settings.sync_auto = auto
    elif auto is not None:
        settings.problems.append("sync.auto should be true or false; false is used.")
    _unknown(settings, table, {"collection", "auto"}, "sync")


def load(path: Path, *, commands: set[str] | None = None) -> Settings:
    """The settings in ``path``; defaults when the file does not exist."""
    try:
        text = read_user_file(path, SETTINGS_FILE_LIMIT).decode("utf-8-sig")
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return _unreadable(path, describe_os_error(error))
    except UnicodeDecodeError:
        return _unreadable(path, "it is not UTF-8 text")
    return parse(text, commands=commands, name=path.name)


def _unreadable(path: Path, reason: str) -> Settings:
    settings = Settings()
    settings.problems.append(f"cannot read {path} ({reason}); using the defaults.")
    return _cleaned(settings)
