"""Schemas of the two databases and their forward migrations, versioned by ``PRAGMA user_version``.

- ``cache.db`` holds what the network gave us: papers, listings, the fetch log, upvote snapshots
  and the full-text index. It can be cleared, rebuilt or moved aside at any time.
- ``library.db`` holds the user's own data: bookmarks (with a snapshot of the paper, so a bookmark
  keeps its metadata when the cache is gone), notes, tags and read marks. Nothing that refreshes,
  clears or repairs the cache opens it for writing. Keeping it in a separate file, rather than in
  separate tables of one file, is what makes that guarantee simple: a damaged or deleted cache file
  cannot take user data with it, and ``cache clear`` is a file removal.

Each migration runs in one transaction together with its ``user_version`` bump, so a crash leaves
the database at the old version or the new one, never in between. Migrations only ever move
forward; a database newer than this program is refused with a plain message, not downgraded.

Tables are declared with sqlite-utils (readable, typed column declarations); the FTS5 table and its
triggers are written out by hand because they need options sqlite-utils does not expose (a prefix
index and a trigger that fires only when indexed text changes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils  # imported when a schema is written: most starts need none

from .errors import SchemaTooNew

Migration = Callable[[sqlite3.Connection], None]


def _db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    import sqlite_utils

    return sqlite_utils.Database(conn)


# --- cache.db ---------------------------------------------------------------------------------

# Columns of the full-text index, in bm25 weight order (see search.py).
FTS_COLUMNS = ("title", "abstract", "ai_summary", "keywords_text", "authors_text", "organization")


def _cache_v1(conn: sqlite3.Connection) -> None:
    db = _db(conn)
    db.table("papers").create(
        {
            "rowid": int,
            "id": str,
            "title": str,
            "abstract": str,
            "authors": str,  # JSON list of names, in paper order
            "n_authors": int,
            "authors_text": str,  # the names, joined: for full-text search
            "organization": str,
            "org_name": str,
            "published": str,  # arXiv date YYYY-MM-DD
            "upvotes": int,
            "comments": int,
            "github_repo": str,
            "github_stars": int,
            "project_page": str,
            "ai_summary": str,
            "ai_keywords": str,  # JSON list
            "keywords_text": str,
            "submitted_by": str,
            "submitter_avatar": str,
            "withdrawn_at": str,
            "last_listed": str,  # newest Daily Papers day it was listed on; NULL if never
            "sort_day": str,  # last_listed, else published: the archive's order
            "source": str,  # how it first came: daily | search | paper
            "snapshot_at": str,  # when the newest upvote snapshot of it was taken
            "first_seen": str,
            "updated_at": str,
        },
        pk="rowid",
        not_null={"id", "title", "sort_day", "first_seen", "updated_at", "n_authors"},
        defaults={"authors": "[]", "ai_keywords": "[]", "n_authors": 0, "sort_day": ""},
    )
    db.table("papers").create_index(["id"], unique=True, index_name="papers_id")
    db.table("papers").create_index(["sort_day", "upvotes"], index_name="papers_archive")
    db.table("papers").create_index(["upvotes"], index_name="papers_upvotes")
    db.table("papers").create_index(["published"], index_name="papers_published")
    conn.execute(
        "CREATE TABLE listings (day TEXT NOT NULL, paper_id TEXT NOT NULL,"
        " PRIMARY KEY (day, paper_id)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX listings_paper ON listings (paper_id, day)")
    db.table("fetch_log").create(
        {
            "id": int,
            "view": str,  # day:2026-07-31 | week:2026-W31 | month:2026-07 | latest | search:…
            "started_at": str,
            "finished_at": str,
            "outcome": str,  # ok | error | partial (cut short: papers kept, not "fetched")
            "message": str,
            "papers": int,
            "new": int,
            "updated": int,
            "skipped": int,
            "requests": int,
        },
        pk="id",
        not_null={"view", "started_at", "finished_at", "outcome"},
    )
    db.table("fetch_log").create_index(
        ["view", "outcome", "finished_at"], index_name="fetch_log_view"
    )
    conn.execute(
        "CREATE TABLE snapshots (paper_id TEXT NOT NULL, taken_at TEXT NOT NULL,"
        " upvotes INTEGER, comments INTEGER, PRIMARY KEY (paper_id, taken_at)) WITHOUT ROWID"
    )
    db.table("meta").create({"key": str, "value": str}, pk="key")
    columns = ", ".join(FTS_COLUMNS)
    new_values = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old_values = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    # External-content FTS5 over papers. No prefix index: it would more than halve the ingest
    # rate, and search.py expands an unfinished word into whole words instead (see there).
    conn.execute(
        f"CREATE VIRTUAL TABLE papers_fts USING fts5({columns}, content='papers',"
        " content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute(
        f"CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN"
        f" INSERT INTO papers_fts (rowid, {columns}) VALUES (new.rowid, {new_values}); END"
    )
    conn.execute(
        f"CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN"
        f" INSERT INTO papers_fts (papers_fts, rowid, {columns})"
        f" VALUES ('delete', old.rowid, {old_values}); END"
    )
    # Only a change of indexed text re-indexes a row: upvote and comment counts change on every
    # refresh, and re-indexing for them would make refreshes slow for nothing.
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in FTS_COLUMNS)
    conn.execute(
        f"CREATE TRIGGER papers_fts_update AFTER UPDATE OF {columns} ON papers WHEN {changed} BEGIN"
        f" INSERT INTO papers_fts (papers_fts, rowid, {columns})"
        f" VALUES ('delete', old.rowid, {old_values});"
        f" INSERT INTO papers_fts (rowid, {columns}) VALUES (new.rowid, {new_values}); END"
    )


def _cache_v2(conn: sqlite3.Connection) -> None:
    # "N new since your last visit" counts papers by when they were first seen.
    conn.execute("CREATE INDEX IF NOT EXISTS papers_first_seen ON papers (first_seen)")


def _cache_v3(conn: sqlite3.Connection) -> None:
    # FTS5 gathers new terms in memory and writes them out as one segment when a statement ends
    # or when the gathered data passes "hashsize" (1 MB by default): a month of a backfill (about
    # 9 MB of text at 200,000 papers) became nine segments that merges then had to fold together.
    # 8 MB makes it one or two; measured on the 200,000-paper bench build, 3,800 → 4,700 papers/s.
    # "automerge" 8 (default 4) lets up to 8 segments of a size wait before they merge, so each
    # page is rewritten fewer times; search reads a few more segments (see bench/core.py).
    # Both are kept in the index's own config table, so every connection uses them.
    conn.execute("INSERT INTO papers_fts (papers_fts, rank) VALUES ('hashsize', 8388608)")
    conn.execute("INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 8)")
    # What a period view sorts on, so that it sorts without reading each paper's row (store.py).
    conn.execute("CREATE INDEX IF NOT EXISTS papers_keys ON papers (id, upvotes, published)")


def _cache_v4(conn: sqlite3.Connection) -> None:
    # One upvote history per paper: a paper listed on two days had each listing's count
    # recorded in turn, a zig-zag that cannot be told apart from real moves now. The history
    # is cache data: for those few papers it starts again from its newest point.
    conn.execute(
        "DELETE FROM snapshots WHERE paper_id IN"
        " (SELECT paper_id FROM listings GROUP BY paper_id HAVING count(*) > 1)"
        " AND taken_at < (SELECT max(s.taken_at) FROM snapshots s"
        " WHERE s.paper_id = snapshots.paper_id)"
    )


def _cache_v5(conn: sqlite3.Connection) -> None:
    # Full texts of papers (/papers/{id}.md). ``raw`` is what the server sent, zlib-compressed
    # (2-3x smaller), so a better normaliser can run again on it; ``doc`` is the normalised
    # Document as zlib-compressed JSON, ``doc_format`` the normaliser's version that wrote it.
    # Network data like the rest of the cache, except that ``cache clear`` keeps the texts of
    # bookmarked papers (see Store.empty).
    conn.execute(
        "CREATE TABLE paper_texts (paper_id TEXT PRIMARY KEY, raw BLOB NOT NULL,"
        " raw_bytes INTEGER NOT NULL, source_url TEXT NOT NULL DEFAULT '',"
        " fetched_at TEXT NOT NULL, doc BLOB NOT NULL, doc_format INTEGER NOT NULL,"
        " n_blocks INTEGER NOT NULL DEFAULT 0)"
    )
    # One row per searchable block of a stored text: the full-text search's unit, so a hit
    # names the block to land on. External-content FTS5 as papers_fts, kept in step by triggers.
    conn.execute(
        "CREATE TABLE text_blocks (rowid INTEGER PRIMARY KEY, paper_id TEXT NOT NULL,"
        " block INTEGER NOT NULL, text TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX text_blocks_paper ON text_blocks (paper_id, block)")
    conn.execute(
        "CREATE VIRTUAL TABLE text_fts USING fts5(text, content='text_blocks',"
        " content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "CREATE TRIGGER text_fts_insert AFTER INSERT ON text_blocks BEGIN"
        " INSERT INTO text_fts (rowid, text) VALUES (new.rowid, new.text); END"
    )
    conn.execute(
        "CREATE TRIGGER text_fts_delete AFTER DELETE ON text_blocks BEGIN"
        " INSERT INTO text_fts (text_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END"
    )


def _cache_v6(conn: sqlite3.Connection) -> None:
    # What a paper's page has beyond its abstract (API2.md §1, §2, §5), all network data.
    # Hugging Face's trending list as last fetched: its order (rank 1 first); the papers
    # themselves are rows of papers like any other, and the fetch time is the fetch log's.
    conn.execute("CREATE TABLE trending (rank INTEGER PRIMARY KEY, paper_id TEXT NOT NULL UNIQUE)")
    # The linked repos of a paper's detail: a count of each kind (NULL: not said) and the top
    # three of each as JSON; ``complete``: the kinds whose whole list is in linked_repos.
    conn.execute(
        "CREATE TABLE paper_links (paper_id TEXT PRIMARY KEY, n_models INTEGER,"
        " n_datasets INTEGER, n_spaces INTEGER, top TEXT NOT NULL,"
        " complete TEXT NOT NULL DEFAULT '', fetched_at TEXT NOT NULL)"
    )
    # Every linked repo of a kind, most liked first: from a detail that carried them all, or
    # from the Hub's sorted filter=arxiv:{id} listing (linked_lists says when).
    conn.execute(
        "CREATE TABLE linked_repos (paper_id TEXT NOT NULL, kind TEXT NOT NULL,"
        " position INTEGER NOT NULL, repo_id TEXT NOT NULL, likes INTEGER, downloads INTEGER,"
        " task TEXT, PRIMARY KEY (paper_id, kind, position)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE linked_lists (paper_id TEXT NOT NULL, kind TEXT NOT NULL,"
        " fetched_at TEXT NOT NULL, PRIMARY KEY (paper_id, kind)) WITHOUT ROWID"
    )
    # A paper's comments (cleaned records as JSON) and its numComments when they were fetched.
    conn.execute(
        "CREATE TABLE discussions (paper_id TEXT PRIMARY KEY, comments TEXT NOT NULL,"
        " num_comments INTEGER, fetched_at TEXT NOT NULL)"
    )


def _cache_v7(conn: sqlite3.Connection) -> None:
    # Which cached papers match which watch (for_you.py): one row per (paper, watch query),
    # keyed by the query's text so that renaming a watch costs nothing and two watches with
    # one query share their rows. ``sort_day`` is the paper's, copied so that the For you view
    # walks one index newest first without reading a paper row per hit. Cache data: rebuilt
    # from the library's watches after a cache clear.
    conn.execute(
        "CREATE TABLE watch_hits (paper_rowid INTEGER NOT NULL, query TEXT NOT NULL,"
        " sort_day TEXT NOT NULL, matched_at TEXT NOT NULL,"
        " PRIMARY KEY (paper_rowid, query)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX watch_hits_query ON watch_hits (query)")
    conn.execute("CREATE INDEX watch_hits_newest ON watch_hits (sort_day, paper_rowid, query)")
    # The queries whose hits are in watch_hits, with the FTS5 expression they were matched
    # with (matching new papers later uses the same words, whatever the vocabulary then).
    conn.execute(
        "CREATE TABLE watch_queries (query TEXT PRIMARY KEY, expression TEXT,"
        " matched_at TEXT NOT NULL)"
    )
    # The papers changed since the watches were last matched are found by this.
    conn.execute("CREATE INDEX IF NOT EXISTS papers_updated ON papers (updated_at)")


# "More like this" finds the newest papers sharing a name or an AI keyword with a paper. As a
# phrase query of papers_fts that read the whole position list of every word of every name
# ("wei", "models": tens of thousands of papers each), 4-6 ms a query at 200,000 papers. This
# second, contentless index holds each whole name and keyword as one word ("ada_lovelace",
# "speculative_decoding"), so a name's papers are one short list. A full-text index rather than
# a table of (name, paper) rows: such a table took ingest from 3,400 to 1,900 papers/s (each
# fetch rewrote pages all over it); the index gathers a fetch's words and writes them at once
# (ingest CPU at 20,000 papers: 4,650 papers/s without it, 4,050 with it). Kept in step by
# triggers, like papers_fts. No column sizes: nothing ranks by them.
RELATED_INDEX = "papers_related"
# Words of a name are joined by "_" (and "-", "." and "'" stay inside a word), so that most
# names and keywords are one word. Those that still make several are found as phrases.
RELATED_TOKENIZER = "unicode61 remove_diacritics 2 tokenchars '_-.'''"


def _whole_words(json_list: str) -> str:
    """SQL of the text a JSON list column (as sql.py writes it: ``["A B", "C"]``) gives the
    related index: spaces in an item become "_", the quotes and commas between items part them.
    Reading the list with json_each instead cost a tenth of the ingest rate more; an item with
    an escaped character (a quote, a backslash) is just split at it."""
    return f"""replace(replace({json_list}, ' ', '_'), '",_"', '" "')"""


def _related_values(row: str) -> str:
    return f"{row}.rowid, {_whole_words(f'{row}.authors')}, {_whole_words(f'{row}.ai_keywords')}"


# The trigger that unindexes a deleted paper (Store.empty drops it while it empties all).
RELATED_DELETE_TRIGGER = "papers_related_delete"


def _cache_v8(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE VIRTUAL TABLE {RELATED_INDEX} USING fts5(names, keywords, content='',"
        f' columnsize=0, tokenize="{RELATED_TOKENIZER}")'
    )
    # The papers an existing cache holds (at 200,000 papers, about 7 s once).
    conn.execute(
        f"INSERT INTO {RELATED_INDEX} (rowid, names, keywords)"
        f" SELECT {_related_values('papers')} FROM papers"
    )
    insert = (
        f"INSERT INTO {RELATED_INDEX} (rowid, names, keywords) VALUES ({_related_values('new')});"
    )
    delete = (
        f"INSERT INTO {RELATED_INDEX} ({RELATED_INDEX}, rowid, names, keywords)"
        f" VALUES ('delete', {_related_values('old')});"
    )
    conn.execute(f"CREATE TRIGGER papers_related_insert AFTER INSERT ON papers BEGIN {insert} END")
    conn.execute(
        f"CREATE TRIGGER {RELATED_DELETE_TRIGGER} AFTER DELETE ON papers BEGIN {delete} END"
    )
    conn.execute(
        "CREATE TRIGGER papers_related_update AFTER UPDATE OF authors, ai_keywords ON papers"
        " WHEN old.authors IS NOT new.authors OR old.ai_keywords IS NOT new.ai_keywords BEGIN"
        f" {delete} {insert} END"
    )


# The tables of _cache_v6, emptied by a cache clear.
HUB_TABLES = ("trending", "paper_links", "linked_repos", "linked_lists", "discussions")
# The tables of _cache_v7, emptied by a cache clear (matched again from the library's watches).
WATCH_TABLES = ("watch_hits", "watch_queries")

CACHE_MIGRATIONS: list[Migration] = [
    _cache_v1,
    _cache_v2,
    _cache_v3,
    _cache_v4,
    _cache_v5,
    _cache_v6,
    _cache_v7,
    _cache_v8,
]


# --- library.db -------------------------------------------------------------------------------


def _library_v1(conn: sqlite3.Connection) -> None:
    db = _db(conn)
    db.table("bookmarks").create(
        {"paper_id": str, "created_at": str}, pk="paper_id", not_null={"created_at"}
    )
    db.table("bookmarks").create_index(["created_at"], index_name="bookmarks_created")
    db.table("notes").create(
        {"paper_id": str, "note": str, "updated_at": str},
        pk="paper_id",
        not_null={"note", "updated_at"},
    )
    conn.execute(
        "CREATE TABLE tags (paper_id TEXT NOT NULL, tag TEXT NOT NULL, created_at TEXT NOT NULL,"
        " PRIMARY KEY (paper_id, tag)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX tags_tag ON tags (tag, paper_id)")
    db.table("reads").create({"paper_id": str, "read_at": str}, pk="paper_id", not_null={"read_at"})
    # What we knew of a paper when the user first kept something about it: a bookmark, a note
    # or a tag then still shows a title, authors and links with no cache at all.
    db.table("paper_snapshots").create(
        {"paper_id": str, "data": str, "updated_at": str},
        pk="paper_id",
        not_null={"data", "updated_at"},
    )


def _library_v2(conn: sqlite3.Connection) -> None:
    """Tags keep the case they were typed in and match whatever the case (``LLM`` is ``llm``):
    the column compares without case, so one paper cannot carry both, and every lookup by
    tag (a view, a search, the list of tags) finds either spelling."""
    conn.execute(
        "CREATE TABLE tags_v2 (paper_id TEXT NOT NULL, tag TEXT NOT NULL COLLATE NOCASE,"
        " created_at TEXT NOT NULL, PRIMARY KEY (paper_id, tag)) WITHOUT ROWID"
    )
    conn.execute(
        "INSERT OR IGNORE INTO tags_v2 SELECT paper_id, tag, created_at FROM tags"
        " ORDER BY created_at"
    )
    conn.execute("DROP TABLE tags")
    conn.execute("ALTER TABLE tags_v2 RENAME TO tags")
    conn.execute("CREATE INDEX tags_tag ON tags (tag, paper_id)")


def _library_v3(conn: sqlite3.Connection) -> None:
    """Where the user stopped reading each paper's full text: the block at the top of the
    reader (stable across re-wraps), how far down the paper that is (0-1, for the list's "38%")
    and when. User data: a cache clear keeps it."""
    conn.execute(
        "CREATE TABLE reading_positions (paper_id TEXT PRIMARY KEY, block INTEGER NOT NULL,"
        " fraction REAL NOT NULL, updated_at TEXT NOT NULL)"
    )


def _library_v4(conn: sqlite3.Connection) -> None:
    """Watches (saved searches of the search language, by a name of the user's), the papers
    the user has seen in a list while they matched a watch ("new for you" until then), and a
    few remembered values (the last digest's time)."""
    conn.execute(
        "CREATE TABLE watches (name TEXT PRIMARY KEY COLLATE NOCASE, query TEXT NOT NULL,"
        " created_at TEXT NOT NULL)"
    )
    conn.execute("CREATE TABLE seen (paper_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL)")
    conn.execute("CREATE TABLE remembered (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _library_v5(conn: sqlite3.Connection) -> None:
    """Bookmarks synced with a Hugging Face collection (collection_sync.py): the collections
    synced with (the slug, its 24-hex id that survives a rename, the endpoint, the owner) and,
    per collection, each paper both sides had at the last sync with its item's id and the note
    the Hub then held: what tells a removal since from an addition. User data: a cache clear
    keeps it."""
    conn.execute(
        "CREATE TABLE hub_collections (collection_id TEXT PRIMARY KEY, slug TEXT NOT NULL,"
        " endpoint TEXT NOT NULL, owner TEXT, is_default INTEGER NOT NULL DEFAULT 0,"
        " synced_at TEXT)"
    )
    conn.execute(
        "CREATE TABLE hub_items (collection_id TEXT NOT NULL, paper_id TEXT NOT NULL,"
        " item_id TEXT NOT NULL, note TEXT, seen_at TEXT NOT NULL,"
        " PRIMARY KEY (collection_id, paper_id)) WITHOUT ROWID"
    )


LIBRARY_MIGRATIONS: list[Migration] = [
    _library_v1,
    _library_v2,
    _library_v3,
    _library_v4,
    _library_v5,
]


def migrate(conn: sqlite3.Connection, migrations: list[Migration], name: str) -> int:
    """Bring a database to the latest version; returns the version it was at before."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > len(migrations):
        raise SchemaTooNew(
            f"{name} was written by a newer dailypapers (schema {version}, this one knows "
            f"{len(migrations)}); upgrade dailypapers to open it"
        )
    if version < len(migrations):
        # Imported before the write lock, not inside the first migration: the import is the
        # slowest step there, and on a loaded machine it can outlast the 3 s other processes
        # wait for the lock (six commands started together on a new cache under a loaded test
        # run: one failed once).
        import sqlite_utils  # noqa: F401
    for number in range(version + 1, len(migrations) + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process started at the same moment may
            # have migrated since (six commands on a new cache: five failed, "table papers
            # already exists").
            (current,) = conn.execute("PRAGMA user_version").fetchone()
            if current < number:
                migrations[number - 1](conn)
                conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return int(version)
