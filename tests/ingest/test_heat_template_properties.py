"""Property: any input gives a tidy table that passes check_frame, or an InputError."""

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.errors import InputError
from jamlik.ingest import write_heat_template
from jamlik.ingest._heat import TEMPLATE_COLUMNS, read_heat_template
from jamlik.ingest._tidy import check_frame

FIXTURES = Path(__file__).parents[1] / "fixtures" / "heat_template"
SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def rows_of(name):
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return [list(row.values()) for row in csv.DictReader(handle)]


TEMPLATES = {name: rows_of(name) for name in ("who_example.csv", "goteborg.csv")}
tricky = st.sampled_from([
    "", " ", "0", "1", "2", "-1", "0.5", "1,5", "2017", "17", "1e999", "NaN", "inf", "abc",
    "Göteborg", "Indonesia", "IDN", "SE", "sba", "total", "Total", "Kön", "kön", "Quintile 2",
    "aceh", "100", "1000", "91.59669", "\u00a0", "\"", ";", ","])
texts = st.one_of(tricky, st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6))
cells = st.one_of(texts, st.none(), st.booleans(), st.integers(-5, 3000),
                  st.floats(allow_nan=False, allow_infinity=False),
                  st.datetimes(min_value=dt.datetime(1900, 1, 1)))


@st.composite
def mutated_rows(draw, values=texts):
    name = draw(st.sampled_from(sorted(TEMPLATES)))
    header = list(TEMPLATE_COLUMNS)
    rows = [list(row) for row in TEMPLATES[name]]
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop_row", "copy_row",
                                       "drop_column", "rename_column"]))
        if action == "cell" and rows:
            row = draw(st.integers(0, len(rows) - 1))
            rows[row][draw(st.integers(0, len(header) - 1))] = draw(values)
        elif action == "drop_row" and rows:
            rows.pop(draw(st.integers(0, len(rows) - 1)))
        elif action == "copy_row" and rows:
            rows.append(list(rows[draw(st.integers(0, len(rows) - 1))]))
        elif action in ("drop_column", "rename_column") and header:
            column = draw(st.integers(0, len(header) - 1))
            if action == "drop_column":
                header.pop(column)
                rows = [row[:column] + row[column + 1:] for row in rows]
            else:
                header[column] = draw(st.sampled_from(["year", "Setting", "country", "x", ""]))
    return header, rows


def to_csv(header, rows, separator=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parses_or_refuses(data):
    try:
        parsed = read_heat_template(data, file="mall")
    except InputError:
        return None
    check_frame(parsed.frame, file="mall")
    return parsed


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data):
    parses_or_refuses(data)


@SETTINGS
@given(mutated_rows(), st.sampled_from([",", ";"]))
def test_mutated_csv(template, separator):
    parsed = parses_or_refuses(to_csv(*template, separator=separator))
    if parsed is not None:
        # What was read can be written back as a template and read again.
        written = write_heat_template(parsed.frame, iso3=parsed.details["iso3"])
        again = read_heat_template(to_csv(list(written.columns), written.astype(object)
                                          .where(written.notna(), "").values.tolist()))
        assert len(again.frame) == len(parsed.frame)


@SETTINGS
@given(mutated_rows(values=cells))
def test_mutated_xlsx(template):
    parses_or_refuses(to_xlsx(*template))


XLSX = to_xlsx(list(TEMPLATE_COLUMNS), TEMPLATES["who_example.csv"])


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.integers(0, 255)),
                min_size=1, max_size=8))
def test_damaged_xlsx_bytes(changes):
    data = bytearray(XLSX)
    for position, byte in changes:
        data[position] = byte
    parses_or_refuses(bytes(data))


def test_a_huge_whole_number_in_an_integer_column_is_refused_not_a_crash():
    """Found by hypothesis in a full run: indicator_scale 1e300 is a whole number,
    passed the rule and crashed the cast to integers with a TypeError."""
    rows = TEMPLATES["who_example.csv"]
    names = list(csv.DictReader(open(FIXTURES / "who_example.csv", encoding="utf-8")).fieldnames)
    rows = [list(row) for row in rows]
    rows[0][names.index("indicator_scale")] = 1e300
    try:
        read_heat_template(to_xlsx(names, rows), file="mall")
    except InputError as error:
        assert "indicator_scale" in str(error) and "1e+300" in str(error), str(error)
    else:
        raise AssertionError("a scale of 1e300 was accepted")
