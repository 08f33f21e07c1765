"""``dailypapers watch`` and ``digest --watch``: watches kept in the library, a bad query
refused in the parser's words, and a digest that prints the new papers once."""

from __future__ import annotations

import json
from typing import Any


def test_watch_add_list_remove_and_a_refused_query(cli: Any) -> None:
    assert cli("watch", "add", "mem", "memory agents").exit_code == 0
    changed = cli("watch", "add", "MEM", "memory")  # a name in any case is the same watch
    assert changed.stdout.strip() == "Changed “mem”: memory (was: memory agents)"
    assert cli("watch", "add", "mem", "memory").stdout.startswith("Already watching “mem”")
    refused = cli("watch", "add", "bad", "upvotes>lots")
    assert refused.exit_code == 2
    assert "upvotes compares with a whole number" in refused.stderr
    (cli.root / "config.toml").write_text('[watch]\nvideo = "kw:video"\n')
    listed = json.loads(cli("watch", "list", "--json").stdout)
    assert [(w["name"], w["from_config"]) for w in listed] == [("video", True), ("mem", False)]
    kept = cli("watch", "remove", "video")
    assert kept.exit_code == 1 and "config file" in kept.stderr
    assert cli("watch", "remove", "mem").exit_code == 0
    assert cli("watch", "list").stdout.splitlines() == ["video  kw:video  (config file)"]
    assert cli("cache", "clear").exit_code == 0
    assert "video" in cli("watch", "list").stdout


def test_digest_watch_prints_new_papers_once(cli: Any) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    assert cli("watch", "add", "memory", "memory").exit_code == 0
    # Listed before the watch was made: not new; the digest remembers its time.
    first = cli("--offline", "digest", "--watch")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Nothing new for your watches since")
    assert cli("refresh", "--date", "2026-06-12").exit_code == 0
    second = cli("--offline", "digest", "--watch")
    assert second.stdout.startswith("# New for your watches — since ")
    assert "   Watch: memory" in second.stdout
    third = cli("--offline", "digest", "--watch")
    assert len(third.stdout.splitlines()) == 1 and "Nothing new" in third.stdout
    # --since overrides the memory (and leaves it as it was).
    given = json.loads(
        cli("--offline", "digest", "--watch", "--since", "2026-07-31", "--json").stdout
    )
    assert given["count"] > 0 and all(p["watches"] == ["memory"] for p in given["papers"])
    assert all(p["listed_day"] >= "2026-07-31" for p in given["papers"])
    assert "Nothing new" in cli("--offline", "digest", "--watch").stdout


def test_a_library_export_carries_watches_back_in(cli: Any, tmp_path: Any) -> None:
    assert cli("watch", "add", "mem", "memory agents").exit_code == 0
    out = tmp_path / "library.json"
    assert cli("library", "export", "-o", str(out)).exit_code == 0
    document = json.loads(out.read_text())
    assert [(w["name"], w["query"]) for w in document["watches"]] == [("mem", "memory agents")]
    document["watches"].append({"name": "bad", "query": "since:2026-02-31"})
    out.write_text(json.dumps(document))
    assert cli("watch", "remove", "mem").exit_code == 0
    imported = cli("library", "import", str(out))
    assert "Imported 1 new watch." in imported.stderr
    assert "skipped watch “bad”: since: 2026-02-31 is not a real date" in imported.stderr
    assert cli("watch", "list").stdout.split() == ["mem", "memory", "agents"]
