"""The one rule for links a user writes (evidence, examples): absolute http(s) only.

A link from a status report reaches the web pages, the annual report (HTML, PDF,
Word) and spreadsheets; a ``javascript:`` or ``data:`` link there would run in
the reader's browser. Everything that stores or shows such a link calls
:func:`check_link` (storing) or :func:`safe_link` (showing what was stored before
the rule existed).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jamlik.errors import ArgumentError

__all__ = ["LINK_SCHEMES", "check_link", "safe_link"]

LINK_SCHEMES = ("http", "https")
MAX_LINK_LENGTH = 2000


def _problem(link: str) -> str | None:
    if len(link) > MAX_LINK_LENGTH:
        return f"är {len(link)} tecken lång; högst {MAX_LINK_LENGTH}"
    if any(ord(char) < 32 or char in ' "<>\\`' for char in link):
        return "innehåller mellanslag, citattecken eller styrtecken"
    try:
        parts = urlsplit(link)
    except ValueError:
        return "är ingen giltig webbadress"
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return "ska vara en webbadress som börjar med http:// eller https://"
    return None


def check_link(link: object, *, field: str = "link") -> str:
    """``link`` trimmed, if it is an absolute http(s) address; else :class:`ArgumentError`.

    Parameters
    ----------
    link
        The address as the user wrote it.
    field
        The field's name, for the message (e.g. ``evidence_links[0]``).

    Raises
    ------
    ArgumentError
        Not text, longer than 2,000 characters, holding spaces, quotes or control
        characters, or not ``http://``/``https://`` with a host (``javascript:``,
        ``data:``, ``file:``, a relative path, "not a url").
    """
    if not isinstance(link, str):
        raise ArgumentError(f"{field} måste vara en webbadress (text), fick "
                            f"{type(link).__name__}")
    text = link.strip()
    problem = _problem(text)
    if problem:
        raise ArgumentError(f"{field} {problem}; fick {text[:80]!r}")
    return text


def safe_link(link: object) -> str | None:
    """``link`` if it passes :func:`check_link`, else None (show it as text, not a link)."""
    return link.strip() if isinstance(link, str) and _problem(link.strip()) is None else None
