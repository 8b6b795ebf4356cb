"""Distances against hand-computed cases; coordinates checked with row-level messages."""

import json

import numpy as np
import pytest

from jamlik.errors import ArgumentError, InputError
from jamlik.place import (
    Network, StraightLine, check_coordinates, distance_matrix, distance_pairs, read_network,
)

X0, Y0 = 319_000.0, 6_399_000.0  # Göteborg in SWEREF 99 TM


def test_straight_line_is_pythagoras():
    origins = np.array([[X0, Y0], [X0 + 300, Y0 + 400]])
    sites = np.array([[X0, Y0], [X0 + 3, Y0 + 4], [X0 + 1000, Y0]])
    expected = np.array([[0, 5, 1000], [500, 495, np.hypot(700, 400)]])
    assert np.allclose(distance_matrix(origins, sites), expected)


def test_pairs_within_radius_keep_zero_distances_and_the_boundary():
    origins = np.array([[X0, Y0], [X0 + 300, Y0 + 400]])
    sites = np.array([[X0, Y0], [X0 + 3, Y0 + 4], [X0 + 1000, Y0]])
    pairs = distance_pairs(origins, sites, 500)
    found = sorted(zip(pairs.origin.tolist(), pairs.destination.tolist(),
                       np.round(pairs.distance, 6).tolist()))
    assert found == [(0, 0, 0.0), (0, 1, 5.0), (1, 0, 500.0), (1, 1, 495.0)]
    assert pairs.coverage().toarray().tolist() == [[True, True, False], [True, True, False]]


def test_nearest():
    distance, index = StraightLine().nearest([[X0, Y0 + 10]], [[X0, Y0], [X0, Y0 + 12]])
    assert index.tolist() == [1] and distance.tolist() == [2.0]


def _grid_network():
    # An L-shaped road: (0,0) → (1000,0) → (1000,1000), plus a detached line.
    return Network([np.array([[X0, Y0], [X0 + 1000, Y0]]),
                    np.array([[X0 + 1000, Y0], [X0 + 1000, Y0 + 1000]]),
                    np.array([[X0 + 5000, Y0], [X0 + 5100, Y0]])])


def test_network_distance_goes_round_the_corner_with_snapping():
    network = _grid_network()
    # 10 m off the road by the start, to the end of the L: 10 + 1000 + 1000 + 0.
    matrix = network.matrix([[X0, Y0 - 10]], [[X0 + 1000, Y0 + 1000], [X0 + 5100, Y0]])
    assert matrix[0, 0] == pytest.approx(2010.0)
    assert matrix[0, 1] == np.inf  # other component
    pairs = network.pairs([[X0, Y0 - 10]], [[X0 + 1000, Y0 + 1000], [X0 + 1000, Y0]], 1500)
    assert pairs.destination.tolist() == [1] and pairs.distance.tolist() == [1010.0]
    distance, index = network.nearest([[X0, Y0 - 10]], [[X0 + 1000, Y0 + 1000], [X0 + 1000, Y0]])
    assert index.tolist() == [1] and distance.tolist() == [1010.0]


def test_network_takes_the_shorter_of_parallel_roads():
    network = Network([np.array([[X0, Y0], [X0, Y0 + 500], [X0 + 1000, Y0]]),
                       np.array([[X0, Y0], [X0 + 1000, Y0]])])
    assert network.matrix([[X0, Y0]], [[X0 + 1000, Y0]])[0, 0] == pytest.approx(1000.0)


def test_network_max_snap_names_the_point():
    network = Network([np.array([[X0, Y0], [X0 + 100, Y0]])], max_snap=50)
    with pytest.raises(ArgumentError, match=r"origins\[1\] ligger 200 m"):
        network.matrix([[X0, Y0], [X0, Y0 + 200]], [[X0 + 100, Y0]])


def test_read_geojson_network_in_wgs84(tmp_path):
    # Two points 0.01° of latitude apart along a meridian: about 1 112 m.
    feature = {"type": "Feature", "properties": {},
               "geometry": {"type": "LineString", "coordinates": [[11.97, 57.70], [11.97, 57.71]]}}
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    network = read_network(path)
    ends = network.nodes
    assert network.matrix(ends[:1], ends[1:])[0, 0] == pytest.approx(1112, abs=3)


def test_read_geopackage_network(tmp_path):
    import sqlite3

    import shapely

    path = tmp_path / "roads.gpkg"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE gpkg_geometry_columns (table_name, column_name, "
                   "geometry_type_name, srs_id, z, m)")
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('roads','geom','LINESTRING',3006,0,0)")
        db.execute("CREATE TABLE roads (fid INTEGER PRIMARY KEY, geom BLOB)")
        wkb = shapely.to_wkb(shapely.LineString([(X0, Y0), (X0 + 300, Y0), (X0 + 300, Y0 + 400)]))
        header = b"GP\x00\x01" + (3006).to_bytes(4, "little")  # flags: little-endian, no envelope
        db.execute("INSERT INTO roads (geom) VALUES (?)", (header + wkb,))
    network = read_network(path)
    assert network.matrix([[X0, Y0]], [[X0 + 300, Y0 + 400]])[0, 0] == pytest.approx(700.0)


def test_coordinates_in_wgs84_are_converted():
    # Göteborg's central station, WGS84 → SWEREF 99 TM (about 319 800, 6 400 000).
    points = check_coordinates([11.973], [57.709], crs="EPSG:4326")
    assert 318_000 < points[0, 0] < 321_000 and 6_398_000 < points[0, 1] < 6_402_000


@pytest.mark.parametrize(("x", "y", "crs", "message"), [
    ([X0, 11.97], [Y0, 57.70], "EPSG:3006",
     r"sites.csv: rad 3, kolumn .x.: \(11.97, 57.7\) ser ut som grader"),
    ([X0, Y0], [Y0, X0], "EPSG:3006", "sites.csv: rad 3, kolumn 'x': x och y verkar ombytta"),
    ([X0, 2_000_000], [Y0, Y0], "EPSG:3006",
     "sites.csv: rad 3, kolumn 'x': 2000000 ligger utanför Sverige"),
    ([11.9, 57.7], [57.7, 11.9], "EPSG:4326",
     "sites.csv: rad 3, kolumn 'x': longitud och latitud verkar ombytta"),
    ([11.9, X0], [57.7, Y0], "EPSG:4326", "sites.csv: rad 3, kolumn 'x': .* ser ut som meter"),
    ([11.9, 2.35], [57.7, 48.85], "EPSG:4326", "sites.csv: rad 3, kolumn 'x': 2.35° ligger utanför"),
    ([X0, np.nan], [Y0, Y0], "EPSG:3006", "sites.csv: rad 3, kolumn 'x': väntade en koordinat"),
])
def test_bad_coordinates_name_the_row(x, y, crs, message):
    with pytest.raises(InputError, match=message):
        check_coordinates(x, y, crs=crs, file="sites.csv")


def test_unknown_reference_system():
    with pytest.raises(InputError, match="referenssystemet 'EPSG:3857' stöds inte"):
        check_coordinates([X0], [Y0], crs="EPSG:3857")
