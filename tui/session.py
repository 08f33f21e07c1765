"""What comes back on the next launch: the view, its period and sort, the highlighted paper, the
theme chosen in the app, and when the user last looked (for "N new since your last visit").

A small JSON file beside the library, written atomically; a missing or unreadable file is simply
a first launch.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .core.dates import parse_period
from .core.models import normalise_paper_id
from .core.text import strip_unsafe
from .core.views import SORTS, TRENDING_SORTS, ViewSpec
from .paths import SETTINGS_FILE_LIMIT, private_folder, read_user_file, replace_file


@dataclass
class Session:
    kind: str | None = None  # period | archive | trending | bookmarks | tag
    period: str | None = None  # "day:2026-07-31"
    sort: str = "upvotes"
    hide_read: bool = False
    tag: str | None = None
    follow_latest: bool = True
    paper: str | None = None
    theme: str | None = None  # chosen in the app (or by --theme)
    config_theme: str | None = None  # the config's theme when that choice was made
    last_visit: str | None = None  # UTC timestamp of the previous launch

    def spec(self) -> ViewSpec | None:
        """The saved view, or None when there is none (or it does not make sense any more)."""
        if self.kind not in ("period", "archive", "trending", "bookmarks", "tag"):
            return None
        if self.kind == "trending":
            order = self.sort if self.sort in TRENDING_SORTS else "trending"
            return ViewSpec(kind="trending", sort=order, hide_read=self.hide_read)
        sort = self.sort if self.sort in SORTS else "upvotes"
        if self.kind == "period":
            if self.follow_latest or not self.period:
                return None  # the latest day, whatever it is now
            try:
                period = parse_period(self.period)
            except ValueError:
                return None
            return ViewSpec(period=period, sort=sort, hide_read=self.hide_read)
        if self.kind == "tag" and not self.tag:
            return None
        return ViewSpec(kind=self.kind, sort=sort, hide_read=self.hide_read, tag=self.tag)

    def latest_options(self, default_sort: str) -> tuple[str, bool]:
        """(sort, hide read) for the latest day at start: as the session left it when it was on
        the latest day, else the config's default sort with nothing hidden."""
        if self.kind == "period" and self.follow_latest:
            return (self.sort if self.sort in SORTS else default_sort), bool(self.hide_read)
        return default_sort, False


def load(path: Path) -> Session:
    try:
        # A session file that is a FIFO, a device or huge is a first launch, not a hang.
        data = json.loads(read_user_file(path, SETTINGS_FILE_LIMIT).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return Session()
    if not isinstance(data, dict):
        return Session()
    session = Session()
    for name, value in data.items():
        if name in Session.__dataclass_fields__ and isinstance(value, str | bool | type(None)):
            # A file's text is shown (a tag in the header): no escape sequence gets through.
            setattr(session, name, strip_unsafe(value)[:200] if isinstance(value, str) else value)
    session.paper = normalise_paper_id(session.paper) if session.paper else None
    return session


def save(path: Path, session: Session) -> None:
    """Write atomically: a crash mid-write leaves the previous session, never half a file."""
    data: dict[str, Any] = asdict(session)
    private_folder(path.parent)
    replace_file(path, json.dumps(data, indent=2) + "\n")
