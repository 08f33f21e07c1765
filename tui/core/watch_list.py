"""The user's watches: those kept in the library, merged with the config file's ``[watch]``
table (``name = "query"``).

A config watch is changed in the config file only: the app and the CLI say so rather than
remove or rename it. The library remembers when it first saw each config watch, so that what
is "new for you" through it starts from then, not from each start of the app. A library watch
with the same name as a config one is shadowed by the config's (and said so by ``problems``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .db import now_stamp
from .errors import WatchRefused
from .library import Library, import_stamp
from .watch import Watch, watch_name, watch_problem

_FIRST_SEEN = "config watch first seen:"


class WatchList:
    def __init__(self, library: Library, configured: Mapping[str, str] | None = None) -> None:
        self.library = library
        self.configured = dict(configured or {})
        self.problems: list[str] = []  # config watches that cannot be read, one sentence each

    def all(self) -> list[Watch]:
        """Every watch: the config's first (in its order), then the library's (oldest first)."""
        self.problems = []
        watches: list[Watch] = []
        taken: set[str] = set()
        for raw_name, query in self.configured.items():
            name = watch_name(raw_name)
            problem = watch_problem(query) if name else "a watch needs a name"
            if problem or name is None or not isinstance(query, str):
                self.problems.append(f"watch.{raw_name}: {problem}; ignored.")
                continue
            if name.casefold() in taken:
                continue
            taken.add(name.casefold())
            watches.append(Watch(name, query.strip(), self._first_seen(name), from_config=True))
        watches.extend(w for w in self.library.watches() if w.name.casefold() not in taken)
        return watches

    def _first_seen(self, name: str) -> str:
        key = _FIRST_SEEN + name.casefold()
        stamp = self.library.remembered(key)
        if stamp is None:
            stamp = now_stamp()
            self.library.remember(key, stamp)
        return stamp

    def find(self, name: str) -> Watch | None:
        wanted = name.strip().casefold()
        return next((w for w in self.all() if w.name.casefold() == wanted), None)

    def add(self, name: str, query: str) -> Watch:
        """Watch ``query`` under ``name`` (a library watch of that name gets the new query);
        WatchRefused with the parser's words when the query cannot be read."""
        clean = watch_name(name)
        if clean is None:
            raise WatchRefused("a watch needs a name, e.g. `watch add lecun author:LeCun`")
        problem = watch_problem(query)
        if problem:
            raise WatchRefused(f"cannot watch “{query.strip()}”: {problem}")
        self._refuse_config(clean, "changed")
        self.library.save_watch(clean, query.strip())
        found = self.find(clean)
        assert found is not None
        return found

    def import_watches(self, watches: list[tuple[str, str, str | None]]) -> tuple[int, list[str]]:
        """Add the watches of an export that the user does not have (by name; one they have
        keeps its query); (how many were added, one sentence per watch refused)."""
        added, refused = 0, []
        for name, query, created_at in watches:
            clean = watch_name(name)
            problem = watch_problem(query) if clean else "a watch needs a name"
            if problem or clean is None:
                refused.append(f"watch “{name}”: {problem}")
                continue
            if self.find(clean) is None:
                added += self.library.save_watch(clean, query.strip(), import_stamp(created_at))
        return added, refused

    def rename(self, old: str, new: str) -> Watch:
        clean = watch_name(new)
        if clean is None:
            raise WatchRefused("a watch needs a name")
        self._refuse_config(old, "renamed")
        other = self.find(clean)
        if other is not None and other.name.casefold() != old.strip().casefold():
            raise WatchRefused(f"there is already a watch called “{other.name}”")
        if not self.library.rename_watch(old.strip(), clean):
            raise WatchRefused(f"there is no watch called “{old.strip()}”")
        found = self.find(clean)
        assert found is not None
        return found

    def remove(self, name: str) -> None:
        self._refuse_config(name, "removed")
        if not self.library.remove_watch(name.strip()):
            raise WatchRefused(f"there is no watch called “{name.strip()}”")

    def _refuse_config(self, name: str, done: str) -> None:
        wanted = name.strip().casefold()
        for raw_name in self.configured:
            if (watch_name(raw_name) or "").casefold() == wanted:
                raise WatchRefused(
                    f"“{name.strip()}” is a watch of the config file ([watch] table): it is "
                    f"{done} there, not here"
                )
