"""Swedish words to matching terms: tokens, stop words, lemmas, stems, compound parts.

A word becomes one *term*: its lemma from simplemma's Swedish dictionary
(förskolan, förskolor → förskola), passed through the Snowball Swedish stemmer
(PyStemmer) so that words simplemma does not know still meet their relatives
(familjecentralen → familjecentral). A compound that the dictionary does not know
is also split into a known first part and a known last part (sommarlovsaktiviteter →
sommarlov + aktivitet), so a passage about "läsfrämjande insatser" and a strategy
about "läsning" can meet. Character n-grams of the terms (:func:`char_ngrams`)
catch the remaining compounds.

Sources: Snowball Swedish stemmer (Porter, snowballstem.org); simplemma
(Barbaresi 2023, lexicon lemmatisation).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import simplemma
import Stemmer

__all__ = ["STOP_WORDS", "Token", "tokens", "terms", "term", "char_ngrams"]

_STEMMER = Stemmer.Stemmer("swedish")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|-(?=[^\W\d_]))*", re.UNICODE)

# Function words and the most general words of Swedish annual reports: they say
# nothing about which strategy a passage takes up.
STOP_WORDS = frozenset("""
alla allt andra annat att av bara bli blev blir bland de dem den denna deras dess
dessa det detta dig din dina ditt du där då efter ej eller en ett fanns finns fler
flera från för genom ha hade har hela hennes hon honom hos hur här i ibland icke
in inom inte ja jag kan kunde man med mellan men mer mest mig min mina mitt mot
mycket många ned någon något några när nu och också om oss på samma samt sedan
sig sin sina sitt själv ska skall skulle som så till under upp ut utan vad var
vara varit varje vars vem vi vid vilka vilken vilket vår våra vårt än ännu är även
åt över bör både därför dock enligt ju kommer även
år året åren under året verksamhet verksamheten verksamheter nämnd nämnden
nämnder förvaltning förvaltningen förvaltningar arbete arbetet arbetat arbetar
arbeta göra gjort gjorde gör gjordes görs genomfört genomförts genomfördes genomförs
""".split())
# "arbete" is a stop word in running text (arbetet med ...) but a content word of
# target area 2; strategies keep it through their own names (see _match).
_KEEP_IN_NAMES = frozenset({"arbete"})


class Token(NamedTuple):
    """A word of a text: its lower-case form, its term and character span."""

    word: str
    term: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The matching term of one lower-case word: the stem of its lemma.

    >>> term("förskolor"), term("förskolan"), term("familjecentralen")
    ('förskol', 'förskol', 'familjecentral')
    """
    lemma = simplemma.lemmatize(word, lang="sv")
    return _STEMMER.stemWord(lemma.lower())


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Terms of a known first and last part of a compound the lexicon lacks.

    >>> compound_parts("sommarlovsaktiviteter")
    ('sommarlov', 'aktivitet')
    """
    if len(word) < 9 or simplemma.is_known(word, lang="sv"):
        return ()
    best, best_len = (), 0
    for cut in range(3, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if min(len(head), len(tail)) <= best_len or tail in STOP_WORDS:
            continue
        if not simplemma.is_known(tail, lang="sv"):
            continue
        # a linking s (hemlöshet-s-arbete) belongs to neither part
        for stem in (head, head[:-1] if head.endswith("s") else ""):
            if len(stem) >= 3 and simplemma.is_known(stem, lang="sv"):
                best, best_len = (term(stem), term(tail)), min(len(head), len(tail))
                break
    return best


def tokens(text: str, *, keep_stop_words: bool = False) -> list[Token]:
    """The words of ``text`` in order, with their terms and character spans.

    Hyphenated compounds (barn-och) are split at the hyphen; stop words are left
    out unless ``keep_stop_words``.
    """
    found = []
    cache = _KEEP_ALL if keep_stop_words else _CONTENT
    for match in _WORD.finditer(text):
        raw = match.group()
        parts = cache.get(raw)
        if parts is None:
            if len(cache) > 500_000:  # a bound on memory for endless streams of new words
                cache.clear()
            parts = cache[raw] = _word_parts(raw, keep_stop_words)
        start = match.start()
        for offset, part, item in parts:
            found.append(Token(part, item, start + offset, start + offset + len(part)))
    return found


_CONTENT: dict[str, tuple[tuple[int, str, str], ...]] = {}
_KEEP_ALL: dict[str, tuple[tuple[int, str, str], ...]] = {}


def _word_parts(raw: str, keep_stop_words: bool) -> tuple[tuple[int, str, str], ...]:
    return tuple((offset, part, term(part)) for offset, part in _parts(raw.lower())
                 if len(part) >= 2 and (keep_stop_words or part not in STOP_WORDS))


def _parts(word: str) -> list[tuple[int, str]]:
    if "-" not in word:
        return [(0, word)]
    parts, offset = [], 0
    for part in word.split("-"):
        parts.append((offset, part))
        offset += len(part) + 1
    return parts


def terms(text: str, *, compounds: bool = True, name: bool = False) -> list[str]:
    """The matching terms of ``text`` (stop words out), compound parts appended.

    ``name=True`` keeps the words that are stop words only in running text.

    >>> terms("Förskolorna stärker barns språkutveckling")
    ['förskol', 'stärk', 'barn', 'språkutveckling']
    """
    words = []
    for match in _WORD.finditer(text):
        for _, part in _parts(match.group().lower()):
            if len(part) >= 2 and (part not in STOP_WORDS
                                   or (name and simplemma.lemmatize(part, lang="sv")
                                       in _KEEP_IN_NAMES)):
                words.append(part)
    found = [term(word) for word in words]
    if compounds:
        for word in words:
            found.extend(compound_parts(word))
    return found


def char_ngrams(text_terms: list[str], size: int = 4) -> list[str]:
    """Character n-grams of each term with word boundaries marked.

    >>> char_ngrams(["segregation"])[:3]
    ['#seg', 'segr', 'egre']
    """
    grams: list[str] = []
    for item in text_terms:
        grams.extend(_grams(item, size))
    return grams


@lru_cache(maxsize=200_000)
def _grams(item: str, size: int) -> tuple[str, ...]:
    padded = f"#{item}#"
    if len(padded) <= size:
        return (padded,)
    return tuple(padded[i:i + size] for i in range(len(padded) - size + 1))
