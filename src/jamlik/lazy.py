"""Package faces that load each public name with its module on first use (PEP 562).

``jamlik``, ``jamlik.stats`` and ``jamlik.jobs`` list their names by module, so that
``from jamlik.stats import summary_measures`` loads the HEAT measures without scipy's
slower parts, and a job run in a process of its own loads only what it needs.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["lazy_names"]


def lazy_names(package: str, names: Mapping[str, str]
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` over ``names`` (name → module).

    Parameters
    ----------
    package
        The package's ``__name__``.
    names
        Each public name and the module that defines it, absolute or relative to
        ``package``.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)``. A name is imported once, then kept in the
        package's namespace; an unknown name raises :class:`AttributeError`.
    """
    def getattr_(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return getattr_, dir_
