"""Old names kept for one release: one way to accept them and say so (layer 0).

Issue 8 gave each idea one name (``municipality`` for the city whose areas are
compared, ``format`` for an output format). A Python caller that still uses the
old keyword gets the same result and a :class:`DeprecationWarning` naming the new
one; giving both names is an :class:`jamlik.errors.ArgumentError`.
"""

from __future__ import annotations

import warnings
from typing import Any

from jamlik.errors import ArgumentError

__all__ = ["renamed"]

_UNSET: Any = None


def renamed(new_value: Any, old_value: Any, *, new: str, old: str, where: str) -> Any:
    """The value of a renamed argument, from its new or (with a warning) its old name.

    >>> renamed("csv", None, new="format", old="fmt", where="write_export")
    'csv'
    """
    if old_value is _UNSET:
        return new_value
    if new_value is not _UNSET:
        raise ArgumentError(f"{where}: ange {new}, inte både {new} och {old} "
                            f"({old} är det gamla namnet)")
    warnings.warn(f"{where}: {old}= är föråldrat, använd {new}= "
                  f"({old} is deprecated, use {new})", DeprecationWarning, stacklevel=3)
    return old_value
