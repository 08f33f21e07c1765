"""``dailypapers refresh`` and ``search`` against a fake API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

SIGMA = "2607.27958"
FILESYSTEM = "2607.26637"


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_refresh_a_day_then_search(cli: Any) -> None:
    result = cli("refresh", "--date", "2026-07-31")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "2026-07-31: 30 papers: 30 new, 0 updated, 0 unchanged, 0 skipped (1 request"
    )
    seen = [r for r in cli.server.requests if r.path == "/api/daily_papers"]
    assert [r.params for r in seen] == [{"limit": "100", "date": "2026-07-31", "p": "0"}]
    assert seen[0].headers["User-Agent"].startswith("dailypapers/")

    found = cli("search", "memory agents", "--json")
    assert found.exit_code == 0, found.output
    items = json.loads(found.stdout)
    ids = [item["id"] for item in items]
    assert {SIGMA, FILESYSTEM} <= set(ids)
    assert [item["rank"] for item in items] == list(range(1, len(items) + 1))
    day = {
        e["paper"]["id"]
        for e in cli.server.entries
        if e["paper"]["submittedOnDailyAt"].startswith("2026-07-31")
    }
    assert set(ids) <= day
    for item in items:
        assert item["listed_day"] == "2026-07-31"
        assert item["url"] == f"https://huggingface.co/papers/{item['id']}"
        assert item["arxiv_url"] == f"https://arxiv.org/abs/{item['id']}"

    plain = cli("search", "reliability", "memory")
    assert plain.exit_code == 0
    assert SIGMA in plain.stdout and "Σ-Mem" in plain.stdout


def test_refresh_again_counts_what_changed(cli: Any) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    same = cli("refresh", "--date", "2026-07-31")
    assert same.exit_code == 0
    assert same.stdout.startswith("2026-07-31: 30 papers: 0 new, 0 updated, 30 unchanged")
    day = [
        e
        for e in cli.server.entries
        if e["paper"].get("submittedOnDailyAt", "")[:10] == "2026-07-31"
    ]
    for entry in day[:3]:
        entry["paper"]["upvotes"] = entry["paper"].get("upvotes", 0) + 7
    again = cli("refresh", "--date", "2026-07-31")
    assert again.stdout.startswith("2026-07-31: 30 papers: 0 new, 3 updated")


def test_refresh_a_month_follows_pages(cli: Any) -> None:
    result = cli("refresh", "--month", "2024-04")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "2024-04: 199 papers: 199 new, 0 updated, 0 unchanged, 0 skipped"
    )
    assert "(2 requests" in result.stdout
    pages = [r.params["p"] for r in cli.server.requests if r.path == "/api/daily_papers"]
    assert pages == ["0", "1"]  # page 1 has no rel="next"
    day = cli("search", "since:2024-04-08", "until:2024-04-08", "--json", "--limit", "100")
    found = json.loads(day.stdout)
    assert "2404.03648" in [item["id"] for item in found]


def test_refresh_a_week(cli: Any) -> None:
    result = cli("refresh", "--week", "2024-W15")
    assert result.exit_code == 0, result.output
    expected = {
        e["paper"]["id"]
        for e in cli.server.entries
        if "2024-04-08" <= e["paper"]["submittedOnDailyAt"][:10] <= "2024-04-14"
    }
    assert result.stdout.startswith(f"2024-W15: {len(expected)} papers")
    assert cli.server.requests[0].params["week"] == "2024-W15"


def test_backfill_a_small_range_and_resume(cli: Any) -> None:
    result = cli("refresh", "--since", "2024-04-08", "--until", "2024-04-10")
    assert result.exit_code == 0, result.output
    dates = sorted(r.params["date"] for r in cli.server.requests if r.path == "/api/daily_papers")
    assert dates == ["2024-04-08", "2024-04-09", "2024-04-10"]
    assert "Backfill: 3 days to look at" in result.stdout
    assert "Backfill done: 3 fetched, 0 already fresh, 0 failed" in result.stdout
    again = cli("refresh", "--since", "2024-04-08", "--until", "2024-04-10")
    assert again.exit_code == 0
    assert "Backfill done: 0 fetched, 3 already fresh, 0 failed" in again.stdout
    assert len([r for r in cli.server.requests if r.path == "/api/daily_papers"]) == 3


def test_backfill_failure_is_reported(cli: Any) -> None:
    cli.server.fail(503)
    result = cli("refresh", "--since", "2024-04-08", "--until", "2024-04-09")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "2 of 2 could not be fetched" in result.stderr
    assert "run the same command again" in result.stderr


# --- faults: one plain line, non-zero exit, the cache unchanged --------------------------------


@pytest.fixture
def refreshed(cli: Any, cache_dump: Callable[..., Any]) -> dict[str, Any]:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    return cache_dump(cli.cache, exclude=("fetch_log",))


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (lambda s: s.fail(500), "answered HTTP 500 Internal Server Error"),
        (lambda s: s.fail(503, headers={"Retry-After": "0"}), "answered HTTP 503"),
        (lambda s: s.hang(), "did not answer within 0.5 s"),
        (lambda s: s.garbage(), "not valid JSON"),
        (lambda s: s.garbage(b'{"error": "Invalid date"}'), "got an error: Invalid date"),
        (lambda s: s.fail(400, body=b'{"error": "Bad date format"}'), "HTTP 400 Bad Request: Bad"),
        (lambda s: s.fail(429, headers={"Retry-After": "3600"}), "asks to wait 60 min"),
    ],
    ids=["500", "503", "hang", "garbage", "error-object", "400", "429-long"],
)
def test_a_failed_refresh_is_one_line_and_changes_nothing(
    cli: Any,
    refreshed: dict[str, Any],
    cache_dump: Callable[..., Any],
    fault: Callable[[Any], None],
    words: str,
) -> None:
    fault(cli.server)
    result = cli("refresh", "--date", "2026-07-31")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith("dailypapers: refresh of 2026-07-31 failed: ")
    assert words in line
    assert line.endswith("The cache is unchanged.")
    assert result.stdout == ""
    assert cache_dump(cli.cache, exclude=("fetch_log",)) == refreshed


def test_retries_are_reported_then_succeed(
    cli: Any, client_defaults: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    client_defaults(max_tries=3)
    from tui.cli import output

    monkeypatch.setattr(output, "watched", lambda: True)
    cli.server.fail(429, times=1, headers={"Retry-After": "0"})
    cli.server.fail(502, times=1)
    result = cli("refresh", "--date", "2026-07-31")
    assert result.exit_code == 0, result.output
    assert "rate limiting requests (HTTP 429); retrying in 0 s" in result.stderr
    assert "HTTP 502" in result.stderr
    assert result.stdout.startswith("2026-07-31: 30 papers")
    assert len(cli.server.requests) == 3


def test_a_script_sees_only_the_outcome_of_retries(
    cli: Any, client_defaults: Callable[..., None]
) -> None:
    client_defaults(max_tries=3)
    cli.server.fail(502, times=2)
    result = cli("refresh", "--date", "2026-07-31")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("2026-07-31: 30 papers")
    assert len(cli.server.requests) == 3


def test_with_the_server_stopped(cli: Any, refreshed: dict[str, Any]) -> None:
    assert cli("bookmarks", "add", SIGMA).exit_code == 0
    cli.server.stop()
    failed = cli("refresh", "--date", "2026-07-31")
    assert failed.exit_code == 1
    assert "cannot reach 127.0.0.1" in one_line(failed.stderr)
    found = cli("search", "memory", "agents", "--json")
    assert found.exit_code == 0
    assert SIGMA in [item["id"] for item in json.loads(found.stdout)]
    exported = cli("bookmarks", "export", "--format", "json")
    assert exported.exit_code == 0
    assert json.loads(exported.stdout)["bookmarks"][0]["id"] == SIGMA
    assert cli("digest", "--date", "2026-07-31", "--format", "json").exit_code == 0


def test_offline_refuses_refresh(cli: Any) -> None:
    result = cli("--offline", "refresh", "--date", "2026-07-31")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "dailypapers: refresh needs the network, and --offline was given"
    )
    assert cli.server.requests == []


@pytest.mark.parametrize(
    "args",
    [
        ("refresh", "--date", "2026-13-45"),
        ("refresh", "--date", "last tuesday"),
        ("refresh", "--week", "2026-W60"),
        ("refresh", "--month", "2026-13"),
        ("refresh", "--since", "someday"),
        ("refresh", "--since", "2024-04-10", "--until", "2024-04-08"),
        ("refresh", "--until", "2024-04-08"),
        ("refresh", "--date", "2026-07-31", "--month", "2026-07"),
        ("digest", "--date", "31/07/2026"),
        ("bookmarks", "add", "not-an-id"),
        ("bookmarks", "remove", "../../etc/passwd"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(cli: Any, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code != 0
    line = one_line(result.stderr)
    assert "Error" in line or "dailypapers:" in line
    assert cli.server.requests == []


def test_search_with_no_match_says_so_and_exits_1(cli: Any) -> None:
    """As grep: a script can tell that nothing matched."""
    result = cli("search", "nothing-matches-this")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No cached paper matches" in one_line(result.stderr)
    found = cli("search", "zzz", "--json")
    assert json.loads(found.stdout) == [] and found.exit_code == 1


@pytest.mark.parametrize("text", ['"', "NEAR(", "AND OR NOT", "^", "col:", "*", "a" * 300])
def test_search_survives_hostile_queries(cli: Any, text: str) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    result = cli("search", text, "--json")
    assert result.exit_code in (0, 1), result.output  # 1: nothing matched
    assert isinstance(json.loads(result.stdout), list)


def test_search_survives_a_nul_character(cli: Any) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    result = cli("search", "memory\x00", "--json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)


def test_backfill_lines_come_in_date_order_whatever_order_the_days_finish(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four days are fetched at once and finish in any order; their lines are printed newest
    first, as the plan says, not in the order they happened to finish."""
    from tui.core import sync
    from tui.core.dates import Period
    from tui.core.store import IngestSummary

    async def backfill(store: Any, client: Any, start: Any, end: Any, **kwargs: Any) -> Any:
        emit = kwargs["on_event"]
        units = tuple(Period("day", f"2024-04-{day:02d}") for day in (11, 10, 9, 8))
        emit(sync.BackfillEvent("planned", total=4, units=units))
        emit(sync.BackfillEvent("skipped", units[2], total=4))
        for index in (3, 1, 0):  # the oldest finishes first, the newest last
            emit(sync.BackfillEvent("done", units[index], summary=IngestSummary(), total=4))
        return sync.BackfillSummary(planned=4, skipped=1, done=3)

    monkeypatch.setattr(sync, "backfill", backfill)
    result = cli("refresh", "--since", "2024-04-08", "--until", "2024-04-11", "--force")
    assert result.exit_code == 0, result.output
    days = [line.split(":")[0] for line in result.stdout.splitlines()[1:-1]]
    assert days == ["2024-04-11", "2024-04-10", "2024-04-08"]
    assert result.stdout.startswith("Backfill: 4 days to look at, newest first\n")


def test_a_refresh_cut_at_max_pages_is_not_reported_as_complete(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Link rel=next chain past MAX_PAGES read as a complete success; the day stays unfetched.
    monkeypatch.setattr("tui.core.api.MAX_PAGES", 3)  # 3 pages say it as well as 30
    cli.server.entries = [
        {"paper": {"id": f"2607.{n:05d}", "submittedOnDailyAt": "2026-07-31T08:00:00.000Z"}}
        for n in range(1, 402)
    ]
    result = cli("refresh", "--date", "2026-07-31")
    assert result.exit_code == 1
    assert "2026-07-31: 300 papers" in result.stdout
    assert one_line(result.stderr) == (
        "dailypapers: refresh of 2026-07-31 stopped after 3 pages while the server offered "
        "more; what came is saved, the rest is not — the next refresh tries the whole view again"
    )
    again = cli("refresh", "--date", "2026-07-31")  # not fresh: asked again, whole
    assert again.exit_code == 1
    assert len([r for r in cli.server.requests if r.path == "/api/daily_papers"]) == 6
