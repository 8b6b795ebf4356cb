"""The PC-Axis (.px) syntax: character set, keywords and the DATA part.

Follows SCB's "PX file format 2013" (https://www.scb.se/en/services/statistical-
programs-for-px-files/px-file-format/) and the reference parser of PxWeb
(PCAxis.Core, ``PXFileParser``): ``KEYWORD[lang]("sub","keys")=values;`` where a
value is a quoted text, several adjacent quoted texts (one long text split over
lines, joined without a space), a bare word (``YES``, ``0``) or ``TLIST(...)``;
values are separated by commas and the entry ends with ``;``. ``DATA=`` comes
last and holds the cells separated by spaces (or commas and tabs), up to ``;``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jamlik.errors import InputError

__all__ = ["Entry", "decode_px", "parse_entries", "split_data", "keys_rows", "cell_values",
           "SYMBOLS"]

# Keywords that real files repeat (notes, contacts); their texts are joined. Any other
# keyword given twice with the same language and sub keys is an error.
_REPEATABLE = {"NOTE", "NOTEX", "VALUENOTE", "VALUENOTEX", "CELLNOTE", "CELLNOTEX", "INFO",
               "CONTACT", "DATANOTE", "DATANOTECELL", "META-ID", "LINK", "SOURCE", "DATABASE"}
SYMBOLS = (".", "..", "...", "....", ".....", "......", "-", "")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_TOKEN = re.compile(r'(?P<str>"[^"\r\n]*")|(?P<punct>[\[\]()=,;])|(?P<word>[^\s"\[\]()=,;]+)'
                    r'|(?P<quote>")')
_CODEPAGE = re.compile(rb'CODEPAGE\s*=\s*"([^"\r\n]{0,40})"')
_CHARSET = re.compile(rb'CHARSET\s*=\s*"([^"\r\n]{0,40})"')
# "iso-8859-1" files from Windows tools hold Windows-1252 characters such as the en
# dash of "2019–2023" (0x96); like web browsers (WHATWG Encoding, "windows-1252"
# labels), read that label as Windows-1252, which agrees with Latin-1 elsewhere.
_WINDOWS = {"ansi", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
            "windows-1252", "cp1252", "us-ascii", "ascii"}


def _line(data: bytes | str, position: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, position) + 1


def decode_px(raw: bytes, *, file: str | None, encoding: str | None = None):
    """Decode a px file; return ``(text, encoding, warnings)``.

    A byte order mark wins, then ``encoding=``, then CODEPAGE, then
    ``CHARSET="ANSI"`` (Windows-1252). Without either the PX format means DOS
    text (code page 850), unless the bytes are valid UTF-8. A file declared as
    Windows/Latin-1 whose bytes are valid UTF-8 with non-ASCII letters was saved
    as UTF-8 by an editor: it is read as UTF-8, with a warning.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8", "BOM", file), "utf-8", []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", "BOM", file), "utf-16", []
    head = raw[: max(raw.find(b"DATA="), 0) or 65536]
    codepage, charset = _CODEPAGE.search(head), _CHARSET.search(head)
    declared = encoding or (codepage and codepage.group(1).decode("ascii", "replace").strip())
    if not declared and charset and charset.group(1).strip().upper() == b"ANSI":
        declared = "ansi"
    if not declared:
        try:
            return raw.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            return raw.decode("cp850"), "cp850", []
    name = declared.lower()
    if name in _WINDOWS:
        if not raw.isascii():
            try:
                text = raw.decode("utf-8")
                return text, "utf-8", [f"filen anger teckenkodningen '{declared}' men är "
                                       "giltig UTF-8; den lästes som UTF-8"]
            except UnicodeDecodeError:
                pass
        try:
            return raw.decode("cp1252"), "windows-1252", []
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1", []
    try:
        info = codecs.lookup(name)
        if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib, ...
            raise LookupError(name)
        codec = info.name
    except (LookupError, ValueError):
        raise InputError(f"okänd teckenkodning CODEPAGE=\"{declared}\"; väntade t.ex. "
                         "\"utf-8\" eller \"iso-8859-1\"", file=file,
                         row=_line(raw, codepage.start()) if codepage else None) from None
    why = f"encoding='{encoding}'" if encoding else f"CODEPAGE=\"{declared}\""
    return _strict(raw, codec, why, file), codec, []


def _strict(raw: bytes, codec: str, why: str, file: str | None) -> str:
    try:
        return raw.decode(codec)
    except UnicodeError as error:
        if not isinstance(error, UnicodeDecodeError):
            raise InputError(f"filen kan inte läsas som {codec} ({error})", file=file) from None
        bad = raw[error.start:error.start + 1].hex().upper()
        raise InputError(f"filen är inte giltig {codec} som {why} anger (byte 0x{bad}); spara "
                         "den i den kodning som anges, eller rätta CODEPAGE", file=file,
                         row=_line(raw, error.start)) from None


@dataclass
class Entry:
    keyword: str
    lang: str | None
    sub: tuple[str, ...]
    values: list[str]
    quoted: list[bool]
    line: int


class _Tokens:
    def __init__(self, text: str, file: str | None):
        self.text, self.file = text, file
        self._iter = _TOKEN.finditer(text)
        self._pos, self._line = 0, 1

    def line_at(self, position: int) -> int:
        self._line += self.text.count("\n", self._pos, position)
        self._pos = position
        return self._line

    def next(self, expected: str):
        match = next(self._iter, None)
        if match is None:
            raise InputError(f"filen tar slut; väntade {expected} (saknas DATA=, eller är filen "
                             "avkortad?)", file=self.file, row=self.line_at(len(self.text)))
        kind = match.lastgroup
        if kind == "quote":
            raise InputError("en text saknar avslutande citattecken (\") på raden", file=self.file,
                             row=self.line_at(match.start()))
        return kind, match.group(), match

    def fail(self, problem: str, match) -> InputError:
        return InputError(problem, file=self.file, row=self.line_at(match.start()))


def parse_entries(text: str, *, file: str | None):
    """The keywords before ``DATA=``; return ``(entries, data_start, data_line)``.

    ``entries`` maps ``(KEYWORD, language, sub keys)`` to an :class:`Entry`.
    """
    tokens = _Tokens(text, file)
    entries: dict[tuple, Entry] = {}
    while True:
        kind, word, match = tokens.next("ett nyckelord")
        if kind != "word":
            raise tokens.fail(f"väntade ett nyckelord, fick '{word}'", match)
        keyword, line = word.upper(), tokens.line_at(match.start())
        lang, sub = None, []
        kind, value, match = tokens.next(f"'=' efter {keyword}")
        if value == "[":
            kind, lang, match = tokens.next("ett språk")
            if kind != "word":
                raise tokens.fail(f"väntade ett språk efter {keyword}[, fick '{lang}'", match)
            kind, value, match = tokens.next("']'")
            if value != "]":
                raise tokens.fail(f"väntade ']' efter {keyword}[{lang}, fick '{value}'", match)
            kind, value, match = tokens.next(f"'=' efter {keyword}")
        if value == "(":
            while True:
                kind, item, match = tokens.next("')'")
                if kind == "punct":
                    raise tokens.fail(f"väntade en text inom {keyword}( ), fick '{item}'", match)
                sub.append(item[1:-1] if kind == "str" else item)
                kind, value, match = tokens.next("')'")
                if value == ")":
                    break
                if value != ",":
                    raise tokens.fail(f"väntade ',' eller ')' i {keyword}( ), fick '{value}'",
                                      match)
            kind, value, match = tokens.next(f"'=' efter {keyword}")
        if value != "=":
            raise tokens.fail(f"väntade '=' efter {keyword}, fick '{value}'", match)
        if keyword == "DATA":
            return entries, match.end(), tokens.line_at(match.start())
        values, quoted = _values(tokens, keyword)
        key = (keyword, lang, tuple(sub))
        if key in entries:
            if keyword not in _REPEATABLE:
                name = keyword + (f"[{lang}]" if lang else "")
                name += "(" + ",".join(f'"{s}"' for s in sub) + ")" if sub else ""
                raise InputError(f"{name} förekommer två gånger (först på rad "
                                 f"{entries[key].line}); väntade en gång", file=file, row=line)
            entries[key].values.extend(values)
            entries[key].quoted.extend(quoted)
        else:
            entries[key] = Entry(keyword, lang, tuple(sub), values, quoted, line)


def _values(tokens: _Tokens, keyword: str):
    values, quoted, current, is_quoted = [], [], None, False
    while True:
        kind, token, match = tokens.next(f"';' efter värdena för {keyword}")
        if kind == "punct" and token in ",;":
            if current is not None or token == "," or values:
                values.append(current or "")
                quoted.append(is_quoted)
            current, is_quoted = None, False
            if token == ";":
                return values, quoted
        elif kind == "str":
            current, is_quoted = (current or "") + token[1:-1], True
        elif kind == "word" and token.upper() == "TLIST":
            parts = []
            kind, token, match = tokens.next("'(' efter TLIST")
            if token != "(":
                raise tokens.fail(f"väntade '(' efter TLIST, fick '{token}'", match)
            while True:
                kind, token, match = tokens.next("')' efter TLIST(")
                if token == ")":
                    break
                if kind == "punct" and token != ",":
                    raise tokens.fail(f"väntade ')' efter TLIST(, fick '{token}'", match)
                parts.append(token[1:-1] if kind == "str" else token)
            current = "TLIST(" + "".join(parts) + ")"
        elif kind == "word":
            current = (current or "") + token
        else:
            raise tokens.fail(f"väntade ett värde, ',' eller ';' efter {keyword}=, fick '{token}'",
                              match)


# Stands for an empty quoted cell ("") among the DATA tokens: a private-use character, since
# NumPy strings drop NUL and str.split() splits at the ASCII separators.
_EMPTY = "\ue000"
_NOT_PLAIN = re.compile(r"[^0-9eE+\-.\s]")


def split_data(text: str, start: int, first_line: int, *, file: str | None):
    """The DATA part's tokens (quotes removed) and the line of each, up to its ``;``."""
    end = text.find(";", start)
    if end < 0:
        raise InputError("DATA saknar avslutande ';' (är filen avkortad?)", file=file,
                         row=first_line + text.count("\n", start))
    rest = text[end + 1:].strip(" \t\r\n\x1a\x00")
    if rest:
        raise InputError(f"väntade filens slut efter DATA-delens ';', fick '{rest[:20]}'",
                         file=file, row=first_line + text.count("\n", start, end))
    body = text[start:end]
    if _EMPTY in body:
        raise InputError("DATA innehåller tecknet U+E000; väntade tal och symboler",
                         file=file,
                         row=first_line + text.count("\n", start, text.index(_EMPTY, start)))
    if '"' in body:
        # Only symbols are quoted in DATA; PxWeb's parser also just strips the quotes.
        body = body.replace('""', f" {_EMPTY} ").replace('"', " ")
    tokens, counts = [], []
    for line in body.replace(",", " ").replace("\t", " ").split("\n"):
        parts = line.split()
        tokens.extend(parts)
        counts.append(len(parts))
    lines = np.repeat(np.arange(first_line, first_line + len(counts)), counts)
    return tokens, lines


_KEYS_TOKEN = re.compile(r'"([^"\r\n]*)"|([^\s,;"]+)|(;)|(")')


def keys_rows(text: str, start: int, first_line: int, n_keys: int, n_cells: int, *,
              file: str | None):
    """Rows of a KEYS file: ``[(line, keys, cell tokens), ...]``."""
    rows, row, line, position = [], [], first_line, start
    for match in _KEYS_TOKEN.finditer(text, start):
        line += text.count("\n", position, match.start())
        position = match.start()
        if match.group(4):
            raise InputError("en text saknar avslutande citattecken (\")", file=file, row=line)
        if match.group(3):
            if row:
                raise InputError(f"DATA-raden är ofullständig: {len(row)} fält, väntade "
                                 f"{n_keys} nycklar och {n_cells} värden", file=file, row=line)
            rest = text[match.end():].strip(" \t\r\n\x1a\x00")
            if rest:
                raise InputError(f"väntade filens slut efter DATA-delens ';', fick "
                                 f"'{rest[:20]}'", file=file, row=line)
            return rows
        token = match.group(2) if match.group(2) is not None else match.group(1) or _EMPTY
        if token == _EMPTY and match.group(1) is None:
            raise InputError("DATA innehåller tecknet U+E000; väntade tal och symboler",
                             file=file, row=line)
        if not row:
            row_line = line
        row.append(token)
        if len(row) == n_keys + n_cells:
            keys = ["" if k == _EMPTY else k for k in row[:n_keys]]
            rows.append((row_line, keys, row[n_keys:]))
            row = []
    raise InputError("DATA saknar avslutande ';' (är filen avkortad?)", file=file, row=line)


def cell_values(tokens: list[str], lines: np.ndarray, *, file: str | None):
    """Numbers and symbols of data tokens: ``(value, symbol)`` arrays."""
    text = np.array(tokens, dtype=object)
    is_symbol = pd.Series(text).isin(_SYMBOL_TOKENS).to_numpy(dtype=bool)
    numbers = text[~is_symbol]
    try:
        value = numbers.astype(np.float64)
        # float() also takes 'nan', 'inf', '1_0' and non-ASCII digits; the charset rules them out
        plain = not _NOT_PLAIN.search(" ".join(numbers)) and np.isfinite(value).all()
    except ValueError:
        plain = False
    if not plain:
        number = re.compile(_NUMBER, re.ASCII)
        for position in np.flatnonzero(~is_symbol):
            token = tokens[position]
            if not number.fullmatch(token) or not np.isfinite(float(token)):
                raise InputError(f"väntade ett tal eller en av symbolerna . .. ... .... ..... "
                                 f"...... - \"\", fick '{token}'", file=file,
                                 row=int(lines[position]))
        value = numbers.astype(np.float64)
    values = np.full(len(tokens), np.nan)
    values[~is_symbol] = value
    symbol = np.full(len(tokens), None, dtype=object)
    found = text[is_symbol]
    found[found == _EMPTY] = ""
    symbol[is_symbol] = found
    return values, symbol


_SYMBOL_TOKENS = [s for s in SYMBOLS if s] + [_EMPTY]
