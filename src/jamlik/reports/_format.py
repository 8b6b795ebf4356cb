"""Numbers and dates as Swedish (or English) readers write them.

>>> number(1234.5, 1), number(1234.5, 1, "en"), number(None, 1)
('1\\xa0234,5', '1,234.5', '–')
>>> date(__import__("datetime").date(2025, 2, 28))
'28 februari 2025'
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["number", "interval", "date", "percent", "decimals_for"]

MONTHS = {
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
DASH = "–"


def number(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """A number with a decimal comma and a no-break space between thousands (Swedish);
    a value that rounds to zero is "0,0", never "−0,0".

    >>> number(-0.004, 2), number(-0.006, 2)
    ('0,00', '−0,01')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    value = round(float(value), decimals) or 0.0  # -0.0 is falsy: no minus on a zero
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")  # a minus sign, not a hyphen


def decimals_for(value: float | None, significant: int = 2, most: int = 6) -> int:
    """Decimals that show ``significant`` digits of a small number (at least one decimal).

    >>> decimals_for(0.76), decimals_for(-0.0004), decimals_for(12.3)
    (2, 5, 1)
    """
    if value is None or value == 0 or math.isnan(value):
        return 1
    return int(min(most, max(1, significant - 1 - math.floor(math.log10(abs(value))))))


def interval(lower: float | None, upper: float | None, decimals: int = 1,
             lang: str = "sv") -> str:
    """``[1,2; 3,4]`` in Swedish, ``[1.2, 3.4]`` in English; a dash if unknown."""
    if lower is None or upper is None or any(
            isinstance(v, float) and math.isnan(v) for v in (lower, upper)):
        return DASH
    separator = "; " if lang == "sv" else ", "
    return f"[{number(lower, decimals, lang)}{separator}{number(upper, decimals, lang)}]"


def percent(part: int, whole: int) -> int:
    """Whole per cent, 0 for an empty whole."""
    return round(100 * part / whole) if whole else 0


def date(value: dt.date | dt.datetime | None, lang: str = "sv") -> str:
    if value is None:
        return DASH
    month = MONTHS[lang][value.month - 1]
    return f"{value.day} {month} {value.year}" if lang == "sv" else \
        f"{value.day} {month} {value.year}"
