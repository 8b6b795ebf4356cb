"""Languages of the web app: Swedish (default) and English, through gettext catalogues.

The message ids are the Swedish texts; ``locale/en/LC_MESSAGES/messages.po`` holds
the English translations and ``locale/sv/...`` the (identity) Swedish catalogue.
The ``.po`` files are compiled in memory when first used (babel), so only the
``.po`` files live in the repository. The language of a request is kept in a
context variable that the middleware sets, so ``_()`` works in Python code and in
templates alike.
"""

from __future__ import annotations

import gettext as _gettext
import io
import re
from contextvars import ContextVar
from functools import cache
from pathlib import Path

__all__ = [
    "CATALOGUES",
    "DEFAULT",
    "LANGUAGES",
    "gettext",
    "language",
    "ngettext",
    "reason",
    "use_language",
]

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
CATALOGUES = Path(__file__).with_name("locale")
_language: ContextVar[str] = ContextVar("jamlik_language", default=DEFAULT)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (read from its .po file once per process)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def language() -> str:
    """The language of the current request."""
    return _language.get()


def use_language(lang: str):
    """Set the language of the current context; returns a token for ``reset``."""
    return _language.set(lang if lang in LANGUAGES else DEFAULT)


def reset_language(token) -> None:
    _language.reset(token)


def gettext(message: str) -> str:
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_language.get()).ngettext(singular, plural, n)


_ = gettext


def pick(sv: str | None, en: str | None) -> str | None:
    """A stored text in the current language: the English one when asked and present."""
    return en if _language.get() == "en" and en else sv


#: Reasons the statistics store with a value they could not publish (jamlik.stats and the
#: HEAT rules write them in Swedish): each pattern's message goes through the catalogue
#: with the pattern's named parts filled in, so an English page says them in English.
_REASONS = [
    (r"under 85 % av områdena har värde och index \((?P<missing>\d+) av (?P<total>\d+) saknas "
     r"eller är undertryckta\)",
     "under 85 %% av områdena har värde och index (%(missing)s av %(total)s saknas eller är "
     "undertryckta)"),
    (r"under 85 % av undergrupperna har en skattning",
     "under 85 %% av undergrupperna har en skattning"),
    (r"kräver ordnad dimension", "kräver ordnad dimension"),
    (r"kräver fler än två undergrupper", "kräver fler än två undergrupper"),
    (r"kräver fler än (?P<count>\d+) undergrupper", "kräver fler än %(count)s undergrupper"),
    (r"kräver exakt en referensgrupp \(reference_subgroup = 1\)",
     "kräver exakt en referensgrupp (reference_subgroup = 1)"),
    (r"total befolkning högst 5 000 \(personår\): för liten för en robust skattning",
     "total befolkning högst 5 000 (personår): för liten för en robust skattning"),
    (r"färre än (?P<count>\d+) svarande", "färre än %(count)s svarande"),
    (r"färre än två icke-överlappande perioder med värde och standardfel",
     "färre än två icke-överlappande perioder med värde och standardfel"),
    (r"färre än två perioder med värde", "färre än två perioder med värde"),
    (r"skillnaden byter riktning under perioden; storleken kan inte jämföras",
     "skillnaden byter riktning under perioden; storleken kan inte jämföras"),
    (r"standardfel saknas eller är 0 för en period som behövs",
     "standardfel saknas eller är 0 för en period som behövs"),
    (r"intervall okänt: varken täljare och nämnare, källans gränser eller standardfel",
     "intervall okänt: varken täljare och nämnare, källans gränser eller standardfel"),
    (r"intervall okänt: standardfelet är 0 och ger ett intervall utan bredd",
     "intervall okänt: standardfelet är 0 och ger ett intervall utan bredd"),
    # disclosure control of survey answers (jamlik.stats.PRIMARY, SECONDARY)
    (r"färre än (?P<count>\d+) personer \(primär röjandekontroll\)",
     "färre än %(count)s personer (primär röjandekontroll)"),
    (r"skyddar en undertryckt cell i samma summa \(sekundär röjandekontroll\)",
     "skyddar en undertryckt cell i samma summa (sekundär röjandekontroll)"),
]


_REASON_PATTERNS = [(re.compile(pattern), message) for pattern, message in _REASONS]


def reason(text: str | None) -> str | None:
    """A reason stored with an unpublished value, in the current language (as stored when
    it is not one the catalogue knows)."""
    if not text:
        return text
    for pattern, message in _REASON_PATTERNS:
        found = pattern.fullmatch(str(text))
        if found:
            return gettext(message) % found.groupdict()  # "%%" becomes "%" either way
    return text


def term(text: str | None) -> str:
    """A word stored in the data (a unit, a group name) in the current language.

    Such words are listed in the catalogue by hand (``_catalogue.DATA_TERMS``);
    an unknown one is shown as stored.
    """
    return gettext(text) if text else ""
