"""Settings as data: each one has a type, a default and help text.

Every setting can be given in the environment with the prefix ``JAMLIK_``
(``JAMLIK_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/jamlik``) or in a
``.env`` file in the working directory.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """jamlik's settings (read from ``JAMLIK_*`` environment variables).

    Each setting is read somewhere (``tests/test_settings.py`` checks it). There is
    no secret key: web sessions are random tokens stored hashed on the server, so
    nothing is signed with one.
    """

    model_config = SettingsConfigDict(env_prefix="JAMLIK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///jamlik.db",
        description="SQLAlchemy URL of the data store: sqlite:///FILE or "
        "postgresql+psycopg://USER@HOST:PORT/DB.",
    )
    language: str = Field(
        "sv", pattern="^(sv|en)$",
        description="Default language of the command line's messages and help: sv or en "
        "(--lang and LANG=en_* choose per call).")
    host: str = Field("127.0.0.1", description="Address `jamlik serve` and `jamlik demo` listen "
                      "on unless --host is given.")
    port: int = Field(8000, ge=1, le=65535, description="Port `jamlik serve` and `jamlik demo` "
                      "listen on unless --port is given.")
    kolada_url: str = Field(
        "https://api.kolada.se/v3",
        description="Base URL of Kolada's API v3 (jamlik fetch kolada).",
    )
    scb_url: str = Field(
        "https://statistikdatabasen.scb.se/api/v2",
        description="Base URL of Statistics Sweden's PxWeb API v2 (jamlik fetch scb).",
    )
    scb_v1_url: str = Field(
        "https://api.scb.se/OV0104/v1/doris/sv/ssd",
        description="Base URL of Statistics Sweden's older PxWeb API v1 (jamlik fetch scb --api v1).",
    )
    fetch_cache: str = Field(
        ".jamlik-cache",
        description="Folder where fetched API responses are kept, so an interrupted fetch resumes; "
        "empty to keep nothing.",
    )
    pxweb_max_cells: int = Field(
        150_000,
        description="Cells per PxWeb request when the API does not say (v1); v2 reads its /config.",
    )
    pxweb_calls_per_window: int = Field(
        30, description="PxWeb calls allowed per time window when the API does not say (v1).")
    pxweb_window_seconds: float = Field(
        10.0, description="Length of PxWeb's rate-limit window in seconds when the API does not say.")
    kolada_calls_per_window: int = Field(
        20, description="Kolada calls per time window (Kolada publishes no limit; be polite).")
    small_number_min_numerator: float = Field(
        0, ge=0,
        description="The city's small-number rule: a value whose numerator (cases) is from 1 up "
        "to this minimum, or for a proportion whose complement (denominator − numerator) is, is "
        "neither shown nor downloaded (pages, API, downloads, exports); its reason is shown "
        "instead. 0 switches this part off; 5 is common.")
    small_number_min_denominator: float = Field(
        0, ge=0,
        description="The city's small-number rule: a value whose denominator (population, "
        "respondents) is from 1 up to this minimum is neither shown nor downloaded, with the "
        "reason; 0 switches it off; 30 is common for surveys.")
    base_url: str = Field(
        "",
        description="The site's public address, e.g. https://jamlik.goteborg.se; written into "
        "downloads that name their source. Empty: the path alone. The Host header of a "
        "request is never used, since answers are cached and shared between visitors.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the settings read from the environment (cached)."""
    return Settings()
