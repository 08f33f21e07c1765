"""For you: watches, the papers they match, what is new; and more like this. The main screen's
keys (F, W, Ctrl+S, M), workers and handlers for them.

Matching runs in a thread (a new watch is matched over the whole cache once); the screen keeps the
matched ForYou for the view and for every page's marks (one query a page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from ...core.db import StoreError
from ...core.errors import WatchRefused
from ...core.for_you import ForYou
from ...core.models import Paper
from ...core.views import ViewSpec
from ...core.watch_list import WatchList
from ..messages import ForYouCounted, MoreLikeFound, Told, WatchesSynced
from ..widgets.paper_list import ellipsize

if TYPE_CHECKING:
    from .main_shape import MainScreenShape as _Screen
    from .menu import Choice
else:
    _Screen = object  # a plain mixin at run time: MainScreen is the Screen


class ForYouActions(_Screen):
    """Part of MainScreen (see main_shape.py). Its handlers are named on_<message> (found
    through the MRO): Textual collects @on handlers only from the body of a Screen subclass."""

    _seen_written: set[str]  # papers already marked seen this session (made by MainScreen)

    def watch_list(self) -> WatchList:
        return WatchList(self.library, self.options.watches)

    @work(thread=True, exclusive=True, group="watches", exit_on_error=False)
    def sync_watches(self, *, announce: bool = False, open_view: bool = False) -> None:
        try:
            watches = self.watch_list().all()
            for_you = ForYou(self.store, watches)
            news = for_you.sync()
            new_count = for_you.new_count()
        except StoreError as error:
            self.post_message(Told(str(error), "error"))
            return
        queries = {w.name: w.query for w in watches}
        self.post_message(WatchesSynced(for_you, news, queries, announce, open_view, new_count))

    def on_watches_synced(self, message: WatchesSynced) -> None:
        self.for_you = message.for_you
        if message.announce and message.news:
            from ..watch_words import news_notice

            self.notify(news_notice(message.news, message.queries), timeout=8, markup=False)
        self.for_you_new = message.new_count
        self.refresh_header()  # "1 new for you" with the notice, not at the next tick
        if message.open_view:
            self._toggle_special(
                ViewSpec(kind="for_you", sort="newest", hide_read=self.spec.hide_read)
            )
        else:
            self.reload_view()  # the marks, the For you view, a search: as matched now

    def write_seen(self) -> None:
        """The watched papers the list drew are seen: no longer new for you (written off the
        UI thread, then counted again for the header)."""
        drawn = self.papers.watched_drawn - self._seen_written
        self.papers.watched_drawn.clear()
        for_you = self.for_you
        if not drawn or for_you is None:
            return
        self._seen_written |= drawn
        ids = sorted(drawn)

        def write() -> int:
            for_you.mark_seen(self.library, ids)
            return for_you.new_count()

        def counted(count: object, error: object) -> None:
            if error is None and isinstance(count, int):
                self.post_message(ForYouCounted(count))

        self.services.writer.submit(write, counted)

    def on_for_you_counted(self, message: ForYouCounted) -> None:
        self.for_you_new = message.count
        self.refresh_header()

    def action_for_you(self) -> None:
        """The papers your watches match (again: back to the feed)."""
        if self.spec.kind == "for_you" and self.search_state is None:
            self._back_to_feed()
            return
        self.sync_watches(open_view=True)

    def add_watch(self, query: str, name: str) -> None:
        from .watch_name import WatchNameScreen

        def named(chosen: str | None) -> None:
            if chosen is None:
                return
            taken = self.watch_list().find(chosen)
            if taken is not None and taken.query != query:
                # Saving would give that watch this query: asked again, not done.
                self.notify(
                    f"“{taken.name}” already watches {taken.query}: pick another name.",
                    severity="warning",
                    markup=False,
                )
                self.add_watch(query, chosen)
                return
            try:
                watch = self.watch_list().add(chosen, query)
            except (WatchRefused, StoreError) as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            self.notify(f"Watching “{watch.name}”: {watch.query} (F: For you).", markup=False)
            self.sync_watches()

        self.app.push_screen(WatchNameScreen(query, name), named)

    def action_watch_search(self) -> None:
        from ..watch_words import short_name

        query = self.search_input.value.strip() if self.search_state is not None else ""
        if not query:
            self.notify("Type a search first (/), then Ctrl+S watches it.", markup=False)
            return
        self.add_watch(query, short_name(query))

    def action_watch_menu(self) -> None:
        from .menu import Choice, MenuScreen

        paper = self.current_paper()
        if paper is None:
            return
        from ..watch_words import watch_choices

        letters = "abcdefghijklmnopqrstuvwxyz"
        watches = self.watch_list().all()
        by_query = {watch.query: watch for watch in watches}
        choices = []
        for i, (label, name, query) in enumerate(watch_choices(paper)):
            key = letters[i] if i < len(letters) else ""
            if query in by_query:  # picking it again would only say so
                detail = f"{query} · watched as “{ellipsize(by_query[query].name, 30)}”"
                choices.append(Choice(key, label, detail, "\n" + by_query[query].name))
            else:
                choices.append(Choice(key, label, query, f"{name}\n{query}"))
        # The watches this paper matches; the others are a count (30 of them would bury it).
        matching = self.for_you.marks([paper.id]).get(paper.id, ()) if self.for_you else ()
        for watch in (w for w in watches if w.name in matching):
            where = "the config file: change it there" if watch.from_config else "yours"
            detail = f"{watch.query} · {where}"
            choices.append(Choice("", f"Matches: {ellipsize(watch.name, 60)}", detail, ""))
        others = len(watches) - len(matching)
        if others:
            words = f"{others} other watch{'es' if others != 1 else ''}"
            choices.append(Choice("", words, "`dailypapers watch list` lists them", ""))

        def picked(choice: Choice | None) -> None:
            if choice is None:
                return
            if choice.value.startswith("\n"):  # a watch's name is one line: never a new one
                self.notify(f"Already watched as “{choice.value[1:]}” (F: For you).", markup=False)
                return
            if not choice.value:
                self.notify(
                    "Rename or remove a watch with `dailypapers watch` (the config file's "
                    "[watch] table for those it holds).",
                    markup=False,
                )
                return
            name, query = choice.value.split("\n", 1)
            self.add_watch(query, name)

        self.app.push_screen(MenuScreen(f"Watch — {paper.title}", choices), picked)

    def action_more_like_this(self) -> None:
        paper = self.current_paper()
        if paper is not None:
            self.find_more_like(paper)

    @work(thread=True, exclusive=True, group="more-like-this", exit_on_error=False)
    def find_more_like(self, paper: Paper) -> None:
        """Related papers from the cache (tens of ms at 200,000: off the UI thread)."""
        from ...core.more_like_this import more_like_this

        try:
            related = more_like_this(self.store, paper.id)
            rows = self.store.rows_by_ids([r.paper_id for r in related])
        except StoreError as error:
            self.post_message(Told(str(error), "error"))
            return
        titles = {row.id: row.title for row in rows}
        self.post_message(MoreLikeFound(paper, related, titles))

    def on_more_like_found(self, message: MoreLikeFound) -> None:
        from .more_like import MoreLikeThisScreen

        if self.app.screen is not self:
            return  # the user went on to another screen meanwhile
        screen = MoreLikeThisScreen(message.paper, message.related, message.titles)
        self.app.push_screen(screen, self.go_to_paper)
