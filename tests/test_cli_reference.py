"""docs/cli.md is what the commands' --help says (issue 10, kind 12: docs that are true)."""

from __future__ import annotations

from jamlik.cli._reference import DOC, markdown


def test_the_checked_in_cli_reference_is_generated_from_help():
    assert DOC.read_text(encoding="utf-8") == markdown(), \
        "docs/cli.md is stale: run python -m jamlik.cli._reference"


def test_the_reference_lists_every_command_and_its_flags():
    text = markdown()
    for command in ("jamlik import", "jamlik export", "jamlik followup status",
                    "jamlik report annual", "jamlik inequality"):
        assert f"## `{command}`" in text
    assert "| `-o`, `--output` |" in text and "<bool>" not in text
