"""A live server and a browser: uvicorn serves the app in a thread, on a free port of
127.0.0.1, against the test database; Playwright drives Debian's chromium.

Without /usr/bin/chromium the browser tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from talentbridge.accounts import service as accounts
from talentbridge.db import session_scope

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
STEWARD = ("steward", "steward password")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture
def live_server(app_database) -> Iterator[str]:
    """The app, served by uvicorn in a background thread; yields its base URL."""
    import uvicorn

    from talentbridge.app import create_app

    with session_scope() as session:
        accounts.create_user(
            session, username=STEWARD[0], password=STEWARD[1], role="data_steward", display_name="Hana Steward"
        )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start within 15 seconds")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture
def steward() -> tuple[str, str]:
    """The username and password of the data steward the live server knows."""
    return STEWARD


@pytest.fixture
def browser(chromium_path: Path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
