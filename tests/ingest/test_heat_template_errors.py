"""Every message the HEAT Plus template reader gives, with its row and column."""

import csv
import io
import re
from pathlib import Path

import pytest

from jamlik.errors import InputError
from jamlik.ingest._heat import TEMPLATE_COLUMNS, read_heat_template

FIXTURES = Path(__file__).parents[1] / "fixtures" / "heat_template"


def who_rows():
    with open(FIXTURES / "who_example.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def to_csv(rows, columns=TEMPLATE_COLUMNS):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def changed(changes):
    """The WHO example with ``{data row index: {column: text}}`` applied (row 0 = sheet row 2)."""
    rows = who_rows()
    for index, values in changes.items():
        rows[index].update(values)
    return to_csv(rows)


def fails(data, message):
    with pytest.raises(InputError, match="^" + re.escape(message) + "$"):
        read_heat_template(data, file="mall.csv")


@pytest.mark.parametrize("column", ["setting", "date", "source", "indicator_abbr",
                                    "indicator_name", "dimension", "subgroup",
                                    "favourable_indicator", "indicator_scale",
                                    "ordered_dimension", "subgroup_order"])
def test_mandatory_value_missing(column):
    # row 5 is in WHO's ordered dimension: a blank subgroup_order there cannot be read as 0
    why = " (en ordnad dimension kräver subgroup_order 1, 2, …)" * (column == "subgroup_order")
    fails(changed({3: {column: " "}}), f"mall.csv: rad 5, kolumn '{column}': värde saknas{why}")


def test_blank_reference_subgroup_is_read_as_zero_with_a_warning():
    # WHO's own example rows leave the 0/1 columns blank where they are 0 (issue 10, kind 1)
    parsed = read_heat_template(changed({3: {"reference_subgroup": " "},
                                         5: {"reference_subgroup": ""}}), file="mall.csv")
    assert parsed.details["warnings"] == [
        "reference_subgroup är tom på 2 rad(er) (först rad 5); läst som 0, som i WHO:s "
        "exempelrader (HEAT Plus-mallen kräver reference_subgroup: 0 eller 1)"]


@pytest.mark.parametrize("column, text, expectation", [
    ("date", "17", "ett årtal med fyra siffror"),
    ("date", "2017.5", "ett årtal med fyra siffror"),
    ("date", "2017-01-01", "ett årtal med fyra siffror"),
    ("estimate", "-1", "ett tal ≥ 0"),
    ("estimate", "75,6", "ett tal ≥ 0"),
    ("se", "abc", "ett tal ≥ 0"),
    ("ci_lb", "-0.5", "ett tal ≥ 0"),
    ("ci_ub", "1e999", "ett tal ≥ 0"),
    ("population", "abc", "ett tal > 0"),
    ("population", "0", "ett tal > 0"),
    ("setting_average", "NaN", "ett tal ≥ 0"),
    ("favourable_indicator", "2", "0 eller 1"),
    ("favourable_indicator", "ja", "0 eller 1"),
    ("indicator_scale", "0", "ett heltal > 0 (t.ex. 1, 100 eller 1000)"),
    ("indicator_scale", "2.5", "ett heltal > 0 (t.ex. 1, 100 eller 1000)"),
    ("ordered_dimension", "0.5", "0 eller 1"),
    ("subgroup_order", "-1", "ett heltal ≥ 0"),
    ("reference_subgroup", "inf", "0 eller 1"),
])
def test_number_expectations(column, text, expectation):
    fails(changed({6: {column: text}}),
          f"mall.csv: rad 8, kolumn '{column}': väntade {expectation}, fick '{text}'")


@pytest.mark.parametrize("column", ["setting", "source", "indicator_abbr", "indicator_name",
                                    "dimension", "subgroup", "flag"])
def test_text_columns_must_not_be_bare_numbers(column):
    fails(changed({0: {column: "12.5"}}), f"mall.csv: rad 2, kolumn '{column}': väntade text, "
          "inte bara siffror, fick '12.5' (HEAT Plus kräver text här)")


def test_iso3_three_characters():
    fails(changed({i: {"iso3": "ID"} for i in range(11)}), "mall.csv: rad 2, kolumn 'iso3': "
          "väntade en landskod med tre tecken (ISO 3166-1 alfa-3, t.ex. 'SWE'), fick 'ID'")


def test_a_dimension_named_total_is_refused():
    # jamlik stores the setting average in dimension "total": a HEAT dimension of that
    # name would be merged with it and lost on the way back (found by hypothesis)
    fails(changed({3: {"dimension": " Total "}}), "mall.csv: rad 5, kolumn 'dimension': "
          "'total' är reserverat för värden utan uppdelning (setting_average); "
          "byt namn på dimension")
    fails(changed({4: {"subgroup": "total"}}), "mall.csv: rad 6, kolumn 'subgroup': "
          "'total' är reserverat för värden utan uppdelning (setting_average); "
          "byt namn på subgroup")


def test_ci_lower_above_upper():
    fails(changed({2: {"ci_lb": "97", "ci_ub": "95"}}),
          "mall.csv: rad 4, kolumn 'ci_lb': ci_lb (97) är större än ci_ub (95)")


def test_decimal_comma_and_thousands_spaces_in_semicolon_files():
    text = to_csv(who_rows()).decode().replace(",", ";").replace("75.60530", "75,60530")
    text = text.replace(";2072.436;", ";2\u00a0072,436;").replace(";1221.94446;", ";1 221,94446;")
    frame = read_heat_template(text.encode()).frame
    assert frame["value"].iloc[0] == 75.6053
    assert frame["population"].iloc[0] == 2072.436 and frame["population"].iloc[10] == 1221.94446


def test_a_column_named_like_the_row_label():
    text = to_csv(who_rows()).decode().replace(",flag,", ",_row,", 1)
    fails(text.encode(), "mall.csv: rad 1, kolumn '_row': kolumnnamnet '_row' används av jamlik "
          "för radnummer; byt namn på kolumnen")


@pytest.mark.parametrize("changes, message", [
    ({4: {"iso3": "IND"}}, "rad 6, kolumn 'iso3': iso3 är 'IND' men 'IDN' på rad 2; alla rader "
                           "med samma setting måste ha samma iso3"),
    ({4: {"iso3": ""}}, "rad 6, kolumn 'iso3': iso3 är tom men 'IDN' på rad 2; alla rader med "
                        "samma setting måste ha samma iso3"),
    ({i: {"setting": "Jawa", "indicator_abbr": "sba2"} for i in range(5, 11)},
     "rad 7, kolumn 'setting': setting är 'Jawa' men 'Indonesia' på rad 2; alla rader med samma "
     "iso3 måste ha samma setting"),
    ({1: {"indicator_name": "Births (%)"}}, "rad 3, kolumn 'indicator_name': indicator_name är "
     "'Births (%)' men 'Births attended by skilled health personnel (%)' på rad 2; alla rader "
     "med samma indicator_abbr måste ha samma indicator_name"),
    ({i: {"indicator_abbr": "sba_region"} for i in range(5, 11)},
     "rad 7, kolumn 'indicator_abbr': indicator_abbr är 'sba_region' men 'sba' på rad 2; alla "
     "rader med samma indicator_name måste ha samma indicator_abbr"),
    ({7: {"favourable_indicator": "0"}}, "rad 9, kolumn 'favourable_indicator': "
     "favourable_indicator är '0' men '1' på rad 2; alla rader med samma setting, date, source, "
     "indicator_abbr måste ha samma favourable_indicator"),
    ({7: {"indicator_scale": "1000"}}, "rad 9, kolumn 'indicator_scale': indicator_scale är "
     "'1000' men '100' på rad 2; alla rader med samma setting, date, source, indicator_abbr "
     "måste ha samma indicator_scale"),
    ({7: {"setting_average": "91.6"}}, "rad 9, kolumn 'setting_average': setting_average är "
     "'91.6' men '91.59669' på rad 2; alla rader med samma setting, date, source, "
     "indicator_abbr måste ha samma setting_average"),
    ({4: {"ordered_dimension": "0", "subgroup_order": "0"}}, "rad 6, kolumn "
     "'ordered_dimension': ordered_dimension är '0' men '1' på rad 2; alla rader med samma "
     "setting, date, source, indicator_abbr, dimension måste ha samma ordered_dimension"),
    ({i: {"dimension": "subnational  Region"} for i in range(5, 8)}, "rad 10, kolumn "
     "'dimension': dimension är 'Subnational region' men 'subnational  Region' på rad 7; "
     "dimensioner som bara skiljer sig i versaler eller mellanslag måste ha samma dimension"),
    ({6: {"subgroup_order": "3"}}, "rad 8, kolumn 'subgroup_order': i en dimension som inte är "
     "ordnad (ordered_dimension 0) ska subgroup_order vara 0, fick '3'"),
    ({2: {"subgroup_order": "0"}}, "rad 4, kolumn 'subgroup_order': i en ordnad dimension "
     "(ordered_dimension 1) ska subgroup_order vara 1, 2, 3, …, fick '0'"),
    ({2: {"reference_subgroup": "1"}}, "rad 4, kolumn 'reference_subgroup': en ordnad dimension "
     "har ingen referensgrupp; reference_subgroup ska vara 0"),
    ({8: {"reference_subgroup": "1"}}, "rad 10, kolumn 'reference_subgroup': dimensionen har "
     "redan en referensgrupp på rad 7; högst en subgrupp får ha reference_subgroup 1"),
    ({3: {"subgroup_order": "5"}}, "rad 2, kolumn 'subgroup_order': subgroup_order i "
     "dimensionen 'Economic status (wealth quintile)' ska vara 1, 2, …, 5 (en gång var), "
     "fick 1, 2, 3, 5, 5"),
    ({6: {"subgroup": "aceh", "reference_subgroup": "0"}}, "rad 8: samma setting, date, "
     "indicator_abbr, dimension och subgroup som rad 7 (setting_average räknas som dimensionen "
     "och subgruppen 'total'; två källor för samma subgrupp går inte att importera ihop)"),
])
def test_consistency(changes, message):
    fails(changed(changes), "mall.csv: " + message)


def test_two_sources_for_the_same_subgroup():
    rows = who_rows()
    rows += [{**row, "source": "MICS"} for row in rows[:1]]
    fails(to_csv(rows), "mall.csv: rad 13: samma setting, date, indicator_abbr, dimension och "
          "subgroup som rad 2 (setting_average räknas som dimensionen och subgruppen 'total'; "
          "två källor för samma subgrupp går inte att importera ihop)")


def test_missing_columns_in_one_message():
    columns = [c for c in TEMPLATE_COLUMNS if c not in ("date", "estimate", "reference_subgroup")]
    fails(to_csv(who_rows(), columns), "mall.csv: rad 1: kolumner som HEAT Plus-mallen kräver "
          "saknas: date, estimate, reference_subgroup")


def test_column_twice():
    text = to_csv(who_rows()).decode().replace(",flag,", ",Setting,", 1)
    fails(text.encode(), "mall.csv: rad 1, kolumn 'Setting': kolumnen 'setting' finns två gånger "
          "('setting' och 'Setting')")


def test_year_and_date_both():
    text = to_csv(who_rows()).decode().replace(",flag,", ",year,", 1)
    fails(text.encode(), "mall.csv: rad 1, kolumn 'year': kolumnen 'date' finns två gånger "
          "('date' och 'year')")


@pytest.mark.parametrize("data, message", [
    (b"", "mall.csv: filen är tom"),
    (b"setting\x00date\n", "mall.csv: väntade en textfil (CSV), fick binärdata"),
    (b"\n\nsetting\n", "mall.csv: rad 1: väntade kolumnnamn på rad 1"),
    (b"setting,,date\n", "mall.csv: rad 1: kolumn 2 på rad 1 saknar namn"),
    (b'a,"b\n', "mall.csv: rad 1: kunde inte läsa CSV-filen: unexpected end of data"),
    (b"PK\x03\x04garbage", "mall.csv: väntade en Excel-fil (xlsx), kunde inte läsa den: "
                           "File is not a zip file"),
])
def test_unreadable_files(data, message):
    fails(data, message)


def test_row_longer_than_header():
    text = to_csv(who_rows()).decode().splitlines()
    text[3] += ",extra"
    fails("\n".join(text).encode(), "mall.csv: rad 4: raden har 21 fält men rubrikraden har 20")


def test_no_data_rows():
    fails(to_csv([]), "mall.csv: rad 2: mallen har inga rader med data")


def test_blank_lines_keep_spreadsheet_row_numbers():
    text = to_csv(who_rows()).decode().splitlines()
    text.insert(2, "")
    text.insert(3, ",,,,")
    text[6] = text[6].replace(",97.04223,", ",-1,")
    assert "Quintile 4" in text[6]
    fails("\n".join(text).encode(),
          "mall.csv: rad 7, kolumn 'estimate': väntade ett tal ≥ 0, fick '-1'")


@pytest.mark.parametrize("column, text, rows, row", [
    ("subgroup", ":", [3], 5), ("indicator_abbr", "=1+1", range(len(who_rows())), 2)])
def test_a_code_an_import_would_refuse_is_refused_in_the_template_s_words(column, text, rows,
                                                                          row):
    # found by hypothesis (test_mutated_csv): a template the reader accepts must be importable
    from jamlik.ingest._tidy import CODE_RULE

    fails(changed({index: {column: text} for index in rows}),
          f"mall.csv: rad {row}, kolumn '{column}': en kod ska {CODE_RULE}; fick {text!r}")
