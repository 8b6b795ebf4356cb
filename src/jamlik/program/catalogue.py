"""Words and labels of programmes and follow-up in Swedish and English (public face).

``label("status", "ongoing", "en")`` gives a coded value's label, ``text(key, lang,
**values)`` a sentence, ``check_lang`` refuses an unknown language. The
vocabularies themselves live in :mod:`jamlik.program._catalogue`.
"""

from ._catalogue import LANGUAGES, TEXT, VOCABULARY, check_lang, codes, label, text

__all__ = ["LANGUAGES", "TEXT", "VOCABULARY", "check_lang", "codes", "label", "text"]
