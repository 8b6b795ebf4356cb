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
import string
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


#: Reasons that imported sources store in a known form (not made by jamlik's own
#: functions, whose reasons come from :func:`jamlik.jobs.reason_templates`).
SOURCE_REASONS = ("färre än {count} svarande",)


def _reason_pattern(template: str) -> tuple[re.Pattern, str]:
    """A stored-reason template (``str.format`` fields) as a pattern and a catalogue
    message: "färre än {k:g} i täljaren" matches "färre än 5 i täljaren" and is said
    through the message "färre än %(k)s i täljaren"."""
    pattern, message = "", ""
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        pattern += re.escape(literal)
        message += literal.replace("%", "%%")
        if field is not None:
            pattern += f"(?P<{field}>.+?)"
            message += f"%({field})s"
    return re.compile(pattern), message


@cache
def reason_messages() -> tuple[tuple[re.Pattern, str], ...]:
    """Every stored-reason template as (pattern, catalogue message), most specific first:
    a template with fewer fields wins over one whose field could swallow it."""
    from jamlik.jobs import reason_templates

    templates = dict.fromkeys((*reason_templates(), *SOURCE_REASONS))
    ordered = sorted(templates, key=lambda text: (text.count("{"), -len(text)))
    return tuple(_reason_pattern(template) for template in ordered)


def reason(text: str | None) -> str | None:
    """A reason stored with an unpublished value, in the current language (as stored when
    it is not one the catalogue knows)."""
    if not text:
        return text
    for pattern, message in reason_messages():
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
