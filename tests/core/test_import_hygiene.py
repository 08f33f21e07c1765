"""tui/core never imports Textual (nor anything of the app): checked in a fresh interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import tui.core

SCRIPT = """
import importlib, json, pkgutil, sys
import tui.core
names = sorted(m.name for m in pkgutil.iter_modules(tui.core.__path__, "tui.core."))
for name in names:
    importlib.import_module(name)
print(json.dumps({
    "imported": names,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
    "app": sorted(m for m in sys.modules if m.startswith("tui.app")),
}))
"""

EXPECTED = {
    "api",
    "dates",
    "db",
    "export",
    "library",
    "models",
    "parse",
    "query",
    "schema",
    "search",
    "store",
    "sync",
    "text",
    "views",
}


def test_core_imports_no_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    found = json.loads(done.stdout)
    assert {name.rsplit(".", 1)[-1] for name in found["imported"]} >= EXPECTED
    assert found["textual"] == []
    assert found["app"] == []


def test_every_core_module_is_checked() -> None:
    names = {m.name for m in pkgutil.iter_modules(tui.core.__path__)}
    assert names >= EXPECTED


def test_the_app_process_collects_less_while_it_runs():
    """The objects that live as long as the app are frozen out of full collections, and full
    collections are rarer (each one walked every object: 60-100 ms on a keystroke)."""
    import sys

    code = (
        "import gc; from tui.launch import collect_less_while_running as c; "
        "before = gc.get_threshold(); c(); "
        "print(gc.get_freeze_count() > 1000, gc.get_threshold()[2] > before[2])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True"], done.stderr


def test_the_site_and_the_first_day_are_written_once() -> None:
    """The Hugging Face site (models.HF_SITE) and the first Daily Papers day (dates.FIRST_DAY)
    are one constant each: written seven times over, one copy would be missed by a change."""
    import ast
    from pathlib import Path

    root = Path(tui.core.__file__).parent.parent
    found: dict[str, list[str]] = {"https://huggingface.co": [], "2023-05-04": []}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in found:
                found[node.value].append(str(path.relative_to(root)))
    assert found == {"https://huggingface.co": ["core/models.py"], "2023-05-04": []}
