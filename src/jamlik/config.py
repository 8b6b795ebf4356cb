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
    """jamlik's settings (read from ``JAMLIK_*`` environment variables)."""

    model_config = SettingsConfigDict(env_prefix="JAMLIK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///jamlik.db",
        description="SQLAlchemy URL of the data store: sqlite:///FILE or "
        "postgresql+psycopg://USER@HOST:PORT/DB.",
    )
    language: str = Field("sv", description="Language of the interface and reports: sv or en.")
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, description="Port the web server listens on.")
    secret_key: str = Field(
        "",
        description="Key that signs session cookies; generated and kept in the store if empty.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the settings read from the environment (cached)."""
    return Settings()
