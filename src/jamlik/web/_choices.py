"""No silent defaults: a value that names nothing is refused, saying what exists.

Pages and the API read the same view parameters (the municipality, the period,
the gap dimension). A value that is given but names nothing is an error (404 for
a value, 400 for a parameter the endpoint does not know), never a quiet fallback
to the default view: a reader who asked for Malmö must not be shown Göteborg.
The message lists what exists, the nearest first ("did you mean").
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping

from starlette.requests import Request

from ._errors import ApiError
from ._i18n import gettext as _

__all__ = ["MUNICIPALITY_ALIASES", "choose", "municipality", "refuse_unknown_parameters",
           "suggestions"]

#: deprecated names of ``municipality`` (one release): pages said ``stad``, the API ``setting``
MUNICIPALITY_ALIASES = ("stad", "setting")
#: parameters every endpoint understands
GLOBAL_PARAMETERS = frozenset({"lang"})
_LISTED = 12


def suggestions(value: str, options: Mapping[str, str]) -> str:
    """"Did you mean …" for the nearest options, else the options themselves.

    ``options`` maps a code to its label (the label may equal the code).
    """
    def shown(code: str) -> str:
        label = options[code]
        return code if not label or label == code else f"{code} ({label})"

    if not options:
        return _("Det finns inga att välja bland.")
    by_label = {str(label).lower(): code for code, label in options.items() if label}
    near = _nearest(str(value), list(options))
    near += [by_label[m] for m in _nearest(str(value).lower(), list(by_label))]
    near = list(dict.fromkeys(near))
    if near:
        return _("Menade du %(options)s?") % {"options": _(" eller ").join(map(shown, near))}
    listed = [shown(code) for code in list(options)[:_LISTED]]
    more = len(options) - len(listed)
    text = ", ".join(listed) + (_(" med flera (%(n)d till)") % {"n": more} if more else "")
    return _("Det finns: %(options)s.") % {"options": text}


def _nearest(value: str, candidates: list[str], count: int = 3) -> list[str]:
    """The closest candidates by difflib's ratio, ties broken by the longer common start:
    codes differ in their last characters ("1480R10O" means 1480R100, not 1480R140)."""
    close = difflib.get_close_matches(value, candidates, n=20, cutoff=0.6)

    def score(candidate: str) -> tuple[float, int]:
        start = len(os.path.commonprefix([value.lower(), candidate.lower()]))
        return difflib.SequenceMatcher(None, value, candidate).ratio(), start

    return sorted(close, key=score, reverse=True)[:count]


def choose(value: str | None, options: Mapping[str, str], message: str,
           *, parameter: str) -> str | None:
    """``value`` when it is one of ``options``; None when not given; else a 404.

    ``message`` names what was not found, with ``%(value)s`` for the value.
    """
    if value is None or value == "":
        return None
    if value in options:
        return value
    text = (message % {"value": value}) + " " + suggestions(value, options)
    raise ApiError(404, text, [{"location": ["query", parameter], "message": text}])


def municipality(request: Request, canonical: str | None = None) -> str | None:
    """The municipality asked for in the query: ``municipality`` or a deprecated alias.

    Two names that disagree are a 400 rather than a silent pick of one.
    """
    params = request.query_params
    given = {name: params.get(name) for name in ("municipality", *MUNICIPALITY_ALIASES)
             if params.get(name) not in (None, "")}
    if canonical not in (None, ""):
        given["municipality"] = canonical
    if len(set(given.values())) > 1:
        text = _("Parametrarna %(names)s anger olika kommuner; ange bara municipality.") % {
            "names": ", ".join(sorted(given))}
        raise ApiError(400, text, [{"location": ["query", name], "message": text}
                                   for name in sorted(given)])
    return next(iter(given.values()), None)


def _known(route) -> set[str]:
    """The query parameters a route declares, its dependencies' included."""
    found: set[str] = set()
    pending = [getattr(route, "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is None:
            continue
        found.update(param.alias for param in dependant.query_params)
        pending.extend(dependant.dependencies)
    return found


def unknown_parameters(names: Iterable[str], known: set[str]) -> list[str]:
    return [name for name in dict.fromkeys(names) if name not in known | GLOBAL_PARAMETERS]


def refuse_unknown_parameters(request: Request) -> None:
    """A router dependency: a query parameter the endpoint does not declare is a 400.

    ``/api/v1/areas?stad=1280`` must not answer with the default city's areas.
    """
    known = _known(request.scope.get("route"))
    unknown = unknown_parameters(request.query_params.keys(), known)
    if not unknown:
        return
    allowed = sorted(known | GLOBAL_PARAMETERS)
    details = []
    for name in unknown:
        text = _("Okänd parameter %(name)s.") % {"name": name} + " " + suggestions(
            name, {a: a for a in allowed})
        details.append({"location": ["query", name], "message": text})
    message = _("Okänd parameter: %(names)s. Här gäller: %(allowed)s.") % {
        "names": ", ".join(unknown), "allowed": ", ".join(allowed)}
    raise ApiError(400, message, details)
