"""Reading Kolada data responses (v2 and v3) into the tidy table."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import InputError
from jamlik.ingest._base import FORMATS
from jamlik.ingest._kolada import parse_kolada, read_kolada
from jamlik.ingest._tidy import check_frame

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kolada"


def load(name):
    return (FIXTURES / name).read_bytes()


def page(*entries, **extra):
    return {"count": len(entries), "values": list(entries), **extra}


def entry(values, kpi="N00945", municipality="1480", period=2023):
    return {"kpi": kpi, "municipality": municipality, "period": period, "values": values}


def value(gender="T", number=74.2, status="", count=1):
    return {"count": count, "gender": gender, "status": status, "value": number}


def read(obj):
    return read_kolada(json.dumps(obj).encode(), file="k.json")


def test_v2_page_exact_values():
    parsed = read_kolada(load("v2_N00945.json"), file="v2.json")
    frame = check_frame(parsed.frame)
    assert len(frame) == 16
    riket = frame[(frame["area_code"] == "00") & (frame["period"] == "2023")]
    assert riket[["area_version", "area_level"]].drop_duplicates().values.tolist() == [
        ["Riket", "riket"]]
    by_subgroup = dict(zip(riket["subgroup"], riket["value"]))
    assert by_subgroup == {"kvinnor": 79.9, "man": 73.5, "total": 76.6}
    women = riket[riket["subgroup"] == "kvinnor"].iloc[0]
    assert (women["dimension"], women["dimension_name"], women["subgroup_name"]) == (
        "kon", "Kön", "Kvinnor")
    total = riket[riket["subgroup"] == "total"].iloc[0]
    assert total["dimension"] == "total" and pd.isna(total["dimension_name"])
    region = frame[frame["area_version"] == "Lan_2025"]
    assert set(region["area_code"]) == {"14"} and set(region["area_level"]) == {"lan"}
    assert frame["indicator"].unique().tolist() == ["N00945"]
    assert frame["source"].unique().tolist() == ["Kolada"]
    assert parsed.table_id == "N00945"
    assert parsed.details == {"api_version": None, "pages": 1, "entries": 6, "kpis": ["N00945"],
                              "counts": [{"kpi": "N00945", "area_code": "G124026",
                                          "period": "2023", "subgroup": "total", "count": 12}]}


def test_status_without_value_is_suppressed_never_zero():
    frame = read_kolada(load("v2_N00945.json")).frame
    gbg = frame[(frame["area_code"] == "1480") & (frame["period"] == "2023")]
    women = gbg[gbg["subgroup"] == "kvinnor"].iloc[0]
    assert bool(women["suppressed"]) and np.isnan(women["value"])
    assert women["suppression_reason"] == "Saknas"
    total = gbg[gbg["subgroup"] == "total"].iloc[0]
    assert total["value"] == 74.2 and not total["suppressed"]
    assert total["flag"] == "Preliminär" and pd.isna(total["suppression_reason"])
    assert women["_row"] == "values[4].values[0]"


def test_null_without_status_is_suppressed_with_a_reason():
    frame = read(page(entry([value(number=None, status="")]))).frame
    assert bool(frame["suppressed"].iloc[0])
    assert frame["suppression_reason"].iloc[0] == "värde saknas i Kolada"


def test_group_keeps_count_and_its_own_version():
    frame = read_kolada(load("v2_N00945.json")).frame
    group = frame[frame["area_code"] == "G124026"].iloc[0]
    assert (group["area_version"], group["area_level"]) == ("Kolada_grupp", "kommungrupp")
    assert group["kolada_count"] == 12
    assert set(frame.loc[frame["area_code"] != "G124026", "kolada_count"]) == {1}


def test_v2_pages_in_a_json_array():
    parsed = read_kolada(load("v2_pages.json"))
    frame = check_frame(parsed.frame)
    assert frame["period"].tolist() == ["2021", "2022", "2023"]
    assert frame["value"].tolist() == [72.9, 73.6, 74.2]
    assert frame["_row"].tolist() == ["[0].values[0].values[0]", "[0].values[1].values[0]",
                                      "[1].values[0].values[0]"]
    assert parsed.details["api_version"] == "v2" and parsed.details["pages"] == 2


def test_v3_pages_with_numeric_periods():
    pages = [json.loads(load("v3_page1.json")), json.loads(load("v3_page2.json"))]
    parsed = parse_kolada(pages, file="v3")
    frame = check_frame(parsed.frame)
    assert parsed.details["api_version"] == "v3"
    stockholm = frame[frame["area_code"] == "0180"].set_index("subgroup")["value"].to_dict()
    assert stockholm == {"kvinnor": 80.2, "man": 75.6, "total": 77.9}
    assert set(frame["period"]) == {"2023"}
    assert frame.loc[frame["area_code"] == "00", "value"].tolist() == [76.6]


def test_v3_count_as_total_of_all_pages_is_complete():
    first, second = json.loads(load("v3_page1.json")), json.loads(load("v3_page2.json"))
    first["count"] = second["count"] = 3
    assert len(parse_kolada([first, second]).frame) == 7


def test_organisational_units():
    frame = check_frame(read_kolada(load("v3_oudata_N15033.json")).frame)
    assert frame["area_code"].tolist() == ["V15E144001301", "V15E144001101"]
    assert set(frame["area_version"]) == {"Kolada_OU"} and set(frame["area_level"]) == {"enhet"}
    assert frame["suppression_reason"].tolist()[1] == "Bortfall"


def test_unfollowed_next_page_is_refused():
    with pytest.raises(InputError, match=r"^v2\.json: svaret är ofullständigt: nästa sida "
                       r"\(http://api\.kolada\.se/v2/data/kpi/N00945/municipality/1480/year/"
                       r"2021,2022,2023\?page=2&per_page=2\) finns inte i filen; hämta alla "
                       r"sidor och spara dem tillsammans som en JSON-lista av sidor$"):
        read_kolada(load("v2_first_page_only.json"), file="v2.json")


def test_unfollowed_next_url_in_a_page_list_names_the_page():
    first = json.loads(load("v3_page1.json"))
    with pytest.raises(InputError, match=r"^\[0\]: svaret är ofullständigt: nästa sida "
                       r"\(https://api\.kolada\.se/v3/.*\) finns inte i filen"):
        parse_kolada([first])


def test_fewer_entries_than_count_is_refused():
    with pytest.raises(InputError, match="^k.json: svaret är ofullständigt: count anger 5 "
                       "poster men filen innehåller 1; hämta alla sidor"):
        read({"count": 5, "values": [entry([value()])]})


def test_sniff_and_registration():
    fmt = FORMATS["kolada"]
    assert fmt.read is read_kolada
    assert fmt.sniff(load("v2_N00945.json"), "a.json")
    assert fmt.sniff(b"\xef\xbb\xbf  " + load("v3_oudata_N15033.json"), "a.json")
    assert not fmt.sniff(b'{"count": 1, "values": [{"id": "N00945", "title": "x"}]}', "a.json")
    assert not fmt.sniff(b"setting,date\n", "a.csv")


def test_area_version_option_is_ignored():
    frame = read_kolada(load("v2_pages.json"), area_version="Stadsdel_2021").frame
    assert set(frame["area_version"]) == {"Kommun_2025"}


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe{", "^k.json: väntade JSON i UTF-8, fick annan kodning eller binärdata$"),
    (b"[" * 100000, "^k.json: JSON-strukturen är för djupt nästlad$"),
    (b"{", r"^k.json: väntade JSON: Expecting property name enclosed in double quotes: "
           r"line 1 column 2 \(char 1\)$"),
    (b'{"count": 1, "values": [{"kpi": "N1", "municipality": "1480", "period": 2023, '
     b'"values": [{"gender": "T", "value": NaN}]}]}', "^k.json: väntade JSON: ogiltigt tal NaN$"),
])
def test_bad_json(data, message):
    with pytest.raises(InputError, match=message):
        read_kolada(data, file="k.json")


@pytest.mark.parametrize("obj, message", [
    ([], '^k.json: väntade ett Kolada-svar {"count": …, "values": \\[…\\]} eller en JSON-lista '
         "av sådana sidor$"),
    (3, "^k.json: väntade ett Kolada-svar"),
    ({"count": 1}, '^k.json: väntade en sida med listan "values"$'),
    ([{"values": []}, 5], '^k.json: \\[1\\]: väntade en sida med listan "values"$'),
    ({"count": -1, "values": []}, "^k.json: kolumn 'count': väntade ett heltal ≥ 0, fick -1$"),
    ({"count": 0, "values": []}, "^k.json: svaret innehåller inga värden$"),
    (page({"id": "N00945", "title": "Invånare"}),
     '^k.json: values\\[0\\]: väntade en datapost med "kpi", "municipality" eller "ou", '
     '"period" och "values" \\(är det ett metadatasvar\\?\\)$'),
    (page(entry([value()], kpi="945")),
     "^k.json: values\\[0\\], kolumn 'kpi': väntade ett nyckeltals-id som 'N00945', fick '945'$"),
    (page(entry([value()], municipality="14")),
     "^k.json: values\\[0\\], kolumn 'municipality': väntade '0000' \\(riket\\), '00NN' "
     "\\(region\\), 'NNNN' \\(kommun\\) eller 'G…' \\(kommungrupp\\), fick '14'$"),
    (page(entry([value()], municipality="0011")),
     "^k.json: values\\[0\\], kolumn 'municipality': väntade '0000'.*, fick '0011'$"),
    (page({"kpi": "N15033", "ou": " V15 ", "period": 2023, "values": []}),
     "^k.json: values\\[0\\], kolumn 'ou': väntade en enhets-id, fick ' V15 '$"),
    (page(entry([value()], period="2023-01")),
     "^k.json: values\\[0\\], kolumn 'period': väntade ett år med fyra siffror, fick '2023-01'$"),
    (page(entry([value()], period=True)),
     "^k.json: values\\[0\\], kolumn 'period': väntade ett år med fyra siffror, fick True$"),
    (page(entry(None)), '^k.json: values\\[0\\]: väntade listan "values" med ett värde per kön$'),
    (page(entry(["T"])),
     '^k.json: values\\[0\\].values\\[0\\]: väntade ett objekt med "gender" och "value"$'),
    (page(entry([value(gender="F")])),
     "^k.json: values\\[0\\].values\\[0\\], kolumn 'gender': väntade kön T, K eller M, "
     "fick 'F'$"),
    (page(entry([value(number="12,3")])),
     "^k.json: values\\[0\\].values\\[0\\], kolumn 'value': väntade ett tal eller null, "
     "fick '12,3'$"),
    (page(entry([value(number=True)])),
     "^k.json: values\\[0\\].values\\[0\\], kolumn 'value': väntade ett tal eller null, "
     "fick True$"),
    (page(entry([value(number=10**400)])),
     "^k.json: values\\[0\\].values\\[0\\], kolumn 'value': väntade ett ändligt tal, fick 1000"),
    (page(entry([value(status=3)])),
     "^k.json: values\\[0\\].values\\[0\\], kolumn 'status': väntade text, fick 3$"),
    (page(entry([value(count=-2)])),
     "^k.json: values\\[0\\].values\\[0\\], kolumn 'count': väntade ett heltal ≥ 0, fick -2$"),
    (page(entry([value(), value(number=1.0)])),
     "^k.json: values\\[0\\].values\\[1\\]: samma kpi, område, år och kön som "
     "values\\[0\\].values\\[0\\]$"),
])
def test_every_input_error(obj, message):
    with pytest.raises(InputError, match=message):
        read(obj)


def test_infinite_float_is_refused():
    data = (b'{"count": 1, "values": [{"kpi": "N1", "municipality": "1480", "period": 2023, '
            b'"values": [{"gender": "T", "value": 1e999}]}]}')
    with pytest.raises(InputError, match="kolumn 'value': väntade ett ändligt tal, fick inf$"):
        read_kolada(data)
