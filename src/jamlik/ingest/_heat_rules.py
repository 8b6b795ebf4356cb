"""WHO's rules for a HEAT Plus template's columns and subgroups, shared by every reader.

``jamlik import`` (:func:`jamlik.ingest.read_heat_template`) and ``jamlik inequality``
apply the same two checks, so both accept and refuse the same templates with the same
message: the mandatory columns (WHO's template legend), and per dimension
``subgroup_order`` (0 in a non-ordered dimension, 1..k once each in an ordered one) and
``reference_subgroup`` (0 or 1, at most one reference, none in an ordered dimension); a
blank mandatory 0/1 cell in a non-ordered dimension is read as 0 with a warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import InputError
from jamlik.heat import TEMPLATE_COLUMNS

from ._base import location

__all__ = ["MANDATORY", "TEMPLATE_COLUMNS", "check_heat_columns", "check_subgroups"]

MANDATORY = (
    "setting", "date", "source", "indicator_abbr", "indicator_name", "dimension", "subgroup",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
)

def check_heat_columns(names, *, file: str | None = None) -> None:
    """Refuse a HEAT Plus template that lacks a column WHO's template requires.

    ``names`` are the template's column names (lower case, older names such as ``year``
    already mapped). Every reader of the template (``jamlik import``, ``jamlik
    inequality``) calls this one check, so both name the same missing columns.

    Raises
    ------
    InputError
        Naming row 1 and every missing mandatory column (and ``estimate``, which must
        be a column though its cells may be empty), in template order.
    """
    present = set(names)
    missing = [c for c in TEMPLATE_COLUMNS if c in (*MANDATORY, "estimate") and c not in present]
    if missing:
        raise InputError(f"kolumner som HEAT Plus-mallen kräver saknas: {', '.join(missing)}",
                         file=file, row=1)


def _number(value: float) -> str:
    return f"'{value:g}'"


def check_subgroups(ordered, order, reference, strata, *, rows, dimensions, subgroups,
                    file: str | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """WHO's rules for ``subgroup_order`` and ``reference_subgroup``, for every reader.

    Both columns are mandatory in the HEAT Plus template (Hosseinpoor et al. 2018,
    Table 1; HEAT-Data R/data-tests.R): ``subgroup_order`` is 0 in a non-ordered
    dimension and 1, 2, …, k (each once) in an ordered dimension of k subgroups;
    ``reference_subgroup`` is 0 or 1, at most one 1 per dimension and none in an
    ordered dimension. WHO's own example rows leave the 0/1 columns blank where they
    are 0, so a blank ``reference_subgroup``, and a blank ``subgroup_order`` in a
    non-ordered dimension, are read as 0 with a warning; a blank ``subgroup_order``
    in an ordered dimension is refused.

    Parameters
    ----------
    ordered, order, reference : array of float, shape (n,)
        ``ordered_dimension`` (0/1), ``subgroup_order`` and ``reference_subgroup``
        (0/1) per row, NaN where blank; ranges already checked.
    strata : array of int, shape (n,)
        One code per dimension of one indicator, setting, date and source.
    rows : array, shape (n,)
        The row label of each row in messages (spreadsheet row, header = row 1).
    dimensions, subgroups : array of str, shape (n,)
        The dimension and subgroup of each row. A dimension that names a subgroup twice
        is left to the reader's duplicate check (its message says what is wrong).

    Returns
    -------
    order : array of float, reference : array of bool, warnings : list of str

    Raises
    ------
    InputError
        At the first row that breaks a rule, naming row and column.
    """
    ordered = np.asarray(ordered, dtype=float) == 1
    order = np.array(order, dtype=float)  # copies: blanks are filled below
    reference = np.array(reference, dtype=float)
    strata = np.asarray(strata)
    rows = np.asarray(rows)

    def fail(mask, column, problem):
        position = int(np.flatnonzero(mask)[0])
        raise InputError(problem(position), file=file, row=location(rows[position]),
                         column=column)

    warnings = []
    for column, values, blank in (
            ("subgroup_order", order, np.isnan(order) & ~ordered),
            ("reference_subgroup", reference, np.isnan(reference))):
        if blank.any():
            first = rows[int(np.flatnonzero(blank)[0])]
            warnings.append(f"{column} är tom på {int(blank.sum())} rad(er) (först rad {first}); "
                            "läst som 0, som i WHO:s exempelrader (HEAT Plus-mallen kräver "
                            f"{column}: 0 eller 1)" if column == "reference_subgroup" else
                            f"{column} är tom på {int(blank.sum())} rad(er) (först rad {first}) "
                            "i en dimension som inte är ordnad; läst som 0, som i WHO:s "
                            "exempelrader (HEAT Plus-mallen kräver subgroup_order 0 där)")
            values[blank] = 0
    if (ordered & np.isnan(order)).any():
        fail(ordered & np.isnan(order), "subgroup_order",
             lambda i: "värde saknas (en ordnad dimension kräver subgroup_order 1, 2, …)")
    if (~ordered & (order != 0)).any():
        fail(~ordered & (order != 0), "subgroup_order", lambda i: (
            "i en dimension som inte är ordnad (ordered_dimension 0) ska subgroup_order "
            f"vara 0, fick {_number(order[i])}"))
    if (ordered & (order == 0)).any():
        fail(ordered & (order == 0), "subgroup_order", lambda i: (
            "i en ordnad dimension (ordered_dimension 1) ska subgroup_order vara 1, 2, 3, …, "
            f"fick {_number(order[i])}"))
    chosen = reference == 1
    if (ordered & chosen).any():
        fail(ordered & chosen, "reference_subgroup", lambda i: (
            "en ordnad dimension har ingen referensgrupp; reference_subgroup ska vara 0"))
    codes = pd.factorize(strata)[0] if strata.dtype == object else strata
    refs = pd.Series(chosen.astype(int)).groupby(codes).cumsum().to_numpy()
    if (chosen & (refs > 1)).any():
        fail(chosen & (refs > 1), "reference_subgroup", lambda i: (
            "dimensionen har redan en referensgrupp på rad "
            f"{rows[int(np.flatnonzero(chosen & (codes == codes[i]))[0])]}; "
            "högst en subgrupp får ha reference_subgroup 1"))
    twice = pd.DataFrame({"code": codes, "subgroup": subgroups}).duplicated(keep=False)
    _check_ranks(ordered & ~np.isin(codes, codes[twice.to_numpy()]), order, codes, fail,
                 np.asarray(dimensions))
    return order, chosen, warnings


def _check_ranks(ordered, order, codes, fail, dimensions) -> None:
    """Each ordered dimension's subgroup_order is 1..k, each once (vectorised per stratum)."""
    if not ordered.any():
        return
    index = np.flatnonzero(ordered)
    frame = pd.DataFrame({"code": codes[index], "order": order[index], "at": index})
    frame = frame.sort_values(["code", "order"], kind="stable")
    rank = frame.groupby("code").cumcount().to_numpy() + 1
    wrong = frame.loc[frame["order"].to_numpy() != rank, "code"].unique()
    if not wrong.size:
        return
    stratum = codes[index][np.isin(codes[index], wrong)][0]
    members = np.flatnonzero(ordered & (codes == stratum))
    found = np.sort(order[members]).astype(int)
    mask = np.zeros(len(order), dtype=bool)
    mask[members[0]] = True
    fail(mask, "subgroup_order", lambda i: (
        f"subgroup_order i dimensionen '{dimensions[i]}' ska vara 1, 2, …, {len(members)} "
        f"(en gång var), fick {', '.join(map(str, found))}"))
