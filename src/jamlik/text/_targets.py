"""What passages are matched against: strategies and recommendations as targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from jamlik.errors import ArgumentError

__all__ = ["Target", "programme_targets"]


@dataclass(frozen=True, slots=True)
class Target:
    """A strategy or recommendation that a passage can take up.

    ``kind`` is ``strategy`` or ``recommendation``; ``target_area`` the code of
    the target area it belongs to (a recommendation: that of its first linked
    strategy, or ``""``); ``description`` any longer text about it;
    ``commission`` the name of a recommendation's commission.
    """

    code: str
    kind: str
    name: str
    target_area: str
    target_area_name: str = ""
    description: str = ""
    commission: str = ""


def programme_targets(programme: dict[str, Any],
                      recommendations: Iterable[dict[str, Any]] = ()) -> list[Target]:
    """Targets from a programme tree in the file format, plus recommendations.

    Parameters
    ----------
    programme
        The programme tree as :func:`jamlik.program.read_programme` returns it:
        ``target_areas`` each with ``id``, ``name``, optional ``description`` and
        ``strategies`` (``id``, ``name``, optional ``description``).
    recommendations
        Mappings with ``code``, ``text``, optional ``strategies`` (codes),
        ``commission`` (name) and ``description``.

    Raises
    ------
    ArgumentError
        A programme without target areas or a recommendation without code/text.
    """
    areas = programme.get("target_areas") or []
    if not areas:
        raise ArgumentError("programme: väntade target_areas med strategier")
    targets, area_of = [], {}
    for area in areas:
        for strategy in area.get("strategies") or []:
            area_of[strategy["id"]] = (area["id"], area["name"])
            targets.append(Target(strategy["id"], "strategy", strategy["name"], area["id"],
                                  area["name"], strategy.get("description") or ""))
    for index, item in enumerate(recommendations):
        if not item.get("code") or not item.get("text"):
            raise ArgumentError(f"recommendations[{index}]: väntade code och text")
        linked = [code for code in item.get("strategies") or [] if code in area_of]
        area, area_name = area_of[linked[0]] if linked else ("", "")
        targets.append(Target(item["code"], "recommendation", item["text"], area, area_name,
                              item.get("description") or "", item.get("commission") or ""))
    return targets
