"""`talentbridge serve`: the web UI and the API, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from talentbridge.console import ensure_database, out


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on; 0.0.0.0 for every interface.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
    reload: Annotated[bool, typer.Option("--reload", help="Restart when the code changes (development).")] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes. Each runs one Python at a time (40 request threads share it), so "
            "on a server with several cores run about one per core; each keeps its own caches.",
        ),
    ] = 1,
) -> None:
    """Run the web UI and the HTTP API (migrating the database first)."""
    import uvicorn

    if reload and workers > 1:
        raise typer.BadParameter("--reload runs one process; leave out --workers", param_hint="--workers")
    ensure_database()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    out.print(f"TalentBridge at http://{shown}:{port}/  (API docs at http://{shown}:{port}/api/docs)")
    uvicorn.run(
        "talentbridge.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=workers,
        log_level="info",
    )
