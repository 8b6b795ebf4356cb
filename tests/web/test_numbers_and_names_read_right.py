"""Charts and tables that read right (issue 10, kind 14, in part): no "−0,000" for a value
that rounds to zero, and area names without SCB's machine prefix ("RegSO-...")."""

from __future__ import annotations

import pytest

from jamlik.ingest import plain_area_name
from jamlik.web._tables import number

pytestmark = pytest.mark.xdist_group("web")


@pytest.mark.parametrize(("value", "digits", "lang", "text"), [
    (-0.0001, 3, "sv", "0,000"), (-0.0, 1, "sv", "0,0"), (-0.04, 1, "sv", "0,0"),
    (-0.0004, 3, "en", "0.000"), (-0.05, 1, "sv", "−0,1"), (-1234.56, 1, "sv", "−1\u202f234,6"),
])
def test_a_value_that_rounds_to_zero_has_no_sign(value, digits, lang, text):
    assert number(value, digits, lang) == text


def test_area_names_lose_the_machine_prefix():
    assert plain_area_name("RegSO-Almvik norr-Lindängen norr") == "Almvik norr-Lindängen norr"
    assert plain_area_name("DeSO_Centrum") == "Centrum"
    assert plain_area_name("Angered centrum-Agnesberg") == "Angered centrum-Agnesberg"
    assert plain_area_name("RegSOvägen") == "RegSOvägen"


def test_malmos_districts_are_listed_by_their_names(client):
    """Malmö's boundary file says "RegSO-Augustenborg"; the pages say "Augustenborg"."""
    from jamlik.web._data import sub_areas

    names = list(sub_areas(client.app.state.engine, "1280")["name"])
    assert names and not any(name.startswith("RegSO") for name in names)
    assert "Augustenborg" in names
