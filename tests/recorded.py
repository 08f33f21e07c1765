"""The recorded Papers API bodies of ``fixtures/hf_api``: their names and how to read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "hf_api"
PAPERS_MD = Path(__file__).parent / "fixtures" / "papers_md"  # full texts, as /papers/{id}.md
MONTH_P0 = "daily_papers__month-2024-04__sort-publishedAt__limit100__p0.json"
MONTH_P1 = "daily_papers__month-2024-04__sort-publishedAt__limit100__p1.json"
DAY_0731 = "daily_papers__limit30__2026-07-31.json"
DAY_0612 = "daily_papers__limit30__2026-06-12.json"
SUBSET_0731 = "daily_papers__date-2026-07-31__subset5.json"
LEGACY = "daily_papers__2024-10-25__legacy-shape__first4.json"
SEARCH_KAZAKH = "papers_search__q-kazakh.json"
SEARCH_LLAMA = "papers_search__q-llama-3-herd.json"
PAPER_FILES = ("papers__2605.06554.json", "papers__2605.13301.json", "papers__2605.15320.json")


def load_fixture(name: str) -> Any:
    """A recorded response body, freshly decoded (callers may mutate it)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def listing_day(entry: dict[str, Any]) -> str:
    return ((entry.get("paper") or {}).get("submittedOnDailyAt") or "")[:10]


def default_entries() -> list[dict[str, Any]]:
    """Every dated recorded daily entry: April 2024 (pages 0 and 1, in order), 2026-06-12 and
    2026-07-31. Serving April as one list sliced by 100 gives exactly the recorded pages."""
    entries: list[dict[str, Any]] = []
    for name in (MONTH_P0, MONTH_P1, DAY_0612, DAY_0731):
        entries.extend(load_fixture(name))
    return entries
