"""The token found as huggingface_hub finds it (tui/core/hub_token.py, API2.md §4)."""

from __future__ import annotations

from pathlib import Path

from tui.core.hub_token import find_token, hub_offline, token_path


def test_the_environment_comes_first_then_the_legacy_name_then_the_file(tmp_path: Path) -> None:
    file = tmp_path / "token"
    file.write_text("hf_file\n")
    env = {"HF_TOKEN_PATH": str(file)}
    found = find_token(env)
    assert found is not None and (found.value, found.source) == ("hf_file", str(file))
    assert found.from_file
    found = find_token({**env, "HUGGING_FACE_HUB_TOKEN": " hf_legacy "})
    assert found is not None and (found.value, found.source) == (
        "hf_legacy",
        "HUGGING_FACE_HUB_TOKEN",
    )
    found = find_token({**env, "HUGGING_FACE_HUB_TOKEN": "hf_legacy", "HF_TOKEN": "hf_env"})
    assert found is not None and (found.value, found.source) == ("hf_env", "HF_TOKEN")
    # An empty value counts as unset, as in huggingface_hub.
    found = find_token({**env, "HF_TOKEN": "  "})
    assert found is not None and found.value == "hf_file"


def test_the_token_file_is_under_hf_home_or_the_xdg_cache_and_hf_token_path_replaces_it(
    tmp_path: Path,
) -> None:
    assert token_path({"HF_HOME": str(tmp_path)}) == tmp_path / "token"
    assert token_path({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "huggingface" / "token"
    assert token_path({}) == Path.home() / ".cache" / "huggingface" / "token"
    given = tmp_path / "elsewhere"
    assert token_path({"HF_HOME": str(tmp_path), "HF_TOKEN_PATH": str(given)}) == given
    (tmp_path / "token").write_text("hf_home")
    # HF_TOKEN_PATH replaces the default: no fallback to $HF_HOME/token.
    assert find_token({"HF_HOME": str(tmp_path), "HF_TOKEN_PATH": str(given)}) is None
    found = find_token({"HF_HOME": str(tmp_path)})
    assert found is not None and found.value == "hf_home"


def test_the_token_never_shows_and_the_implicit_switch_keeps_it_off_reads(tmp_path: Path) -> None:
    found = find_token({"HF_TOKEN": "hf_secret", "HF_HUB_DISABLE_IMPLICIT_TOKEN": "yes"})
    assert found is not None and not found.sendable
    for text in (repr(found), str(found), found.status()):
        assert "hf_secret" not in text
    assert found.status() == "found in HF_TOKEN (not sent: HF_HUB_DISABLE_IMPLICIT_TOKEN is set)"
    sendable = find_token({"HF_TOKEN": "hf_secret", "HF_HUB_DISABLE_IMPLICIT_TOKEN": "0"})
    assert sendable is not None and sendable.sendable


def test_offline_follows_hf_hub_offline_and_transformers_offline() -> None:
    assert hub_offline({"HF_HUB_OFFLINE": "1"})
    assert hub_offline({"TRANSFORMERS_OFFLINE": "TRUE"})
    assert not hub_offline({"HF_HUB_OFFLINE": "0"})
    assert not hub_offline({})
