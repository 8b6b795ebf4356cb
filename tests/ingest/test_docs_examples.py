"""The import documentation says what the importer does (issue 10, kind 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jamlik.errors import InputError
from jamlik.ingest import COLUMNS, parse_file

DOC = Path(__file__).parents[2] / "docs" / "import-formats.md"


def documented_defaults() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"^\s*\| `([0-9A-Z]+)` \| ([^|]+?) \|$", text, flags=re.M)


def test_the_documented_columns_are_the_importers_columns():
    text = DOC.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \| (\w+) \| (yes)? ?\|", text, flags=re.M)
    assert [name for name, _type, _req in documented] == [c.name for c in COLUMNS]
    assert {name for name, _type, req in documented if req} == {"indicator", "area_code",
                                                                  "period"}


@pytest.mark.parametrize("code, version", documented_defaults())
def test_each_documented_default_area_version_is_what_the_importer_does(tmp_path, code, version):
    path = tmp_path / "bare.csv"
    path.write_text(f"indicator,area_code,period,value\nind_a,{code},2024,1.5\n",
                    encoding="utf-8")
    if version.startswith("refused"):
        with pytest.raises(InputError, match=f"vet inte vilken områdesindelning '{code}'"):
            parse_file(path)
    else:
        assert parse_file(path)[2]["area_version"].tolist() == [version]


def test_the_table_lists_the_case_found_by_trying_the_product():
    assert ("1480R001", "refused: RegSO_2020 or RegSO_2025?") in documented_defaults()


def test_the_message_names_the_option_in_the_callers_interface(tmp_path):
    """A Python caller is not told about --area-version, a CLI user is."""
    path = tmp_path / "regso.csv"
    path.write_text("indicator,area_code,period,value\nind_a,1480R001,2024,1.5\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert "--area-version" not in str(caught.value)
    assert "ange kolumnen area_version eller argumentet area_version (t.ex." in str(caught.value)
    assert "eller --area-version (t.ex." in caught.value.message("cli")
    web = caught.value.message("web", {"area_version": "Områdesindelning"})
    assert "eller fältet 'Områdesindelning' (t.ex." in web
