"""Masking personal details in free text: identity numbers, e-mail, phone numbers, names.

Open answers of surveys and dialogues are personal data. Before they are stored, the
details that identify a person directly are replaced by a marker in brackets:

- Swedish personal identity numbers (personnummer) and co-ordination numbers
  (samordningsnummer, day + 60), with or without the century, with ``-``, ``+``, a space
  or no separator (``19811218-9876``, ``811218-9876``, ``8112189876``, ``811278+9876``);
- e-mail addresses;
- Swedish phone numbers, national (``070-123 45 67``, ``031-12 34 56``, ``08 123 456 78``,
  ``0701234567``) and international (``+46 70 123 45 67``, ``0046 8 123 456 78``,
  ``+46 (0)70-123 45 67``): 7–9 digits after the leading zero;
- names introduced as names (``jag heter Anna``, ``mitt namn är Ali Hassan``,
  ``hälsningar Eva``, ``mvh Per``). Other names cannot be told from words by rule; an
  analyst's review of quotes remains necessary before publishing.

Masking errs on the side of protection: a number that looks like a phone number is
masked even if it is something else, and a ten-digit number that reads both as a mobile
number and as an identity number without century (``0701234567``) is counted as the
latter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MASKS", "Masked", "mask_personal"]

#: What each kind of detail is replaced with.
MASKS = {"personnummer": "[personnummer]", "e-post": "[e-post]", "telefon": "[telefon]",
         "namn": "[namn]"}

_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_IDENTITY = re.compile(
    rf"(?<![\w+])(?:(?:18|19|20)\d{{2}}|\d{{2}})(?:0[1-9]|1[0-2]){_DAY}[-+ ]?\d{{4}}(?!\d)")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A number that starts like a Swedish one (+46, 0046, (0, 0), an area code and groups of
# digits parted by single spaces or hyphens; the digits are counted afterwards.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?46[ -]?(?:\(0\)[ -]?)?|0046[ -]?|\(0|0)"
                    r"\d{1,3}\)?(?:[ -]?\d){5,8}(?!\d)")
_NAME = re.compile(
    r"(?i:\b(jag heter|mitt namn är|hälsningar|hälsning|mvh|vänliga hälsningar|kontakta mig,?)"
    r"\s+)([A-ZÅÄÖÉ][a-zåäöéü]+(?:[ -][A-ZÅÄÖÉ][a-zåäöéü]+)?)")


@dataclass(frozen=True)
class Masked:
    """A text with its personal details masked, and how many of each kind were found."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many details were masked in all."""
        return sum(self.counts.values())


def _phone_digits(match: re.Match) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    if match.group(0).lstrip().startswith("+"):
        digits = "0" + digits[2:]
    elif digits.startswith("0046"):
        digits = "0" + digits[4:]
    digits = re.sub(r"^00", "0", digits)  # +46 (0)70 …
    return digits.startswith("0") and digits[1:2] != "0" and 8 <= len(digits) <= 10


def mask_personal(text: str) -> Masked:
    """Replace personal details in ``text`` by markers (:data:`MASKS`).

    Parameters
    ----------
    text : str
        A free-text answer.

    Returns
    -------
    Masked
        ``text`` with identity numbers, e-mail addresses, phone numbers and introduced
        names replaced, and ``counts`` per kind (only kinds found).

    Examples
    --------
    >>> m = mask_personal("Ring 070-123 45 67 eller skriv till a.b@exempel.se, mvh Anna")
    >>> m.text
    'Ring [telefon] eller skriv till [e-post], mvh [namn]'
    >>> m.counts
    {'e-post': 1, 'telefon': 1, 'namn': 1}
    """
    counts: dict[str, int] = {}

    def count(kind: str, n: int) -> None:
        if n:
            counts[kind] = counts.get(kind, 0) + n

    text, n = _IDENTITY.subn(MASKS["personnummer"], text)
    count("personnummer", n)
    text, n = _EMAIL.subn(MASKS["e-post"], text)
    count("e-post", n)
    found = 0

    def phone(match: re.Match) -> str:
        nonlocal found
        if not _phone_digits(match):
            return match.group(0)
        found += 1
        return MASKS["telefon"]

    text = _PHONE.sub(phone, text)
    count("telefon", found)
    text, n = _NAME.subn(lambda m: f"{m.group(0)[:m.start(2) - m.start(0)]}{MASKS['namn']}", text)
    count("namn", n)
    return Masked(text, counts)
