"""Every reason jamlik.stats gives with a value it does not publish, as one list.

A reason is stored with the result (a database row, a CSV cell) in Swedish, the
language of the product's data. Pages and reports in another language find the
template a stored reason came from and say it in their own language; for that they
need every template, with its named fields (``{age}``, ``{k}``), in one place. A
test checks that each template here has an English translation and that each
module's ``REASON_*`` constant is listed.
"""

from __future__ import annotations

__all__ = ["reason_templates"]


def reason_templates() -> tuple[str, ...]:
    """The templates of every reason the statistics functions store, in Swedish.

    Returns
    -------
    tuple of str
        ``str.format`` templates: literal text with named fields such as ``{age}``
        (life tables) or ``{k}`` (disclosure control), each listed once.
    """
    from . import _area_gap, _disclosure, _lifetable, _policy, _sii_input, _standardise
    from . import _trend, _verdict
    from ._heat import _applicability as heat

    # HEAT's own reasons, with its per-threshold variants given once with the field.
    per_threshold = set(heat._FEW_ROWS.values()) | set(heat._FEW_ESTIMATES.values())
    templates = [text for number, text in enumerate(heat.REASONS)
                 if text and number not in per_threshold]
    templates += [heat.REASON_FEW_ROWS, heat.REASON_FEW_ESTIMATES]
    for module in (_area_gap, _lifetable, _policy, _sii_input, _standardise, _trend, _verdict):
        templates += [value for name, value in sorted(vars(module).items())
                      if name.startswith("REASON_") and isinstance(value, str)]
    templates += [_standardise._SUPPRESSED, _disclosure.PRIMARY, _disclosure.SECONDARY,
                  _disclosure.SMALL_NUMERATOR, _disclosure.SMALL_DENOMINATOR]
    return tuple(dict.fromkeys(templates))
