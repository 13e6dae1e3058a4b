"""``dealscope serve``: the REST API and the dashboard over one database, with uvicorn."""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer

from dealscope.commands.common import fail, stderr
from dealscope.commands.store import DbOption, open_store


def serve_command(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="DEALSCOPE_TOKEN",
            help="Bearer token that unlocks the writing endpoints (ingest, merge, split, edit); "
            "without one they answer 403. Prefer the environment variable: options show in "
            "the process list.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the REST API (/api, OpenAPI at /docs) and the dashboard (/)."""
    import uvicorn

    from dealscope.api import Settings, create_app

    _check_port(host, port)
    store = open_store(db)
    app = create_app(store, Settings(db=db, token=token or None))
    console = stderr()
    if not _loopback(host):
        console.print(f"warning: listening on {host}: anyone who can reach this machine can "
                      "read the deals", markup=False)
    console.print(
        f"dealscope serving {store.engine.url.render_as_string()} on http://{host}:{port} "
        f"(writing {'enabled' if token else 'disabled: no token'})",
        markup=False,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        store.close()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Fail with one line before starting when the address cannot be bound."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
