"""Demand spread inside each area: points inside the boundary, population kept, repeatable."""

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.place import access_by_area, spread_points

X0, Y0 = 319_000.0, 6_399_000.0


def _areas(populations):
    return pd.DataFrame({"id": [f"A{k}" for k in range(len(populations))],
                         "x": X0, "y": Y0, "weight": populations, "name": "n"})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(50, 4000), st.integers(50, 4000),
                          st.booleans()), min_size=1, max_size=4),
       st.sampled_from([5.0, 10.0, 37.5]), st.integers(1, 60))
def test_points_lie_inside_and_keep_the_population(specs, per_point, most):
    shapes, populations = {}, []
    for k, (population, width, height, ring) in enumerate(specs):
        box = shapely.box(X0 + 10_000 * k, Y0, X0 + 10_000 * k + width, Y0 + height)
        if ring:  # a hole in the middle: points must avoid it
            box = box.difference(box.buffer(-min(width, height) / 4))
        shapes[f"A{k}"] = box
        populations.append(float(population))
    areas = _areas(populations)
    points = spread_points(areas, shapes, per_point=per_point, max_points=most, seed=7)
    for k, population in enumerate(populations):
        mine = points[points["area"] == f"A{k}"]
        expected = int(np.clip(round(population / per_point), 1, most))
        assert len(mine) == expected
        assert mine["weight"].sum() == pytest.approx(population, abs=1e-9)
        if expected > 1:
            # rounded to 0.1 m; the boundary is then at most 0.1 m away
            assert shapes[f"A{k}"].buffer(0.1).contains(
                shapely.points(mine[["x", "y"]].to_numpy())).all()
    # an area's points do not depend on the other areas drawn with it
    alone = spread_points(areas.iloc[[-1]], shapes, per_point=per_point, max_points=most, seed=7)
    last = points[points["area"] == areas["id"].iloc[-1]].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, last)


def test_shares_straddle_the_threshold_by_hand():
    """A 2 km × 100 m strip, a site at its west end, threshold 1 km: about half is far."""
    strip = shapely.box(X0, Y0, X0 + 2000, Y0 + 100)
    areas = _areas([1000.0])
    points = spread_points(areas, {"A0": strip}, per_point=1, max_points=1000, seed=1)
    assert len(points) == 1000
    sites = pd.DataFrame({"x": [X0], "y": [Y0 + 50]})
    table = access_by_area(points, sites, threshold=1000)
    # a uniform point is farther than 1 km when its x exceeds ~1 km (half the strip);
    # 1000 draws: the share is 0.5 ± 3 standard errors (0.016 each)
    assert abs(table["share_beyond"].iloc[0] - 0.5) < 0.05
    one = access_by_area(areas.assign(x=X0 + 1000.0, y=Y0 + 50, area="A0"), sites,
                         threshold=1000)
    assert one["share_beyond"].iloc[0] in (0.0, 1.0)  # one point: all or nothing


def test_without_a_shape_the_area_keeps_its_point():
    points = spread_points(_areas([500.0]), {}, per_point=10)
    assert len(points) == 1 and points["weight"].iloc[0] == 500.0
    assert (points["x"].iloc[0], points["y"].iloc[0]) == (X0, Y0)


def test_bad_arguments():
    with pytest.raises(ArgumentError):
        spread_points(_areas([1.0]), {}, per_point=0)
    with pytest.raises(ArgumentError, match="A0"):
        spread_points(_areas([-1.0]), {})
