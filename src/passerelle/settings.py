"""Settings in one typed object, read once from the environment (prefix ``PASSERELLE_``).

No module reads the environment on its own: the CLI and the app factory build one ``Settings``
and hand it down, so tests can run several differently-configured platforms side by side.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of a Passerelle deployment; each one is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="PASSERELLE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///var/passerelle.db",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    host: str = Field(default="127.0.0.1", description="Address the API listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the API listens on")
    max_request_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, description="Largest request body the API accepts"
    )
    max_import_rows: int = Field(default=100_000, ge=1, description="Most rows in one import")
    token_days: int = Field(default=90, ge=1, le=3650, description="Default API token lifetime")
    page_size: int = Field(default=50, ge=1, le=1000, description="Default page size of lists")
    index_refresh_seconds: float = Field(
        default=1.0,
        ge=0,
        le=3600,
        description="How stale the screening index may be: changes are read at most this often",
    )
    check_inline: bool = Field(
        default=True,
        description="Compute traveller checks on the API's event loop, one at a time per "
        "process (less CPU per check than a worker thread; use one API process per core)",
    )
    check_concurrency: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Traveller checks computed at once per process in worker threads (when "
        "check_inline is off, or for a check that must wait); more requests wait their turn",
    )
    token_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="How long an API process remembers a checked token; a token revoked "
        "elsewhere stops working within this time (0: check every request)",
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="API processes `passerelle serve` starts; each holds its own screening index",
    )
    warm_index: bool = Field(
        default=False,
        description="Build the screening index when the API starts, before it answers "
        "(`passerelle serve` turns this on)",
    )
    index_snapshot: bool = Field(
        default=True,
        description="Keep the screening index on disk when the API starts, so the next start "
        "(and every process of `serve --workers N`) loads it instead of rebuilding it",
    )
    index_dir: Path | None = Field(
        default=None,
        description="Folder of that snapshot (default: beside a SQLite database file, "
        "<file>.index; for a server database, a folder under the user's cache)",
    )
    demo_on_first_start: bool = Field(
        default=True, description="Load the demo data set when `serve` finds an empty database"
    )
    demo_persons: int = Field(default=2000, ge=0, description="Persons in the demo data set")

    def sqlite_path(self) -> Path | None:
        """The database file of a ``sqlite:///`` URL (so set-up can create its folder)."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            rest = self.database_url[len(prefix) :]
            return None if rest in ("", ":memory:") else Path(rest)
        return None
