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

from jamlik.errors import InputError, option


__all__ = ["Entry", "decode_px", "parse_entries", "split_data", "keys_rows", "cell_values",
           "decimal_comma_example", "SYMBOLS"]

# Keywords that real files repeat (notes, contacts); their texts are joined. Any other
# keyword given twice with the same language and sub keys is an error.
_REPEATABLE = {"NOTE", "NOTEX", "VALUENOTE", "VALUENOTEX", "CELLNOTE", "CELLNOTEX", "INFO",
               "CONTACT", "DATANOTE", "DATANOTECELL", "META-ID", "LINK", "SOURCE", "DATABASE"}
SYMBOLS = (".", "..", "...", "....", ".....", "......", "-", "")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
# A quoted text may continue on the next line (Statistics Norway writes long NOTEs so;
# PxWeb's parser reads them); its line break becomes a space.
_TOKEN = re.compile(r'(?P<str>"[^"]*")|(?P<punct>[\[\]()=,;])|(?P<word>[^\s"\[\]()=,;]+)'
                    r'|(?P<quote>")')
_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
# A "text" that swallowed a keyword line is a missing closing quote, not a long text.
_SWALLOWED = re.compile(r'\n\s*[A-Za-z][A-Za-z0-9-]*(\[[^\]\n]*\])?(\([^)\n]*\))?\s*=')
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

    The decoded text is then checked for the signs of a wrong guess in Nordic
    text (:func:`_wrong_guess`): an undeclared file that reads wrong as code page
    850 but right as Windows-1252 is read as Windows-1252 with a warning naming
    both; one that reads wrong either way is refused with a request for
    ``encoding``; a declared encoding is kept, with a warning naming the sign.
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
        return _undeclared(raw, head, file)
    text, used, warnings = _declared(raw, declared, encoding, codepage, file)
    sign = _wrong_guess(text[: len(head)])
    if sign and not warnings:
        why = f"{option('encoding')}" if encoding else f"filen anger '{declared}'"
        warnings.append(f"texten ser felkodad ut ({sign}) fast {why}; kontrollera tecknen och "
                        f"ange rätt kodning med {option('encoding')} (t.ex. utf-8, cp1252, cp850)")
    return text, used, warnings


def _undeclared(raw: bytes, head: bytes, file: str | None):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        sign = _wrong_guess(text[: len(head)])
        warnings = [f"filen anger ingen teckenkodning och lästes som UTF-8, men texten ser "
                    f"felkodad ut ({sign}); ange rätt kodning med {option('encoding')}"] if sign else []
        return text, "utf-8", warnings
    dos = raw.decode("cp850")
    sign = _wrong_guess(dos[: len(head)])
    if sign is None:
        return dos, "cp850", []
    windows = raw.decode("cp1252", errors="replace")
    if "\ufffd" not in windows and _wrong_guess(windows[: len(head)]) is None:
        example = _word_at(windows, _wrong_guess_at(dos))
        return windows, "windows-1252", [
            f"filen anger ingen teckenkodning (CODEPAGE eller CHARSET); enligt PX-formatet är den "
            f"då DOS-text (kodsida 850), men då blir texten fel ({sign}); den lästes som "
            f"windows-1252 ('{example}'). Ange {option('encoding')} 'cp850' om det var rätt"]
    raise InputError(f"filen anger ingen teckenkodning och texten blir fel både som kodsida 850 "
                     f"({sign}) och som windows-1252; ange filens kodning med "
                     f"{option('encoding')} (t.ex. utf-8, cp1252, cp850, iso-8859-15)", file=file)


def _declared(raw: bytes, declared: str, encoding: str | None, codepage, file: str | None):
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
    why = f"{option('encoding')} '{encoding}'" if encoding else f"CODEPAGE=\"{declared}\""
    return _strict(raw, codec, why, file), codec, []


# The signs of text decoded with the wrong table, in Nordic text. Windows-1252 letters
# read as code page 850 become ÷ (ö), õ (ä), Õ (å), box-drawing characters (Ä Å) and
# others; code page 850 letters read as Windows-1252 become „ (ä), † (å), ” (ö), and
# bytes Windows-1252 lacks become C1 control characters; UTF-8 read as a one-byte code
# becomes "Ã¶" (ö), "Ã¤" (ä), "Ã¥" (å).
_SIGNS = (
    (re.compile(r"[\u0080-\u009f]"), "styrtecken U+0080–U+009F"),
    (re.compile(r"[\u2500-\u259f]"), "ramtecken"),
    (re.compile(r"[ÃÂ][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                r"\u2013-\u203a\u20ac\u2122]"), "UTF-8 läst som en annan kodning"),
    (re.compile(r"(?<=[^\W\d_])[÷õÕ„†Ž›¤]|÷(?=[^\W\d_])"), "ett tecken som inte hör hemma i ett ord"),
    (re.compile("\ufffd"), "ersättningstecknet U+FFFD"),
)


def _wrong_guess(text: str) -> str | None:
    """The first sign that ``text`` was decoded wrongly, as ``"ramtecken: 'k─n'"``, or None."""
    found = _first_sign(text)
    return None if found is None else f"{found[1]}: '{_word_at(text, found[0])}'"


def _first_sign(text: str) -> tuple[int, str] | None:
    found = [(m.start(), name) for pattern, name in _SIGNS if (m := pattern.search(text))]
    return min(found) if found else None


def _wrong_guess_at(text: str) -> int | None:
    found = _first_sign(text)
    return None if found is None else found[0]


def _word_at(text: str, position: int | None) -> str:
    if position is None:
        return ""
    start, end = position, position + 1
    while start > 0 and position - start < 30 and text[start - 1] not in ' "\n\r,;=()':
        start -= 1
    while end < len(text) and end - position < 30 and text[end] not in ' "\n\r,;=()':
        end += 1
    return text[start:end]


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
        if kind == "str" and "\n" in match.group() and _SWALLOWED.search(match.group()):
            kind = "quote"
        if kind == "quote":
            raise InputError("en text saknar avslutande citattecken (\") på raden", file=self.file,
                             row=self.line_at(match.start()))
        token = match.group()
        if kind == "str" and "\n" in token:
            token = _BREAK.sub(" ", token)
        return kind, token, match

    def fail(self, problem: str, match) -> InputError:
        return InputError(problem, file=self.file, row=self.line_at(match.start()))


def parse_entries(text: str, *, file: str | None):
    """The keywords before ``DATA=``; return ``(entries, data_start, data_line)``.

    ``entries`` maps ``(KEYWORD, language, sub keys)`` to an :class:`Entry`.
    """
    tokens = _Tokens(text, file)
    entries: dict[tuple, Entry] = {}
    last = None
    while True:
        kind, word, match = tokens.next("ett nyckelord")
        if kind == "str" and last is not None and last.quoted and last.quoted[-1]:
            # NOTE="…";\n"…"; : a text continued as a statement of its own (Statistics
            # Norway); PxWeb joins it to the previous keyword's last text.
            values, quoted = _values(tokens, last.keyword, word[1:-1])
            last.values[-1] = f"{last.values[-1]} {values[0]}".strip()
            last.values.extend(values[1:])
            last.quoted.extend(quoted[1:])
            continue
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
        last = entries[key]


def _values(tokens: _Tokens, keyword: str, current: str | None = None):
    values, quoted, is_quoted = [], [], current is not None
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


# What may follow a data row's ";" when every row ends in one: more rows of numbers and
# symbols (some writers end each DATA row with ";", and PxWeb reads them).
_DATA_ROWS = re.compile(r'[0-9eE+\-.,\s";]*;[\s\x1a\x00]*')


def split_data(text: str, start: int, first_line: int, *, file: str | None,
               decimal_comma: bool = False, warnings: list[str] | None = None):
    """The DATA part's tokens (quotes removed) and the line of each, up to its ``;``.

    With ``decimal_comma`` a comma between digits is a decimal sign (``1,5``),
    not a separator. Given a ``warnings`` list, DATA may end at the end of the
    file without ``;`` (files in PxWeb's own example database do; a truncated
    file is then caught by the count of values), with a warning.
    """
    end = text.find(";", start)
    if end < 0 and warnings is not None:
        warnings.append("DATA saknar avslutande ';'; värdena lästes till filens slut")
        end = len(text)
    if end < 0:
        raise InputError("DATA saknar avslutande ';' (är filen avkortad?)", file=file,
                         row=first_line + text.count("\n", start))
    rest = text[end + 1:].strip(" \t\r\n\x1a\x00")
    if rest and _DATA_ROWS.fullmatch(text, end + 1):
        end = text.rindex(";")
        rest = ""
    if rest:
        raise InputError(f"väntade filens slut efter DATA-delens ';', fick '{rest[:20]}'",
                         file=file, row=first_line + text.count("\n", start, end))
    body = text[start:end].replace(";", " ")
    if _EMPTY in body:
        raise InputError("DATA innehåller tecknet U+E000; väntade tal och symboler",
                         file=file,
                         row=first_line + text.count("\n", start, text.index(_EMPTY, start)))
    if '"' in body:
        # Only symbols are quoted in DATA; PxWeb's parser also just strips the quotes.
        body = body.replace('""', f" {_EMPTY} ").replace('"', " ")
    if decimal_comma:
        body = _DECIMAL_COMMA.sub(".", body)
    tokens, counts = [], []
    for line in body.replace(",", " ").replace("\t", " ").split("\n"):
        parts = line.split()
        tokens.extend(parts)
        counts.append(len(parts))
    lines = np.repeat(np.arange(first_line, first_line + len(counts)), counts)
    return tokens, lines


_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


def decimal_comma_example(text: str, start: int) -> str | None:
    """The first number written with a decimal comma in DATA (``'1,5'``), if any."""
    end = text.find(";", start)
    match = re.search(r"(?<![\d.,])[+-]?\d+,\d+(?![\d,])", text[start:end if end >= 0 else None])
    return match.group() if match else None


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
