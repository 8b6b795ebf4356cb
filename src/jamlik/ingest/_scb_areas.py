"""Statistics Sweden (SCB) region codes → jamlik areas (code, version, level, name).

SCB's tables name areas by code, and since the 2025 revision of DeSO and RegSO
the Statistikdatabasen writes the new codes with a version suffix: the code lists
``vs_RegSO2025`` and ``vs_DeSO2025`` ("fr.o.m. år 2024") hold ``1480R001_RegSO2025``
and ``0114A0010_DeSO2025``, while ``vs_RegSO2020`` and ``vs_DeSO2018`` ("t.o.m. år
2023") hold the same shapes without suffix (SCB PxWebApi 2, ``/codelists``, as
recorded in github.com/deno-li/fuzzy-MCP, ``docs/KALLKONTROLL.md``, "Källkontroll –
resultat"). A table may hold both versions side by side (TAB6680: 18 870 region
codes: 5 984 plain DeSO 2018, 6 160 suffixed DeSO 2025, 3 363 plain RegSO 2020,
3 363 suffixed RegSO 2025).

So a code's version is read from its suffix when it has one; without one it is
read from its shape:

========================  ============  ===========  =======
code                      area_code     area_version level
========================  ============  ===========  =======
``00``, ``SE``            ``00``        Riket        riket
``14`` (2 digits)         ``14``        Lan_2025     lan
``1480`` (4 digits)       ``1480``      Kommun_2025  kommun
``1480R001_RegSO2025``    ``1480R001``  RegSO_2025   regso
``0114A0010_DeSO2025``    ``0114A0010`` DeSO_2025    deso
``1480R001`` (no suffix)  ``1480R001``  RegSO_2020   regso
``0114A0010``             ``0114A0010`` DeSO_2018    deso
anything else             unchanged     (empty)      (empty)
========================  ============  ===========  =======

A RegSO or DeSO code *without* suffix is the older version in SCB's tables
(RegSO 2020, DeSO 2018): labelling it 2025 would join two classifications whose
codes differ silently. The caller can force a version with ``area_version=``
(e.g. for a file that writes 2025 codes without suffix): it replaces the version
of the codes of its own level (``RegSO_…`` → RegSO codes, ``Kommun_…`` → kommun
codes) and of codes of unknown level; riket and codes of another known level keep
theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jamlik.schema import AREA_SHAPES, area_shape

__all__ = ["Area", "scb_area", "looks_like_region_code", "area_name", "plain_area_name"]

_SUFFIX = re.compile(r"^(?P<code>.+?)_(?P<kind>RegSO|DeSO)(?P<year>\d{4})$", re.IGNORECASE)
_KIND = {"regso": ("RegSO", "regso"), "deso": ("DeSO", "deso")}
_FORCED_LEVEL = {"riket": "riket", "lan": "lan", "län": "lan", "kommun": "kommun",
                 "regso": "regso", "deso": "deso"}


@dataclass(frozen=True)
class Area:
    """One SCB region code read as a jamlik area."""

    code: str
    version: str | None
    level: str | None
    original: str


def scb_area(code: str, *, area_version: str | None = None) -> Area:
    """Read an SCB region code; see the module docstring for the rules.

    >>> scb_area("1480R001_RegSO2025")
    Area(code='1480R001', version='RegSO_2025', level='regso', original='1480R001_RegSO2025')
    >>> scb_area("1480").version, scb_area("SE").code
    ('Kommun_2025', '00')
    >>> scb_area("1480R001", area_version="RegSO_2025").version
    'RegSO_2025'
    """
    original = str(code).strip()
    area = _infer(original)
    if area_version is None or area.level == "riket":
        return area
    forced_level = _FORCED_LEVEL.get(area_version.split("_", 1)[0].strip().lower())
    if forced_level is None or area.level is None or area.level == forced_level:
        return Area(area.code, area_version, area.level or forced_level, original)
    return area


def _infer(original: str) -> Area:
    match = _SUFFIX.match(original)
    if match:
        name, level = _KIND[match.group("kind").lower()]
        return Area(match.group("code"), f"{name}_{match.group('year')}", level, original)
    shape = area_shape(original)
    if shape is None:
        return Area(original, None, None, original)
    # without a suffix, SCB's tables hold the oldest version of an ambiguous shape
    version = shape.version or shape.versions[0]
    return Area("00" if shape.level == "riket" else original, version, shape.level, original)


def looks_like_region_code(code: str) -> bool:
    """Whether ``code`` has the shape of an SCB region code (suffix or RegSO/DeSO shape).

    Plain 2- and 4-digit codes are not enough on their own: ages and years look
    the same.

    >>> looks_like_region_code("0114A0010_DeSO2025"), looks_like_region_code("2024")
    (True, False)
    """
    code = str(code).strip()
    return bool(_SUFFIX.match(code)) or any(
        shape.pattern.match(code) for shape in AREA_SHAPES if shape.level in ("regso", "deso"))


def area_name(label: str | None, area: Area) -> str | None:
    """The area's name from its value text: without a leading code, None if only a code.

    SCB writes ``"1480 Göteborg"`` in px files, ``"0114R001 Upplands Väsby
    (Bollstanäs)"`` for RegSO 2025 and just the code for DeSO (which has no names).

    >>> area_name("0114R001 Upplands Väsby (Bollstanäs)", scb_area("0114R001_RegSO2025"))
    'Upplands Väsby (Bollstanäs)'
    >>> area_name("0114A0010", scb_area("0114A0010_DeSO2025")) is None
    True
    """
    if label is None:
        return "Riket" if area.level == "riket" else None
    text = str(label).strip()
    for prefix in (area.original, area.code):
        if text == prefix:
            return "Riket" if area.level == "riket" else None
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:].strip()
            break
    return plain_area_name(text) or None


_MACHINE_PREFIX = re.compile(r"^(?:RegSO|DeSO)[-_ ]+(?=\S)", re.IGNORECASE)


def plain_area_name(name: str | None) -> str | None:
    """An area's name as people say it: without the machine prefix some of SCB's files
    put before it ("RegSO-Augustenborg" → "Augustenborg").

    >>> plain_area_name("RegSO-Almvik norr-Lindängen norr")
    'Almvik norr-Lindängen norr'
    >>> plain_area_name("Angered centrum-Agnesberg")
    'Angered centrum-Agnesberg'
    """
    if name is None:
        return None
    return _MACHINE_PREFIX.sub("", str(name).strip())
