"""Matching what respondents wrote as their area to an area of the collection.

People write their district as a code (``1480R049``), a name as they say it (``hjällbo
västra``, ``Hjällbo-Västra``), a part of a name that only one area has (``Lövgärdet``),
or a postcode (``424 37``, through the collection's postcode table). Each distinct
input is matched once, and the match is shown for confirmation with how it was found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["AreaMatch", "AreaMatcher", "normalise_name"]

_POSTCODE = re.compile(r"^\d{3}\s?\d{2}$")


def normalise_name(text: str) -> str:
    """An area name for comparison: case-folded, hyphens and runs of spaces as one space.

    >>> normalise_name("  Hjällbo-VÄSTRA ")
    'hjällbo västra'
    """
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(re.sub(r"[-–—_/,.]", " ", text).split())


@dataclass(frozen=True)
class AreaMatch:
    """What an input matched: area code and name, and how (``code``, ``name``, ``postcode``,
    ``partial name``); or ``problem`` saying why nothing was matched."""

    text: str
    code: str | None = None
    name: str | None = None
    how: str | None = None
    problem: str | None = None


class AreaMatcher:
    """Matches area inputs to the areas ``{code: name}`` of a collection.

    Parameters
    ----------
    areas : dict
        The candidate areas, code → name.
    postcodes : dict, optional
        Postcode (five digits) → area code.
    """

    def __init__(self, areas: dict[str, str], *, postcodes: dict[str, str] | None = None):
        self.areas = dict(areas)
        self._codes = {code.casefold(): code for code in self.areas}
        self._names = {normalise_name(name): code for code, name in self.areas.items()}
        self.postcodes = {k.replace(" ", ""): v for k, v in (postcodes or {}).items()}
        self._memo: dict[str, AreaMatch] = {}

    def match(self, text: str) -> AreaMatch:
        """The match of one input (memoised)."""
        key = str(text).strip()
        if key not in self._memo:
            self._memo[key] = self._match(key)
        return self._memo[key]

    def _found(self, text: str, code: str, how: str) -> AreaMatch:
        return AreaMatch(text, code, self.areas[code], how)

    def _match(self, text: str) -> AreaMatch:
        if text.casefold() in self._codes:
            return self._found(text, self._codes[text.casefold()], "code")
        if _POSTCODE.match(text):
            code = self.postcodes.get(text.replace(" ", ""))
            if code in self.areas:
                return self._found(text, code, "postcode")
            return AreaMatch(text, problem=f"postnumret '{text}' finns inte i samlingens "
                                           "postnummertabell (postcodes)")
        if re.fullmatch(r"\d{4}[A-Za-z]\d{3,4}", text):
            return AreaMatch(text, problem=f"områdeskoden '{text}' finns inte bland "
                                           "samlingens områden")
        name = normalise_name(text)
        if name in self._names:
            return self._found(text, self._names[name], "name")
        words = name.split()
        partial = [code for key, code in self._names.items()
                   if words and key.split()[:len(words)] == words
                   or (len(name) >= 4 and f" {name} " in f" {key} ")]
        if len(partial) == 1:
            return self._found(text, partial[0], "partial name")
        if partial:
            names = ", ".join(sorted(self.areas[c] for c in partial)[:4])
            return AreaMatch(text, problem=f"'{text}' kan vara flera områden ({names}); "
                                           "skriv hela namnet eller koden")
        return AreaMatch(text, problem=f"hittar inget område som heter '{text}'")
