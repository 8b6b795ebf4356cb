"""PC-Axis (.px) files → jamlik's tidy rows: :func:`read_px`.

Reads what real files from SCB's Statistikdatabasen (and other PxWeb sites) hold:
language variants (``TITLE[en]``; ``language=`` picks one, Swedish when the file
has it), Windows-1252 (``CHARSET="ANSI"``), UTF-8 or any ``CODEPAGE``, texts
split over lines, STUB/HEADING order, VALUES and CODES (codes are the keys;
without CODES the texts are), VARIABLECODE, ELIMINATION values (the total of a
breakdown), TIMEVAL (the time variable; ``TLIST(Q1)`` periods ``19951`` are
written ``1995K1``), CONTENTS/UNITS/DECIMALS, CONTVARIABLE with per-contents
UNITS and PRECISION, the sparse KEYS layout (rows left out are zeros, as the
format says), DATASYMBOL1–6/DATASYMBOLNIL (how a symbol is shown, kept in the
reason) and DATANOTE/DATANOTECELL (a note on cells, kept as ``flag``). How the
cube becomes tidy rows (areas, periods, indicators, breakdowns, symbols) is
described in :mod:`jamlik.ingest._scb_cube`.

Dependency decision. The project meant to use ``pyaxis`` (0.4.3) for this; it
was tried on the fixtures in ``tests/fixtures/px`` and rejected: it ignores
KEYS (it pairs the full cartesian product with the sparse rows' tokens, keys
included: a bare length ``ValueError``, or values in the wrong cells when the
counts happen to match), never puts CODES in the table, takes the encoding
from the caller instead of CHARSET/CODEPAGE, knows only two symbols (``".."``
becomes NaN, ``"."`` an empty string; ``"..."``, ``"-"`` and ``""`` stay as
quoted text among numbers that also stay text), makes two notes of a text
split over two lines, splits the file at the first ``DATA=`` even inside a
note, takes a path or URL instead of bytes (and fetches URLs with requests),
calls ``logging.basicConfig(level=INFO)`` on import and prints to stdout, and
fails with bare ``ValueError``/``KeyError`` without file or line (each was shown by a test
when pyaxis was evaluated; the dependency was then dropped). Speed is no reason either way: on a file of
1.74 million cells (290 kommuner × 100 ages × 2 sexes × 30 years, 8.3 MB) pyaxis
took 3.3–4.0 s to return five text columns, :func:`read_px` 4.0–4.7 s for the
typed tidy table (2 cores, shared machine). This module reads the format
itself, following SCB's specification and PxWeb's reference parser.
"""

from __future__ import annotations

import codecs
import math
import re

import numpy as np

from jamlik.errors import ArgumentError, InputError, option

from ._base import Format, Parsed, register
from ._px_syntax import (cell_values, decimal_comma_example, decode_px, keys_rows,
                         parse_entries, split_data)
from ._scb_cube import MAX_CELLS, Cells, Table, Variable, check_options, to_tidy, unravel

__all__ = ["read_px", "sniff_px"]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


class _Meta:
    """The keywords, looked up in one language with the default language as fallback."""

    def __init__(self, entries: dict, language: str | None, file: str | None):
        self.entries, self.file = entries, file
        self.default = self.text("LANGUAGE", lang=None)
        declared = self.texts("LANGUAGES", lang=None) or ([self.default] if self.default else [])
        self.declared_languages = declared or None
        self.languages = declared or ["sv"]
        if language is None:
            language = "sv" if "sv" in self.languages else (self.default or "sv")
        elif language not in self.languages and language != self.default:
            raise InputError(f"språket '{language}' finns inte i filen; LANGUAGES anger "
                             f"{', '.join(self.languages)}", file=file)
        self.language = language
        self.lang = None if language == (self.default or language) else language

    def entry(self, keyword, sub=(), sub_default=None, *, lang="chosen"):
        lang = self.lang if lang == "chosen" else lang
        found = self.entries.get((keyword, lang, tuple(sub)))
        if found is None and lang is not None:
            found = self.entries.get((keyword, None, tuple(sub if sub_default is None
                                                            else sub_default)))
        return found

    def texts(self, keyword, sub=(), sub_default=None, *, lang="chosen"):
        found = self.entry(keyword, sub, sub_default, lang=lang)
        return None if found is None else found.values

    def text(self, keyword, sub=(), sub_default=None, *, lang="chosen"):
        values = self.texts(keyword, sub, sub_default, lang=lang)
        return " ".join(values) if values else None

    def names(self, lang):
        stub = self.texts("STUB", lang=lang) or []
        heading = self.texts("HEADING", lang=lang) or []
        return stub, heading


def _variables(meta: _Meta):
    stub, heading = meta.names(None)
    if not stub and not heading:
        raise InputError("STUB och HEADING saknas; väntade minst en av dem", file=meta.file)
    chosen = meta.names(meta.lang) if meta.lang else (stub, heading)
    if [len(x) for x in chosen] != [len(stub), len(heading)]:
        raise InputError(f"STUB/HEADING på språket '{meta.language}' har inte samma variabler "
                         "som standardspråket", file=meta.file)
    english = None
    if meta.language != "en" and "en" in meta.languages:
        english = meta.names(None if meta.default == "en" else "en")
        english = english[0] + english[1] if len(english[0] + english[1]) == len(
            stub + heading) else None
    contvariable = meta.text("CONTVARIABLE")
    variables = []
    for i, (name, name_d) in enumerate(zip(chosen[0] + chosen[1], stub + heading)):
        var = _variable(meta, name, name_d, contvariable=contvariable,
                        english=english[i] if english is not None else None)
        var.placement = "stub" if i < len(stub) else "heading"
        variables.append(var)
    return variables


def _variable(meta: _Meta, name: str, name_d: str, *, contvariable: str | None,
              english: str | None) -> Variable:
    """One variable of STUB or HEADING (``name`` in the chosen language, ``name_d`` in the
    default one) with its codes, labels, total and role."""
    values, values_d, codes, timeval, where = _values_and_codes(meta, name, name_d)
    var = Variable(meta.text("VARIABLECODE", (name,), (name_d,)) or name_d, name,
                   list(codes), list(values), where=where)
    elimination = meta.entry("ELIMINATION", (name,), (name_d,))
    if elimination and elimination.values and elimination.quoted[0] and (
            elimination.values[0] in values):
        var.total = codes[values.index(elimination.values[0])]
    kind = (meta.text("VARIABLE-TYPE", (name,), (name_d,)) or "").upper()
    if timeval is not None or kind == "T":
        var.role = "time"
        var.scale = _scale(timeval)
    elif contvariable in (name, name_d):
        var.role = "metric"
        var.units = {c: u for c, v, vd in zip(codes, values, values_d)
                     if (u := meta.text("UNITS", (v,), (vd,)))}
        if english is not None:
            labels_en = meta.texts("VALUES", (english,),
                                   lang=None if meta.default == "en" else "en")
            var.labels_en = labels_en if labels_en and len(labels_en) == len(codes) else None
    elif kind == "G":
        var.role = "geo"
    var.name_default, var.values_default = name_d, values_d
    return var


def _values_and_codes(meta: _Meta, name: str, name_d: str):
    """(values, default-language values, codes, TIMEVAL entry, line) of one variable, checked."""
    values_d = meta.texts("VALUES", (name_d,), lang=None)
    values = meta.texts("VALUES", (name,), (name_d,))
    timeval = meta.entry("TIMEVAL", (name,), (name_d,))
    where = timeval.line if timeval else None
    if values is None and timeval is not None:
        values = values_d = _timeval_values(timeval, meta.file)
    if values is None or values_d is None:
        raise InputError(f'VALUES("{name_d}") saknas; väntade värdena för varje variabel i '
                         "STUB och HEADING", file=meta.file)
    entry = meta.entry("VALUES", (name,), (name_d,))
    where = where or (entry.line if entry else None)
    codes_entry = meta.entry("CODES", (name,), (name_d,))
    codes = codes_entry.values if codes_entry else values_d
    if codes_entry is None and timeval is not None and len(timeval.values) > 1 and len(
            timeval.values) - 1 == len(values_d) and any(
            re.search(r"\s", v.strip()) for v in values_d):
        # TIMEVAL lists the time codes ("19711" in TLIST(H1)) where VALUES are texts
        # such as "1971 January" (Statistics Greenland)
        codes = timeval.values[1:]
    label = "CODES" if codes_entry else "VALUES"
    if not (len(values) == len(values_d) == len(codes)) or not codes:
        raise InputError(f'{label}("{name_d}") har {len(codes)} värden och VALUES '
                         f"{len(values)}; väntade lika många (minst ett)", file=meta.file,
                         row=codes_entry.line if codes_entry else where)
    if len(set(codes)) < len(codes):
        duplicate = next(c for c in codes if codes.count(c) > 1)
        raise InputError(f'{label}("{name_d}") har "{duplicate}" två gånger; väntade olika '
                         "koder", file=meta.file,
                         row=codes_entry.line if codes_entry else where)
    return values, values_d, codes, timeval, where


def _scale(timeval):
    match = re.match(r"TLIST\((\w+)", timeval.values[0]) if timeval and timeval.values else None
    return match.group(1).upper() if match else None


def _timeval_values(entry, file):
    first = entry.values[0] if entry.values else ""
    match = re.fullmatch(r"TLIST\((A1),(\d{4})-(\d{4})\)", first)
    if len(entry.values) > 1:
        return entry.values[1:]
    if match and int(match.group(2)) <= int(match.group(3)) <= int(match.group(2)) + 1000:
        return [str(y) for y in range(int(match.group(2)), int(match.group(3)) + 1)]
    raise InputError(f"väntade VALUES för tidsvariabeln eller TIMEVAL som TLIST(A1, \"1994\"-"
                     f"\"1996\"), fick {first}", file=file, row=entry.line)


def _dense(text, start, line, variables, file, warnings):
    sizes = [len(v.codes) for v in variables]
    expected = math.prod(sizes)
    found: list[str] = []
    tokens, lines = split_data(text, start, line, file=file, warnings=found)
    example = decimal_comma_example(text, start) if len(tokens) != expected else None
    if example is not None:
        # "1,5 2,5": the PX format separates values with commas and writes decimals with a
        # point; when reading the commas as decimal signs gives the right count, that is
        # what the file means.
        decimal = split_data(text, start, line, file=file, decimal_comma=True, warnings=[])
        if len(decimal[0]) == expected:
            tokens, lines = decimal
            warnings.append(f"DATA skriver decimaltal med decimalkomma (t.ex. '{example}'); "
                            "kommat lästes som decimaltecken")
    if len(tokens) != expected and found:
        raise InputError(f"DATA saknar avslutande ';' och har {len(tokens)} värden; väntade "
                         f"{expected} (är filen avkortad?)", file=file,
                         row=int(lines[-1]) if len(lines) else line)
    warnings.extend(found)
    if len(tokens) != expected:
        where = int(lines[expected]) if len(tokens) > expected else int(lines[-1]) if len(
            lines) else line
        hint = (f"; DATA verkar ha decimalkomma (t.ex. '{example}'), men PX-formatet skiljer "
                "värden med komma och skriver decimaler med punkt: spara filen med decimalpunkt"
                if example else "")
        raise InputError(f"DATA har {len(tokens)} värden; väntade {expected} (= "
                         f"{' × '.join(map(str, sizes))} enligt VALUES){hint}", file=file,
                         row=where)
    value, symbol = cell_values(tokens, lines, file=file)
    return list(unravel(np.arange(expected), sizes)), value, symbol, lines, 0


def _keys(meta, text, start, line, variables, file):
    stub = [v for v in variables if v.placement == "stub"]
    lookups = []
    for var in stub:
        mode = (meta.text("KEYS", (var.label,), (var.name_default,)) or "").upper()
        if mode not in ("CODES", "VALUES"):
            raise InputError(f'KEYS("{var.label}") saknas eller är inte CODES/VALUES; med KEYS '
                             "måste varje variabel i STUB ha det", file=file)
        keys = var.codes if mode == "CODES" else var.values_default
        lookups.append(({k: p for p, k in enumerate(keys)}, mode))
    sizes = [len(v.codes) for v in variables]
    n_rows = math.prod(sizes[:len(stub)])
    n_cells = math.prod(sizes[len(stub):])
    rows = keys_rows(text, start, line, len(stub), n_cells, file=file)
    seen = {}
    flat, tokens, lines = [], [], []
    for row_line, keys, cells in rows:
        index = 0
        for var, (lookup, mode), key in zip(stub, lookups, keys):
            if key not in lookup:
                raise InputError(f"okänd nyckel '{key}' för variabeln '{var.label}' (KEYS={mode})",
                                 file=file, row=row_line)
            index = index * len(var.codes) + lookup[key]
        if index in seen:
            raise InputError(f"raden med nycklarna {', '.join(keys)} finns redan på rad "
                             f"{seen[index]}; väntade varje rad en gång", file=file, row=row_line)
        seen[index] = row_line
        flat.append(index)
        tokens.extend(cells)
        lines.extend([row_line] * n_cells)
    value_rows, symbol_rows = cell_values(tokens, np.array(lines, dtype=int), file=file)
    total = n_rows * n_cells
    value, symbol = np.zeros(total), np.full(total, None, dtype=object)
    row = np.full(total, line, dtype=int)
    if flat:
        positions = (np.array(flat)[:, None] * n_cells + np.arange(n_cells)).reshape(-1)
        value[positions], symbol[positions], row[positions] = value_rows, symbol_rows, lines
    index = list(unravel(np.arange(total), sizes))
    return index, value, symbol, row, n_rows - len(flat)


def _notes(meta, variables, index, n):
    """DATANOTECELL (codes, '*' for any) and DATANOTE(variable, value) as a note per cell."""
    note = np.full(n, None, dtype=object)
    any_note = False
    notes = [key for key in meta.entries if key[0] in ("DATANOTECELL", "DATANOTE")]
    # the chosen language's notes, else the default language's (matched by its own names)
    lang = meta.lang if any(key[1] == meta.lang for key in notes) else None
    for keyword, _lang, sub in (key for key in notes if key[1] == lang):
        entry = meta.entries[(keyword, lang, sub)]
        if not entry.values:
            continue
        mask = np.ones(n, dtype=bool)
        if keyword == "DATANOTECELL" and len(sub) == len(variables):
            for var, idx, code in zip(variables, index, sub):
                if code != "*" and code in var.codes:
                    mask &= idx == var.codes.index(code)
                elif code != "*":
                    mask[:] = False
        elif keyword == "DATANOTE" and len(sub) == 2:
            names = [v.label if lang else v.name_default for v in variables]
            if sub[0] not in names:
                continue
            k = names.index(sub[0])
            values = variables[k].values if lang else variables[k].values_default
            mask = index[k] == values.index(sub[1]) if sub[1] in values else mask & False
        else:
            continue
        text = " ".join(entry.values)
        note[mask] = [text if old is None else f"{old} {text}" for old in note[mask]]
        any_note = any_note or bool(mask.any())
    return note if any_note else None


def read_px(data: bytes, *, file: str | None = None, language: str | None = None,
            encoding: str | None = None, area_version: str | None = None,
            area_code: str | None = None, period: str | None = None,
            table_id: str | None = None, dash: str | None = None) -> Parsed:
    """Read a PC-Axis file into jamlik's tidy rows.

    Parameters
    ----------
    data
        The bytes of the file.
    file
        Its name, for messages.
    language
        Which language's texts to use (``"sv"``, ``"en"``); Swedish when the
        file has it, else its LANGUAGE.
    encoding
        Override the character set the file declares.
    area_version
        Force the area version of the region codes (see :mod:`._scb_areas`).
    area_code, period
        The area and period of every row when the table has no region or time
        variable.
    table_id
        The table id; by default TABLEID, else MATRIX.
    dash
        What ``-`` in DATA means: ``"nil"`` (the value 0, SCB's meaning) or
        ``"missing"``; by default nil when the file has DATASYMBOLNIL or is
        Swedish, else missing (with a warning).

    Returns
    -------
    Parsed
        The tidy frame (checked), the table id and details: title, encoding,
        language, notes, decimals and warnings.
    """
    check_options(data, file=file, area_version=area_version, area_code=area_code,
                  period=period, table_id=table_id, dash=dash)
    _check_language_and_encoding(language, encoding)
    text, used, warnings = decode_px(bytes(data), file=file, encoding=encoding)
    entries, start, line = parse_entries(text, file=file)
    meta = _Meta(entries, language, file)
    variables = _variables(meta)
    total = math.prod(len(v.codes) for v in variables)
    if total > MAX_CELLS:
        raise InputError(f"tabellen har {total} celler enligt VALUES; högst {MAX_CELLS} kan läsas "
                         "på en gång (dela upp uttaget)", file=file)
    sparse = any(key[0] == "KEYS" for key in entries)
    if sparse:
        index, value, symbol, rows, filled = _keys(meta, text, start, line, variables, file)
    else:
        index, value, symbol, rows, filled = _dense(text, start, line, variables, file, warnings)
    for var in variables:
        if var.role == "time" and var.scale in ("H1", "Q1", "M1", "W1"):
            var.codes = [_timecode(c, var.scale) for c in var.codes]
    table_id = table_id or meta.text("TABLEID", lang=None) or meta.text("MATRIX", lang=None)
    if not table_id:
        raise InputError(f"MATRIX (tabellens id) saknas; ange den med {option('table_id')}",
                         file=file)
    shown = {"." * n: meta.text(f"DATASYMBOL{n}") for n in range(1, 7)}
    shown["-"] = meta.text("DATASYMBOLNIL")
    details = _details(meta, entries, variables, encoding=used, keys=sparse, filled=filled,
                       warnings=warnings)
    table = Table(variables, Cells(index, value, symbol, rows, _notes(meta, variables, index,
                                                                       len(value))),
                  table_id, source=meta.text("SOURCE"), contents=meta.text("CONTENTS"),
                  unit=meta.text("UNITS"), shown_as={k: v for k, v in shown.items() if v},
                  details=details,
                  agency_texts=[" ".join(e.values) for k, e in entries.items()
                                if k[0] in ("SOURCE", "CONTACT", "COPYRIGHT") and e.values],
                  languages=meta.declared_languages)
    frame, details = to_tidy(table, file=file, area_version=area_version, area_code=area_code,
                             period=period, dash=dash)
    return Parsed(frame=frame, table_id=table_id, details=details)


def _check_language_and_encoding(language: object, encoding: object) -> None:
    if language is not None and (not isinstance(language, str) or not _LANGUAGE.match(language)):
        raise ArgumentError(
            f"language måste vara en språkkod som 'sv' eller 'en', fick {language!r}")
    if encoding is not None:
        try:
            if not getattr(codecs.lookup(encoding), "_is_text_encoding", True):
                raise LookupError(encoding)
        except (LookupError, TypeError, ValueError):
            raise ArgumentError(f"encoding måste vara en teckenkodning som 'utf-8' eller "
                                f"'cp1252', fick {encoding!r}") from None


def _details(meta: _Meta, entries, variables, *, encoding, keys, filled, warnings) -> dict:
    """What :func:`read_px` tells about the file besides its cells."""
    return {
        "format": "px", "encoding": encoding, "language": meta.language,
        "languages": meta.languages, "title": meta.text("TITLE"),
        "contents": meta.text("CONTENTS"), "decimals": meta.text("DECIMALS", lang=None),
        "keys": keys, "keys_rows_filled": filled, "warnings": warnings,
        "notes": [" ".join(e.values) for k, e in entries.items()
                  if k[0] in ("NOTE", "NOTEX") and k[1] == meta.lang],
        "precision": {f"{v.label}={v.labels[j]}": int(p) for v in variables
                      for j in range(len(v.codes))
                      if (p := meta.text("PRECISION", (v.label, v.labels[j]),
                                         (v.name_default, v.values_default[j]))) and p.isdigit()},
    }


def _timecode(code: str, scale: str) -> str:
    """A TLIST code (PX format: H1 ``19951``, Q1 ``19951``, M1 ``199501``, W1 ``199501``)
    as a period code (``1995H1``, ``1995K1``, ``1995M01``, ``1995V01``)."""
    letter = {"H1": "H", "Q1": "K", "M1": "M", "W1": "V"}[scale]
    if scale in ("H1", "Q1") and re.fullmatch(r"\d{5}", code):
        return f"{code[:4]}{letter}{code[4]}"
    if scale in ("M1", "W1") and re.fullmatch(r"\d{6}", code):
        return f"{code[:4]}{letter}{code[4:]}"
    return code


_SNIFF = re.compile(rb"^\s*(CHARSET|AXIS-VERSION|CODEPAGE|LANGUAGE|CREATION-DATE|DECIMALS|MATRIX"
                    rb"|SUBJECT-CODE|TITLE|CONTENTS|STUB|HEADING)\s*(\[[^\]\r\n]*\])?\s*=", re.M)


def sniff_px(data: bytes, file: str) -> bool:
    """A ``.px`` name, or PX keywords at line starts in the first 4 kB."""
    if str(file).lower().endswith(".px"):
        return True
    head = bytes(data[:4096]).lstrip(b"\xef\xbb\xbf")
    return b";" in head and len(_SNIFF.findall(head)) >= 2


register(Format("px", "PC-Axis-fil (.px) från SCB:s Statistikdatabasen eller annan PxWeb",
                read_px, sniff_px))
