"""Generated findings: the verb follows the verdict, never the other way round."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.reports import gap_finding
from jamlik.stats import gap_verdict

WORDS = {"sv": {"closing": "minskar", "widening": "ökar", "none": "ingen påvisbar förändring"},
         "en": {"closing": "is closing", "widening": "is widening",
                "none": "no detectable change"}}
NUMBER = re.compile(r"−?\d[\d\u00a0,.]*\d|−?\d")


def _series(values, ses) -> pd.DataFrame:
    starts = np.arange(len(values)) * 4 + 2009
    return pd.DataFrame({"measure": "SII", "value": values, "se": ses,
                         "start_date": starts, "end_date": starts + 3,
                         "period": [f"{s}–{s + 3}" for s in starts]})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(-30, 30), min_size=2, max_size=5),
       st.lists(st.floats(0.05, 5), min_size=5, max_size=5),
       st.sampled_from(["sv", "en"]))
def test_the_words_match_the_verdict_and_every_number_is_listed(values, ses, lang):
    verdict = gap_verdict(_series(values, ses[:len(values)])).iloc[0]
    code = verdict["verdict"]
    finding = gap_finding("F1", indicator="gymnasiebehörighet", measure="SII",
                          unit="procentenheter", first=verdict["periods"][0],
                          last=verdict["periods"][-1], verdict=code,
                          slope=verdict["value"], lower=verdict["lower"],
                          upper=verdict["upper"], reason=verdict["reason"], lang=lang)
    assert finding.verdict == code
    crosses = code == "none" and not verdict["lower"] <= 0 <= verdict["upper"]
    for other, word in WORDS[lang].items():
        assert (word in finding.text) == (other == code and not crosses), (code, finding.text)
    if crosses:  # a significant slope through zero: neither closing nor widening
        assert ("inte sägas minska eller öka" if lang == "sv" else "cannot be said to close "
                "or widen") in finding.text
    # every number the sentence quotes, apart from the years of its periods, is listed
    quoted = [n for n in NUMBER.findall(finding.text) if not re.fullmatch(r"(19|20)\d\d", n)
              and n != "95"]
    assert sorted(quoted) == sorted(finding.numbers)
    assert not re.search(r"[−-]0([,.]0+)?(?![\d,.])", finding.text)  # no negative zero


def test_a_closing_gap_in_swedish():
    finding = gap_finding("F7", indicator="gymnasiebehörighet", measure="SII",
                          unit="procentenheter", first="2013–2016", last="2021–2024",
                          verdict="closing", slope=-0.42, lower=-0.71, upper=-0.13,
                          latest=("2021–2024", 18.26, 14.1, 22.4))
    assert finding.text == (
        "Skillnaden mellan områdena i gymnasiebehörighet minskar: SII ändrades med −0,42 "
        "procentenheter per år från 2013–2016 till 2021–2024 (95 % KI −0,71 till −0,13). Senast "
        "(2021–2024) var SII 18,3 procentenheter (95 % KI 14,1 till 22,4).")
    assert finding.numbers == ("−0,42", "−0,71", "−0,13", "18,3", "14,1", "22,4")


@pytest.mark.parametrize(("verdict", "interval", "message"), [
    ("closing", (-0.1, 0.3), "verdict='closing' stämmer inte med intervallet"),
    ("widening", (-0.3, 0.3), "verdict='widening' stämmer inte med intervallet"),
    ("widening", (None, 0.3), "verdict='widening' kräver slope, lower och upper som tal"),
    ("shrinking", (0.1, 0.3), "verdict måste vara en av closing, widening, none eller None"),
])
def test_a_verdict_the_interval_contradicts_is_refused(verdict, interval, message):
    lower, upper = interval
    with pytest.raises(ArgumentError, match=message):
        gap_finding("F1", indicator="x", measure="SII", unit="enheter", first="a", last="b",
                    verdict=verdict, slope=0.2, lower=lower, upper=upper)
