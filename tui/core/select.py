"""One SELECT statement, held as its named parts until it is written out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Select:
    """``SELECT columns FROM tables [WHERE a AND b …] [ORDER BY order] [LIMIT ? OFFSET ?]``.

    ``params`` are every ``?`` of the parts, in the order they appear in the text."""

    columns: str
    tables: str
    where: tuple[str, ...] = ()
    order: str = ""
    paged: bool = False  # ends with LIMIT ? OFFSET ? (their values are the last two params)
    params: tuple[Any, ...] = ()

    def sql(self) -> str:
        text = f"SELECT {self.columns} FROM {self.tables}"
        if self.where:
            text += " WHERE " + " AND ".join(self.where)
        if self.order:
            text += f" ORDER BY {self.order}"
        if self.paged:
            text += " LIMIT ? OFFSET ?"
        return text
