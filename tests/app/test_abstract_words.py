"""What the abstract pane says when a paper has no abstract: Hugging Face's gap or the cache's."""

from __future__ import annotations

from app_support import abstract_text

from tui.core.models import Listing, Paper


def make_paper(paper_id: str, **fields) -> Paper:
    values = {"title": f"Paper {paper_id}", "upvotes": 1, "listed_day": "2026-07-31"}
    return Paper(id=paper_id, **{**values, **fields})


async def test_a_fetched_paper_without_an_abstract_says_hugging_face_has_none(
    store, library, make_app
):
    bare = make_paper("2607.00001", abstract=None, upvotes=9)
    store.ingest([bare], [Listing(bare.id, "2026-07-31")], view="day:2026-07-31")
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = abstract_text(app)
        assert "No abstract on Hugging Face for this paper." in text
        assert "in the cache" not in text


async def test_a_kept_paper_the_cache_lacks_says_the_cache_has_no_abstract(
    store, library, make_app
):
    kept = make_paper("2607.00002", abstract=None, title="Kept while offline")
    library.add_bookmark(kept.id, kept)  # the library's copy only: never in this cache
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        await pilot.pause()
        text = abstract_text(app)
        assert "Kept while offline" in text
        assert "(No abstract in the cache.)" in text
        assert "on Hugging Face" not in text
