"""``jamlik place mclp|lscp|pmedian``, ``jamlik access`` and ``jamlik allocate`` on plain files.

Thin: read each file into text cells, call :mod:`jamlik.jobs` (which checks every
cell and names file, row and column), write JSON, CSV or XLSX.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from jamlik.cells import neutralise_frame
from jamlik.errors import ArgumentError
from jamlik.jobs import access_table, allocation_table, location_result, points_table
from jamlik.place import DECAYS, read_network

from ._output import _jsonable
from ._tables import read_cells

FORMATS = ("json", "csv", "xlsx")

place_app = typer.Typer(help="Var nya platser gör mest nytta (exakt optimering med HiGHS).",
                        no_args_is_help=True)

Demand = Annotated[Path, typer.Option(
    "--demand", help="csv/xlsx med id,x,y,weight[,district,group] (SWEREF 99 TM, meter).")]
Candidates = Annotated[Path, typer.Option(
    "--candidates", help="csv/xlsx med id,x,y[,district]: möjliga nya platser.")]
Existing = Annotated[Path | None, typer.Option(
    "--existing", help="csv/xlsx med id,x,y[,district]: befintliga platser (ligger fast).")]
Radius = Annotated[float, typer.Option("--radius", help="Täckningsavstånd i meter.")]
PerDistrict = Annotated[bool, typer.Option(
    "--min-per-district", help="Minst en vald plats i varje distrikt som kandidatfilen "
    "nämner (befintliga platser räknas).")]
Crs = Annotated[str, typer.Option(
    "--crs", help="EPSG:3006 (x,y i meter, standard) eller EPSG:4326 (x=longitud, y=latitud).")]
NetworkFile = Annotated[Path | None, typer.Option(
    "--network", help="Väg- eller gångnät (GeoJSON/GeoPackage med linjer) för nätverksavstånd; "
    "annars fågelvägen.")]
TimeLimit = Annotated[float | None, typer.Option(
    "--time-limit", help="Längsta lösningstid i sekunder (annars bevisat optimum).")]
Format = Annotated[str, typer.Option("--format", help="json, csv eller xlsx.")]
Output = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Skriv till denna fil i stället för till skärmen (krävs för xlsx).")]


def _check_format(fmt: str, output: Path | None) -> None:
    if fmt not in FORMATS:
        raise ArgumentError(f"--format måste vara en av {', '.join(FORMATS)}, fick '{fmt}'")
    if fmt == "xlsx" and output is None:
        raise ArgumentError("--format xlsx kräver --output FIL.xlsx")


def _points(path: Path | None, crs: str, *, weight: bool = False, extra=("district",)):
    if path is None:
        return None
    return points_table(read_cells(path), file=str(path), weight=weight, crs=crs, extra=extra)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{key: _jsonable(value) for key, value in row.items()}
            for row in frame.to_dict(orient="records")]


def write_sheets(sheets: dict[str, pd.DataFrame], *, fmt: str, output: Path | None,
                 summary: dict | None = None) -> None:
    """JSON (summary with the tables inside), CSV (the first table) or XLSX (one sheet each)."""
    if fmt == "json":
        data = dict(summary or {})
        if summary is None:
            data = _records(next(iter(sheets.values())))
        else:
            data.update({name: _records(frame) for name, frame in sheets.items()})
        _write(json.dumps(data, ensure_ascii=False, indent=1) + "\n", output)
    elif fmt == "csv":
        _write(neutralise_frame(next(iter(sheets.values()))).to_csv(index=False), output)
    else:
        partial = output.with_name(output.name + ".partial")
        with pd.ExcelWriter(partial, engine="openpyxl") as writer:
            if summary is not None:
                neutralise_frame(pd.DataFrame({"uppgift": list(summary), "värde": [
                    json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                    for v in summary.values()]})).to_excel(writer, sheet_name="sammanfattning",
                                                           index=False)
            for name, frame in sheets.items():
                neutralise_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
        partial.replace(output)


def _location(model: str, demand: Path, candidates: Path, existing: Path | None,
              radius: float | None, sites: int | None, per_district: bool, crs: str,
              network: Path | None, time_limit: float | None, fmt: str,
              output: Path | None) -> None:
    _check_format(fmt, output)
    if radius is not None and radius < 0:
        raise ArgumentError(f"--radius måste vara ≥ 0 meter, fick {radius:g}")
    demand_table = _points(demand, crs, weight=True, extra=("district", "group"))
    candidate_table = _points(candidates, crs)
    existing_table = _points(existing, crs)
    if sites is not None and not 0 <= sites <= len(candidate_table):
        raise ArgumentError(f"--sites måste vara 0–{len(candidate_table)} (antalet kandidater "
                            f"i {candidates}), fick {sites}")
    metric = read_network(network) if network is not None else None
    result = location_result(model, demand_table, candidate_table, existing_table,
                             radius=radius, sites=sites, min_per_district=per_district,
                             metric=metric, time_limit=time_limit)
    coverage = result.pop("coverage")
    chosen = candidate_table[candidate_table["id"].isin(result["chosen"])]
    if fmt == "csv":
        write_sheets({"chosen": chosen}, fmt=fmt, output=output)
    else:
        write_sheets({"coverage": coverage, "chosen_sites": chosen} if fmt == "xlsx"
                     else {"coverage": coverage}, fmt=fmt, output=output, summary=result)


@place_app.command("mclp")
def mclp(demand: Demand, candidates: Candidates, radius: Radius,
         sites: Annotated[int, typer.Option("--sites", help="Antal nya platser (p).")],
         existing: Existing = None, min_per_district: PerDistrict = False,
         crs: Crs = "EPSG:3006", network: NetworkFile = None, time_limit: TimeLimit = None,
         fmt: Format = "json", output: Output = None) -> None:
    """Maximal täckning: p nya platser som når mest behovsviktad befolkning inom radien."""
    _location("mclp", demand, candidates, existing, radius, sites, min_per_district, crs,
              network, time_limit, fmt, output)


@place_app.command("lscp")
def lscp(demand: Demand, candidates: Candidates, radius: Radius, existing: Existing = None,
         min_per_district: PerDistrict = False, crs: Crs = "EPSG:3006",
         network: NetworkFile = None, time_limit: TimeLimit = None, fmt: Format = "json",
         output: Output = None) -> None:
    """Minsta antal nya platser så att alla har en plats inom radien."""
    _location("lscp", demand, candidates, existing, radius, None, min_per_district, crs,
              network, time_limit, fmt, output)


@place_app.command("pmedian")
def pmedian(demand: Demand, candidates: Candidates,
            sites: Annotated[int, typer.Option("--sites", help="Antal nya platser (p).")],
            existing: Existing = None,
            radius: Annotated[float | None, typer.Option(
                "--radius", help="Längsta tillåtna avstånd (meter), valfritt.")] = None,
            min_per_district: PerDistrict = False, crs: Crs = "EPSG:3006",
            network: NetworkFile = None, time_limit: TimeLimit = None, fmt: Format = "json",
            output: Output = None) -> None:
    """p-median: p nya platser som gör det viktade avståndet till närmaste plats kortast."""
    _location("pmedian", demand, candidates, existing, radius, sites, min_per_district, crs,
              network, time_limit, fmt, output)


def access_command(
    demand: Annotated[Path | None, typer.Option(
        "--demand", help="csv/xlsx med id,x,y,weight[,district,group] (SWEREF 99 TM, meter); "
        "utan den: befolkningen i databasen (--kind och --municipality).")] = None,
    sites: Annotated[Path | None, typer.Option(
        "--sites", help="csv/xlsx med id,x,y[,kind,capacity]: platserna.")] = None,
    threshold: Annotated[float, typer.Option(
        "--threshold", help="Avstånd i meter bortom vilket man räknas som långt från en "
        "plats.")] = 1000.0,
    radius: Annotated[float | None, typer.Option(
        "--radius", help="Upptagningsområde för 2SFCA i meter (standard: --threshold).")] = None,
    decay: Annotated[str, typer.Option(
        "--decay", help="Avståndsavtagande i 2SFCA: none, gaussian eller linear.")] = "none",
    kind: Annotated[str | None, typer.Option(
        "--kind", help="Platstyp i databasen (jamlik sites import); skriver tillgången som "
        "indikatorer och mäter skillnaden mellan områden.")] = None,
    municipality: Annotated[str | None, typer.Option(
        "--municipality", help="Kommunkod, t.ex. 1480, för --kind.")] = None,
    population: Annotated[str | None, typer.Option(
        "--population", help="Indikatorn med befolkningen per område, för --kind "
        "(standard: barn_0_5).")] = None,
    crs: Crs = "EPSG:3006", network: NetworkFile = None, fmt: Format = "json",
    output: Output = None,
) -> None:
    """Tillgång per område och grupp: avstånd till närmaste plats, andel långt bort, 2SFCA."""
    _check_format(fmt, output)
    if decay not in DECAYS:
        raise ArgumentError(f"--decay måste vara en av {', '.join(DECAYS)}, fick '{decay}'")
    if threshold < 0 or (radius is not None and radius < 0):
        raise ArgumentError("--threshold och --radius måste vara ≥ 0 meter")
    if kind is not None or municipality is not None:
        _stored_access(kind, municipality, population, threshold, radius, decay,
                       demand or sites or network, fmt, output)
        return
    if demand is None or sites is None:
        raise ArgumentError("ange --demand och --sites, eller --kind och --municipality")
    demand_table = _points(demand, crs, weight=True, extra=("district", "group"))
    site_table = _points(sites, crs, extra=("kind", "capacity"))
    metric = read_network(network) if network is not None else None
    table = access_table(demand_table, site_table, threshold=threshold, radius=radius,
                         decay=decay, metric=metric)
    write_sheets({"access": table}, fmt=fmt, output=output)


def _stored_access(kind, municipality, population, threshold, radius, decay, files, fmt,
                   output) -> None:
    from jamlik.jobs import store_access
    from jamlik.store import connect

    if kind is None or municipality is None:
        raise ArgumentError("--kind och --municipality hör ihop: ange båda")
    if files is not None:
        raise ArgumentError("--demand, --sites och --network gäller filer; med --kind används "
                            "databasens platser och befolkning")
    result = store_access(connect(), kind=kind, municipality=municipality,
                          population=population, threshold=threshold, radius=radius,
                          decay=None if decay == "none" else decay)
    batch = result["batch"]
    summary = {"kind": kind, "municipality": municipality, "indicators": result["indicators"],
               "batch_id": batch.batch_id, "already_stored": batch.already_imported,
               "demand": result["demand"]}
    sheets = {"access": result["table"]}
    if not result["measures"].empty:
        sheets["measures"] = result["measures"]
    write_sheets(sheets, fmt=fmt, output=output, summary=summary if fmt != "csv" else None)


def allocate_command(
    budget: Annotated[int, typer.Option("--budget", help="Budget i hela kronor (B).")],
    need: Annotated[Path, typer.Option(
        "--need", help="csv/xlsx med area,population,need[,floor,cap,last_year].")],
    alpha: Annotated[list[float], typer.Option(
        "--alpha", help="Behovsviktad andel 0–1; upprepa för scenarier sida vid sida.")],
    pace: Annotated[float | None, typer.Option(
        "--pace", help="Största förändring mot last_year, andel (0.05 = ±5 %).")] = None,
    max_decrease: Annotated[float | None, typer.Option(
        "--max-decrease", help="Största minskning mot last_year, andel.")] = None,
    max_increase: Annotated[float | None, typer.Option(
        "--max-increase", help="Största ökning mot last_year, andel.")] = None,
    fmt: Format = "json", output: Output = None,
) -> None:
    """Fördela en budget efter behov (proportionell universalism), i hela kronor."""
    _check_format(fmt, output)
    if budget < 0:
        raise ArgumentError(f"--budget måste vara ≥ 0 kronor, fick {budget}")
    bad = [a for a in alpha if not 0 <= a <= 1]
    if bad:
        raise ArgumentError(f"--alpha måste ligga mellan 0 och 1, fick {bad[0]:g}")
    for name, value in (("--pace", pace), ("--max-decrease", max_decrease),
                        ("--max-increase", max_increase)):
        if value is not None and not 0 <= value <= (1 if name == "--max-decrease" else 10):
            raise ArgumentError(f"{name} måste vara en andel ≥ 0 (t.ex. 0.05), fick {value:g}")
    down = max_decrease if max_decrease is not None else pace
    up = max_increase if max_increase is not None else pace
    table = allocation_table(read_cells(need), file=str(need), budget=budget, alphas=alpha,
                             max_decrease=down, max_increase=up)
    sheets = {"allocation": table}
    if len(alpha) > 1 and fmt == "xlsx":
        sheets["scenarios"] = table.pivot(index="area", columns="scenario",
                                          values="allocation").reset_index()
    write_sheets(sheets, fmt=fmt, output=output)


def register(app: typer.Typer) -> None:
    """Add ``place``, ``access`` and ``allocate`` to ``app``."""
    app.add_typer(place_app, name="place")
    app.command("access")(access_command)
    app.command("allocate")(allocate_command)
