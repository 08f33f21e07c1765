"""The user's Hugging Face token, found where the Hugging Face tools keep it (API2.md §4).

The order is ``huggingface_hub``'s (``utils/_auth.py`` ``get_token``): ``HF_TOKEN``, then
``HUGGING_FACE_HUB_TOKEN``, then the token file at ``HF_TOKEN_PATH`` (which replaces the default,
with no fallback), else ``$HF_HOME/token``, ``HF_HOME`` defaulting to
``${XDG_CACHE_HOME:-~/.cache}/huggingface``. A value is trimmed; an empty one counts as unset.
With ``HF_HUB_DISABLE_IMPLICIT_TOKEN`` truthy the token is found but not sent on reads; with
``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) truthy nothing touches the network.

The files are only read, never written (``hf auth login`` owns them). The token itself is
never part of a repr, a str or a message: only where it came from is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

TRUTHY = frozenset({"1", "ON", "YES", "TRUE"})  # huggingface_hub's constants._is_true
TOKEN_FILE_LIMIT = 4096  # a token is under 100 characters; an OAuth one well under 4 KB


def is_truthy(value: str | None) -> bool:
    return value is not None and value.strip().upper() in TRUTHY


def _clean(value: str | None) -> str | None:
    """Surrounding whitespace removed, as ``huggingface_hub``'s ``_clean_token`` does (a
    trailing newline from ``echo hf_… > token``); an empty value is no token. A line break
    inside is kept, so that HFClient names the mistake (two tokens pasted one after the
    other)."""
    if value is None:
        return None
    return value.strip() or None


def hf_home(env: Mapping[str, str]) -> Path:
    cache = env.get("XDG_CACHE_HOME") or "~/.cache"
    home = env.get("HF_HOME") or os.path.join(cache, "huggingface")
    return Path(os.path.expandvars(os.path.expanduser(home)))


def token_path(env: Mapping[str, str]) -> Path:
    """Where ``hf auth login`` keeps the active token: ``HF_TOKEN_PATH`` when set (it replaces
    the default), else ``$HF_HOME/token``; the staging Hub's own file when
    ``HUGGINGFACE_CO_STAGING`` is truthy, as in ``huggingface_hub``."""
    if is_truthy(env.get("HUGGINGFACE_CO_STAGING")):
        return Path(os.path.expanduser("~/.cache/huggingface_staging/token"))
    given = env.get("HF_TOKEN_PATH")
    if given:
        return Path(os.path.expandvars(os.path.expanduser(given)))
    return hf_home(env) / "token"


def hub_offline(env: Mapping[str, str] | None = None) -> bool:
    """Whether ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) asks for no network at all."""
    env = os.environ if env is None else env
    return is_truthy(env.get("HF_HUB_OFFLINE") or env.get("TRANSFORMERS_OFFLINE"))


@dataclass(frozen=True, slots=True)
class FoundToken:
    """A token and where it was found. ``value`` is left out of repr and str."""

    value: str = field(repr=False)
    source: str  # "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN" or the token file's path
    from_file: bool = False
    # HF_HUB_DISABLE_IMPLICIT_TOKEN: found, but not sent with reads.
    implicit_disabled: bool = False

    def __str__(self) -> str:
        return self.where()

    @property
    def sendable(self) -> bool:
        """Whether reads carry it."""
        return not self.implicit_disabled

    def where(self) -> str:
        """Where it came from, in words: ``the token file /home/a/.cache/huggingface/token``."""
        return f"the token file {self.source}" if self.from_file else self.source

    def status(self) -> str:
        """What ``dailypapers --paths`` says of it (never the token)."""
        words = f"found in {self.where()}"
        if self.implicit_disabled:
            words += " (not sent: HF_HUB_DISABLE_IMPLICIT_TOKEN is set)"
        return words


def find_token(env: Mapping[str, str] | None = None) -> FoundToken | None:
    """The user's token as ``huggingface_hub`` finds it; None when there is none (or the token
    file cannot be read)."""
    env = os.environ if env is None else env
    disabled = is_truthy(env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"))
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = _clean(env.get(name))
        if value:
            return FoundToken(value, name, implicit_disabled=disabled)
    path = token_path(env)
    value = _clean(_read_token_file(path))
    if value:
        return FoundToken(value, str(path), from_file=True, implicit_disabled=disabled)
    return None


def _read_token_file(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            data = file.read(TOKEN_FILE_LIMIT + 1)
    except OSError:  # missing, a folder, not readable: no token, as for huggingface_hub
        return None
    if len(data) > TOKEN_FILE_LIMIT:
        return None  # not a token file
    return data.decode("utf-8", errors="replace")
