"""Arriaga's decomposition reproduces two published worked examples.

1. Age: Ponnapalli KM. A comparison of different methods for decomposition of changes
   in expectation of life at birth and differentials in life expectancy at birth.
   Demographic Research 2005;12(7):141-172, doi:10.4054/DemRes.2005.12.7, section 2.2
   and Appendix I: US females, life tables of 1935 and 1995 (Bell, Wade and Goss 1992,
   as in Preston, Heuveline and Guillot 2001, box 3.4), l_x and e_x at ages 0, 5, 15,
   25, 45, 65 and 85+, and Arriaga's symmetrical total effect per age group
   (3.85, 0.73, 1.01, 2.55, 3.31, 3.66, 0.57 years; e_0 63.32 -> 79.00). The symmetrical
   form is the mean of the one-way decomposition 1935->1995 and the negated one
   1995->1935, so both directions of :func:`arriaga_contributions` are checked.
   The table and the published figures were read as transcribed in the test suite of
   the CRAN package decompositionLE (herts-phei, test-decomp_age.R), which checks its
   own implementation against the paper.
2. Cause: Preston SH, Heuveline P, Guillot M. Demography: measuring and modeling
   population processes. Blackwell 2001, box 4.3: India and China, males 1990 (Murray
   and Lopez 1996), death rates by age and the share of deaths from communicable,
   non-communicable diseases and injuries; the age contributions nDx and the published
   split by cause (as transcribed in decompositionLE's data-raw and test-decomp_disease.R).
"""

from __future__ import annotations

import numpy as np
import pytest

from jamlik.stats import arriaga_contributions, cause_contributions

AGES = [0, 5, 15, 25, 45, 65, 85]
# Ponnapalli 2005, Appendix I (ages 0, 5, 15, 25, 45, 65, 85 of the abridged tables)
L_1935 = [1.00000, 0.93887, 0.92613, 0.90341, 0.82368, 0.60779, 0.12281]
E_1935 = [63.32, 62.39, 53.19, 44.38, 27.61, 13.21, 4.49]
L_1995 = [1.00000, 0.99179, 0.98999, 0.98524, 0.96298, 0.85504, 0.41424]
E_1995 = [79.00, 74.65, 64.78, 55.06, 36.06, 19.00, 6.62]
PUBLISHED_TOTAL = [3.85, 0.73, 1.01, 2.55, 3.31, 3.66, 0.57]


def _columns(survivors, expectancy):
    """l_x, L_x and T_x of a life table given by l_x and e_x: T_x = l_x e_x."""
    l = np.array(survivors)
    big_t = l * np.array(expectancy)
    big_l = np.append(big_t[:-1] - big_t[1:], big_t[-1])
    return l, big_l, big_t


def test_ponnapalli_us_females_1935_1995_by_age():
    forward = arriaga_contributions(*_columns(L_1935, E_1935), *_columns(L_1995, E_1995))
    backward = arriaga_contributions(*_columns(L_1995, E_1995), *_columns(L_1935, E_1935))
    assert forward.sum() == pytest.approx(79.00 - 63.32, abs=1e-9)
    assert backward.sum() == pytest.approx(63.32 - 79.00, abs=1e-9)
    symmetric = (forward - backward) / 2
    # each total is published as the sum of its direct, indirect and interaction effects
    # rounded to two decimals (25-44: 0.58 + 1.99 - 0.02 = 2.55), so it may be off by up
    # to three half-units of the last place
    np.testing.assert_allclose(symmetric, PUBLISHED_TOTAL, atol=0.015 + 1e-9)
    # the open interval has only a direct effect: l_85 (e_85(1995) - e_85(1935)) one way
    assert forward[-1] == pytest.approx(0.12281 * (6.62 - 4.49))


# Preston, Heuveline and Guillot 2001, box 4.3 (India = population 1, China = 2)
RATES_INDIA = np.array([0.0267, 0.0025, 0.0021, 0.0043, 0.0139, 0.0388, 0.0929])
RATES_CHINA = np.array([0.0084, 0.0009, 0.0015, 0.0028, 0.0102, 0.0342, 0.1003])
SHARES_INDIA = np.array([[0.882, 0.504, 0.382, 0.429, 0.304, 0.248, 0.247],
                         [0.073, 0.188, 0.223, 0.315, 0.592, 0.722, 0.728],
                         [0.046, 0.309, 0.394, 0.257, 0.104, 0.030, 0.025]])
SHARES_CHINA = np.array([[0.677, 0.174, 0.068, 0.101, 0.095, 0.070, 0.084],
                         [0.174, 0.337, 0.380, 0.573, 0.796, 0.879, 0.877],
                         [0.149, 0.488, 0.552, 0.326, 0.109, 0.051, 0.039]])
BY_AGE = np.array([5.6, 0.8, 0.3, 0.6, 0.8, 0.3, -0.3])
PUBLISHED_BY_CAUSE = np.array([[5.5, 0.6, 0.4, 0.6, 0.7, 0.5, 0.7],
                               [0.1, 0.1, -0.1, -0.1, 0.0, -0.1, -0.9],
                               [0.0, 0.2, 0.0, 0.1, 0.1, 0.0, -0.1]])


def test_preston_box_4_3_india_china_by_cause():
    split = cause_contributions(BY_AGE, RATES_INDIA * SHARES_INDIA, RATES_CHINA * SHARES_CHINA)
    np.testing.assert_allclose(split.sum(axis=0), BY_AGE, atol=0.02)  # shares sum to ~1
    # results are published to one decimal (half a unit) and so is each age total used
    # as input, whose rounding moves a cause by its share of the age's contribution
    # (at 70+, where causes pull both ways, twice the total's rounding)
    shares = np.abs(split / BY_AGE)
    tolerance = 0.05 + 0.05 * shares + 1e-9
    assert (np.abs(split - PUBLISHED_BY_CAUSE) <= tolerance).all(), split.round(2)
    # the largest item, infectious diseases in infancy, to the published decimal
    assert round(float(split[0, 0]), 1) == 5.5
