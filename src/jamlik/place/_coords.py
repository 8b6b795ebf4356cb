"""Coordinates: checked to lie in Sweden, in the reference system they claim.

jamlik computes distances in SWEREF 99 TM (EPSG:3006), the national grid whose
units are metres. Points may arrive as SWEREF 99 TM ``x`` (easting) / ``y``
(northing) or as WGS84 (EPSG:4326) longitude / latitude. The usual mistakes are
recognisable from the numbers alone: degrees given as metres, easting and
northing swapped, latitude and longitude swapped, a point outside the country.
Each is reported for the first row where it occurs, in the caller's terms.

The bounds are the areas of use that EPSG gives for SWEREF 99 TM: eastings
181 896 – 1 086 313 m, northings 6 090 354 – 7 689 478 m; longitude 10.03 – 24.17°,
latitude 54.96 – 69.07°.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from jamlik.errors import InputError

__all__ = ["SWEREF99TM", "WGS84", "check_coordinates"]

SWEREF99TM = "EPSG:3006"
WGS84 = "EPSG:4326"

EASTING = (181_896.0, 1_086_313.0)
NORTHING = (6_090_354.0, 7_689_478.0)
LONGITUDE = (10.03, 24.17)
LATITUDE = (54.96, 69.07)

_ALIASES = {
    "epsg:3006": SWEREF99TM, "3006": SWEREF99TM, "sweref99tm": SWEREF99TM,
    "sweref 99 tm": SWEREF99TM, "epsg:4326": WGS84, "4326": WGS84, "wgs84": WGS84,
}


def normalise_crs(crs: str) -> str:
    """``"EPSG:3006"`` or ``"EPSG:4326"`` for the spellings jamlik accepts, else InputError."""
    found = _ALIASES.get(str(crs).strip().lower())
    if found is None:
        raise InputError(
            f"referenssystemet {crs!r} stöds inte; väntade EPSG:3006 (SWEREF 99 TM, meter) "
            "eller EPSG:4326 (WGS84, grader)"
        )
    return found


def _inside(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    return (values >= bounds[0]) & (values <= bounds[1])


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def check_coordinates(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    crs: str = SWEREF99TM,
    file: str | None = None,
    rows: Sequence[int] | np.ndarray | None = None,
    columns: tuple[str, str] = ("x", "y"),
) -> np.ndarray:
    """Check points and return them in SWEREF 99 TM metres.

    Parameters
    ----------
    x, y
        Coordinates, shape ``(n,)``: easting and northing in metres for
        EPSG:3006, longitude and latitude in degrees for EPSG:4326.
    crs
        The reference system the numbers are in.
    file, rows, columns
        Where the numbers came from, used only in messages: the file name, each
        point's spreadsheet row (header = row 1) and the two column names.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2)``, easting and northing in metres (EPSG:3006).

    Raises
    ------
    jamlik.errors.InputError
        For the first point that is missing, not finite, in the other reference
        system, swapped, or outside Sweden; the message names the row and column.
    """
    crs = normalise_crs(crs)
    east = np.asarray(x, dtype=float)
    north = np.asarray(y, dtype=float)
    row_of = (lambda i: int(rows[i])) if rows is not None else (lambda i: i + 2)

    def fail(i: int, column: str, problem: str) -> InputError:
        return InputError(problem, file=file, row=row_of(i), column=column)

    for values, column in ((east, columns[0]), (north, columns[1])):
        bad = ~np.isfinite(values)
        if bad.any():
            raise fail(_first(bad), column, "väntade en koordinat (ett tal), fick ett tomt "
                                            "eller ogiltigt värde")
    if crs == SWEREF99TM:
        _check_metres(east, north, fail, columns)
        return np.column_stack([east, north])
    _check_degrees(east, north, fail, columns)
    return _to_sweref(east, north)


def _check_metres(east, north, fail, columns) -> None:
    degrees = (np.abs(east) <= 180) & (np.abs(north) <= 90)
    if degrees.any():
        i = _first(degrees)
        raise fail(i, columns[0], f"({east[i]:g}, {north[i]:g}) ser ut som grader (WGS84 "
                   "longitud/latitud); väntade SWEREF 99 TM i meter (EPSG:3006)")
    swapped = _inside(east, NORTHING) & _inside(north, EASTING)
    if swapped.any():
        i = _first(swapped)
        raise fail(i, columns[0], f"x och y verkar ombytta ({east[i]:.0f}, {north[i]:.0f}): "
                   "x är östlig koordinat (181 896–1 086 313 m), y nordlig "
                   "(6 090 354–7 689 478 m) i SWEREF 99 TM")
    for values, bounds, column in ((east, EASTING, columns[0]), (north, NORTHING, columns[1])):
        outside = ~_inside(values, bounds)
        if outside.any():
            i = _first(outside)
            raise fail(i, column, f"{values[i]:.0f} ligger utanför Sverige i SWEREF 99 TM "
                       f"(väntade {bounds[0]:.0f}–{bounds[1]:.0f} m)")


def _check_degrees(lon, lat, fail, columns) -> None:
    metres = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if metres.any():
        i = _first(metres)
        raise fail(i, columns[0], f"({lon[i]:g}, {lat[i]:g}) ser ut som meter (SWEREF 99 TM); "
                   "väntade WGS84 longitud/latitud i grader (EPSG:4326)")
    swapped = _inside(lon, LATITUDE) & _inside(lat, LONGITUDE)
    if swapped.any():
        i = _first(swapped)
        raise fail(i, columns[0], f"longitud och latitud verkar ombytta ({lon[i]:g}, "
                   f"{lat[i]:g}): longitud i Sverige är 10.03–24.17°, latitud 54.96–69.07°")
    for values, bounds, column in ((lon, LONGITUDE, columns[0]), (lat, LATITUDE, columns[1])):
        outside = ~_inside(values, bounds)
        if outside.any():
            i = _first(outside)
            raise fail(i, column, f"{values[i]:g}° ligger utanför Sverige (väntade "
                       f"{bounds[0]}–{bounds[1]}°)")


def _to_sweref(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    from pyproj import Transformer

    transformer = Transformer.from_crs(WGS84, SWEREF99TM, always_xy=True)
    east, north = transformer.transform(lon, lat)
    return np.column_stack([np.asarray(east, dtype=float), np.asarray(north, dtype=float)])
