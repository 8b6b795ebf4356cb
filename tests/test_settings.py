"""Settings mean what they say (issue 10, kind 15): each has help text and is read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jamlik.config import Settings, get_settings
from jamlik.errors import ConfigError

SRC = Path(__file__).resolve().parents[1] / "src" / "jamlik"


def test_every_setting_has_help_text_and_is_read_somewhere():
    code = "\n".join(path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")
                     if path.name != "config.py")
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 20, name
        assert re.search(rf"(get_settings\(\)|settings)\.{name}\b", code), \
            f"the setting {name} is read nowhere"


def test_no_secret_key_that_signs_nothing():
    assert "secret_key" not in Settings.model_fields


def test_serve_listens_where_the_settings_say(monkeypatch):
    from jamlik.cli._serve import _address

    monkeypatch.setenv("JAMLIK_HOST", "0.0.0.0")
    monkeypatch.setenv("JAMLIK_PORT", "8411")
    get_settings.cache_clear()
    try:
        assert _address(None, None) == ("0.0.0.0", 8411)
        assert _address("127.0.0.1", 8412) == ("127.0.0.1", 8412)
    finally:
        get_settings.cache_clear()


def test_the_language_setting_chooses_the_cli_language(monkeypatch):
    from jamlik.cli._usage import language

    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("JAMLIK_LANGUAGE", "en")
    get_settings.cache_clear()
    try:
        assert language([]) == "en"
        assert language(["--lang", "sv"]) == "sv"
        monkeypatch.setenv("JAMLIK_LANGUAGE", "de")
        get_settings.cache_clear()
        with pytest.raises(ConfigError, match="inställningen language \(JAMLIK_LANGUAGE\) ska vara sv eller en"):
            language([])
    finally:
        get_settings.cache_clear()
