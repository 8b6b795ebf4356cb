"""Whose table is it? The agency and country behind a PX file or PxWeb response.

Region codes are only Swedish when the table is: Statistics Norway's municipality
``0301`` (Oslo) has the shape of a Swedish municipality code, Statistics
Finland's ``KU091`` and ``001`` have none, and a national table from Helsinki or
Neuchâtel is not Sweden's total (``00``). So before a region code is read as
SCB's, the importer asks where the table comes from, by three signs in this
order:

1. **The agency** named in the file (PX ``SOURCE``, json-stat2 ``source``, PxWeb
   json ``metadata[0].source``): a Swedish authority of official statistics
   (Förordning (2001:100) om den officiella statistiken, bilaga: SCB,
   Socialstyrelsen, Folkhälsomyndigheten, …) or a foreign agency (the Nordic
   offices, Eurostat, the Swiss and Spanish offices, …).
2. **The language** of the table (PX ``LANGUAGE``/``LANGUAGES``): a table with no
   Swedish text is not Swedish.
3. **The region codes**: every code one of SCB's: in a Swedish-language table a
   code of SCB's shape; in a table without language, Sweden ``00``/``SE``, the 21
   county codes, the 290 municipality codes of ``data/kommuner.csv`` and the
   RegSO/DeSO shapes.

A foreign agency's regions become an area classification of their own, named
after the agency and the variable (``Statistics_Finland_Alue``), never Swedish
municipalities.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ._scb_areas import scb_area

__all__ = ["Origin", "table_origin", "is_swedish_code", "agency_version"]

# (pattern, agency name as used in area versions, Swedish?)
_AGENCIES = (
    (r"\bSCB\b|statistiska\s+centralbyr[åa]n|statistics\s+sweden|statistikmyndigheten", "SCB",
     True),
    (r"socialstyrelsen|folkh[äa]lsomyndigheten|skolverket|f[öo]rs[äa]kringskassan"
     r"|arbetsf[öo]rmedlingen|brottsf[öo]rebyggande|\bBR[ÅA]\b|trafikanalys|jordbruksverket"
     r"|pensionsmyndigheten|migrationsverket|kolada|\bRKA\b|konjunkturinstitutet"
     r"|universitetskansler|\bUK[ÄA]\b|naturv[åa]rdsverket|energimyndigheten|boverket"
     r"|medlingsinstitutet|myndigheten f[öo]r (v[åa]rd|tillv[äa]xtpolitiska|kulturanalys)"
     r"|tillv[äa]xtanalys|skatteverket|lantm[äa]teriet|kriminalv[åa]rden|sj[öo]fartsverket"
     r"|transportstyrelsen|inspektionen f[öo]r|CSN\b|centrala studiest[öo]dsn[äa]mnden",
     "Sverige", True),
    (r"statistics\s+finland|tilastokeskus|statistikcentralen|\bstat\.fi\b", "Statistics_Finland",
     False),
    (r"statistics\s+norway|statistisk\s+sentralbyr[åa]|\bSSB\b|\bssb\.no\b", "Statistics_Norway",
     False),
    (r"statistics\s+denmark|danmarks\s+statistik|\bDST\b", "Statistics_Denmark", False),
    (r"statistics\s+iceland|hagstofa", "Statistics_Iceland", False),
    (r"statistics\s+greenland|gr[øo]nlands\s+statistik|naatsorsueqqissaartarfik|\bstat\.gl\b",
     "Statistics_Greenland", False),
    (r"statistics\s+faroe|hagstova", "Statistics_Faroe_Islands", False),
    (r"[åa]lands\s+statistik|\b[ÅA]SUB\b|statistics\s+[åa]land", "ASUB", False),
    (r"eurostat", "Eurostat", False),
    (r"bundesamt\s+f[üu]r\s+statistik|office\s+f[ée]d[ée]ral\s+de\s+la\s+statistique"
     r"|ufficio\s+federale\s+di\s+statistica|swiss\s+federal\s+statistical|\bBFS\b|\bOFS\b",
     "BFS_Switzerland", False),
    (r"instituto\s+nacional\s+de\s+estad[íi]stica|\bINE\b", "INE_Spain", False),
    (r"instituto\s+c[áa]ntabro\s+de\s+estad[íi]stica|\bICANE\b", "ICANE", False),
    (r"statistikaamet|statistics\s+estonia", "Statistics_Estonia", False),
    (r"statistics\s+(lithuania|latvia|austria|netherlands|canada)|destatis|\bCBS\b",
     "foreign", False),
)
_COMPILED = [(re.compile(p, re.IGNORECASE), name, swedish) for p, name, swedish in _AGENCIES]
_COUNTIES = {"01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18",
             "19", "20", "21", "22", "23", "24", "25"}


@dataclass(frozen=True)
class Origin:
    """Where a table comes from, as far as the file tells.

    ``swedish`` is True (SCB or another Swedish authority, or Swedish codes and
    language), False (a foreign agency, or no Swedish text or codes) or None
    (the file does not tell). ``agency`` is the agency's name for area versions
    (``Statistics_Finland``) when known; ``why`` says which sign decided.
    """

    swedish: bool | None
    agency: str | None
    why: str


@lru_cache(maxsize=1)
def _municipalities() -> frozenset[str]:
    text = resources.files("jamlik.data").joinpath("kommuner.csv").read_text("utf-8")
    return frozenset(row["municipality_code"] for row in csv.DictReader(io.StringIO(text)))


def is_swedish_code(code: str) -> bool:
    """Whether ``code`` is one of SCB's region codes (real county and municipality codes).

    >>> is_swedish_code("1480"), is_swedish_code("0301"), is_swedish_code("KU091")
    (True, False, False)
    """
    area = scb_area(str(code))
    if area.level == "kommun":
        return area.code in _municipalities()
    if area.level == "lan":
        return area.code in _COUNTIES
    return area.level is not None


def _has_scb_shape(code: str) -> bool:
    return scb_area(str(code)).level is not None


def _agency(texts: list[str]) -> tuple[str, bool, str] | None:
    for text in texts:
        for pattern, name, swedish in _COMPILED:
            if pattern.search(text):
                return name, swedish, text
    return None


def table_origin(*, sources: list[str | None], languages: list[str] | None,
                 codes: list[str] | None) -> Origin:
    """The origin of a table from its agency texts, languages and region codes.

    ``sources`` are texts that may name the agency (SOURCE, CONTACT, the
    json-stat ``source``); ``languages`` the table's language codes (None when
    the format carries none); ``codes`` the codes of its region variable
    (None without one).
    """
    found = _agency([s for s in sources if isinstance(s, str) and s.strip()])
    if found is not None:
        name, swedish, text = found
        return Origin(swedish, None if swedish else name, f"källan '{text.strip()[:60]}'")
    langs = [str(lang).lower()[:2] for lang in languages or [] if lang]
    if langs and "sv" not in langs:
        return Origin(False, None, f"språket ({', '.join(langs)}; ingen svensk text)")
    if codes:
        # In a Swedish-language table a code of SCB's shape is SCB's (older tables hold
        # municipality codes that no longer exist); without a language, only SCB's
        # current codes count, since Norway's 0301 has the shape of a Swedish one.
        known = _has_scb_shape if langs else is_swedish_code
        foreign = [c for c in codes if not known(c)]
        if foreign:
            return Origin(False, None, f"regionkoden '{foreign[0]}' (inte en av SCB:s koder)")
        return Origin(True, None, "regionkoderna (SCB:s koder)")
    if langs:
        return Origin(True, None, "språket (svenska)")
    return Origin(None, None, "filen anger varken källa, språk eller regioner")


def agency_version(agency: str, variable: str) -> str:
    """The area version of a foreign agency's regions: ``{agency}_{variable}``.

    >>> agency_version("Statistics_Finland", "Alue")
    'Statistics_Finland_Alue'
    """
    slug = re.sub(r"[^0-9A-Za-z]+", "_", variable).strip("_") or "region"
    return f"{agency}_{slug}"
