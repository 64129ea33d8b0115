"""The app factory: one FastAPI app per platform, routers mounted under ``/api/v1``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI

from passerelle import __version__
from passerelle.api import problems
from passerelle.api.limits import BodyLimit, RefuseNulInUrl
from passerelle.api.routers import (
    accounts,
    checks,
    governance,
    imports,
    notices,
    operations,
    records,
    screenings,
)
from passerelle.services import screening
from passerelle.services.context import Platform
from passerelle.settings import Settings

PREFIX = "/api/v1"


def warm_index(platform: Platform) -> None:
    """Make the screening index ready before the API answers, and say how in the server log
    (uvicorn's own logger: what its log configuration shows)."""
    logging.getLogger("uvicorn.error").info(screening.warm(platform).summary())


def create_app(platform: Platform | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the API for ``platform`` (or for one made from ``settings`` / the environment)."""
    platform = platform or Platform.from_settings(settings or Settings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if platform.settings.warm_index:
            await anyio.to_thread.run_sync(warm_index, platform)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Passerelle API",
        version=__version__,
        description=(
            "Records under their owner's policy, notices and diffusions, audit. Authenticate "
            "with `Authorization: Bearer <token>`; declare why you access data with the "
            "`X-Purpose` header. Errors are `application/problem+json`."
        ),
        license_info={"name": "Apache-2.0", "identifier": "Apache-2.0"},
    )
    app.state.platform = platform
    problems.install(app)
    for module in (records, notices, checks, accounts, governance, imports):
        app.include_router(module.router, prefix=PREFIX)
    app.include_router(screenings.router, prefix=PREFIX)
    app.include_router(operations.router, prefix=PREFIX)

    @app.get("/healthz", tags=["health"])
    def health() -> dict[str, Any]:
        """Liveness: the process answers and reaches its database."""
        with platform.db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return {"status": "ok", "version": __version__, "database": platform.db.dialect}

    app.add_middleware(BodyLimit, max_bytes=platform.settings.max_request_bytes)
    app.add_middleware(RefuseNulInUrl)
    return app
