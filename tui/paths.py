"""Where dailypapers keeps its files: one module, overridable for tests and by the user.

- cache and library: the platform's user data directory (``--db PATH`` / ``DAILYPAPERS_DB``
  move the cache; the library always sits beside it);
- config: the platform's config directory (``DAILYPAPERS_CONFIG`` overrides the file);
- session state (last view, theme, last visit): beside the library.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "dailypapers"
PRIVATE_FILE = 0o600  # the library holds notes: the app's files are its user's alone
PRIVATE_FOLDER = 0o700
_SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's files beside a database


def _data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def _config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a new file beside it, then a rename, so a crash or a
    full disk mid-write leaves the previous file, never half of one. The new file has a name
    nobody can guess (a planted link at a predictable one was followed) and the mode of the
    file it replaces (an export over a 0600 file left it 0644); a new file is 0600."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = PRIVATE_FILE
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


SETTINGS_FILE_LIMIT = 1024 * 1024  # the config and the session: a few hundred bytes each


def read_user_file(path: Path, limit: int) -> bytes:
    """The bytes of a file the user names or keeps (the config, the session, an import), at
    most ``limit`` of them. Only a regular file is read: ``/dev/zero`` read gigabytes, and a
    FIFO blocked the app before it painted. Every refusal is an OSError whose ``strerror`` is
    a plain phrase (``not a regular file``, ``larger than 1 MB``); a missing file raises
    FileNotFoundError as ``open`` does."""
    # Looked at before it is opened: opening a FIFO blocks, and a device may act on open.
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise _not_regular(path)
    # Opened without blocking and looked at again: a FIFO put in its place meanwhile cannot
    # hang the read.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_regular(path)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"it is larger than {_size_words(limit)}", str(path))
    return data


def _not_regular(path: Path) -> OSError:
    what = "a folder" if path.is_dir() else "not a regular file (a device or a pipe)"
    return OSError(errno.EINVAL, f"it is {what}", str(path))


def _size_words(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def describe_os_error(error: OSError) -> str:
    """An OSError's reason in words; a full disk says so (ENOSPC read "No space left on
    device" in one place and "disk I/O error" in another)."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full; free some space and try again"
    return error.strerror or str(error)


def private_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) if missing; the folder itself readable by its owner
    only, since it holds notes."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=PRIVATE_FOLDER, exist_ok=True)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (SQLite would make it 0644)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass


def library_beside(cache: Path) -> Path:
    """``cache.db`` → ``library.db``; any other ``NAME.db`` → ``NAME.library.db`` beside it."""
    if cache.name == "cache.db":
        return cache.with_name("library.db")
    return cache.with_name(f"{cache.stem}.library{cache.suffix or '.db'}")


@dataclass(frozen=True, slots=True)
class Paths:
    cache: Path
    library: Path
    config: Path
    state: Path
    # The files are in the app's own data folder (no --db, no DAILYPAPERS_DB): a garbled
    # file there is a damaged one of ours, never someone else's to refuse.
    own_folder: bool = False

    def owns(self, path: Path) -> bool:
        """Whether ``path`` is (or links to) one of the app's own files: the cache, the
        library, their -wal, -shm and -journal files, the session or the config. An export
        written over one of them wiped the library it exported."""
        own = [self.config, self.state]
        for database in (self.cache, self.library):
            own += [database, *(database.with_name(database.name + s) for s in _SIDE_FILES)]
        target = os.path.realpath(path)
        for candidate in own:
            if os.path.realpath(candidate) == target:
                return True
            try:
                if os.path.samefile(candidate, path):  # a hard link to it
                    return True
            except OSError:
                pass
        return False

    @staticmethod
    def chosen_cache_problem(db: str | os.PathLike[str] | None = None) -> str | None:
        """What is wrong with a cache path the user gave (--db, DAILYPAPERS_DB), if anything:
        a folder, or (for --db) a file in a folder that does not exist: a typo should not
        create folders. DAILYPAPERS_DB, set once on purpose, has its folder made."""
        if db is not None and not str(db).strip():
            return "--db needs a file name (an empty one meant the default cache, silently)"
        chosen = db or os.environ.get("DAILYPAPERS_DB")
        if not chosen:
            return None
        where = "--db" if db else "DAILYPAPERS_DB"
        path = Path(chosen).expanduser().absolute()
        if path.is_dir():
            return f"{path} is a folder; {where} takes a file, like {path / 'cache.db'}"
        if db and not path.parent.is_dir():  # typed on this command line: likely a typo
            return f"the folder {path.parent} does not exist (from --db); create it first"
        return None

    @classmethod
    def resolve(cls, db: str | os.PathLike[str] | None = None) -> Paths:
        chosen = db or os.environ.get("DAILYPAPERS_DB")
        cache = Path(chosen).expanduser() if chosen else _data_dir() / "cache.db"
        cache = cache.absolute()
        library = library_beside(cache)
        config_env = os.environ.get("DAILYPAPERS_CONFIG")
        config = Path(config_env).expanduser() if config_env else _config_dir() / "config.toml"
        state = library.with_name(library.stem.replace("library", "state") + ".json")
        if state == library.with_suffix(".json"):
            state = library.with_name(library.stem + ".state.json")
        return cls(
            cache=cache,
            library=library,
            config=config.absolute(),
            state=state,
            own_folder=not chosen,
        )
