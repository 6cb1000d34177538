"""`talentbridge serve` on 127.0.0.1 for the benchmarks that go through HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

CLI = [sys.executable, "-m", "talentbridge.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """The web server in a process of its own, on a free port, against the database at
    `url` (settings from `env`); waits until it answers."""

    def __init__(
        self, url: str, env: dict[str, str] | None = None, *, start_seconds: float = 120, workers: int = 1
    ) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)],
            env={**os.environ, **(env or {}), "TALENTBRIDGE_DATABASE_URL": url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + start_seconds
        while True:
            try:
                httpx.get(f"{self.base}/api/openapi.json", timeout=2)
                return
            except httpx.HTTPError:
                if time.time() > deadline:
                    self.stop()
                    raise
                time.sleep(0.2)

    def client(self, username: str, password: str, *, timeout: float = 60) -> httpx.Client:
        """An API client signed in as this user (with the CSRF token set)."""
        client = httpx.Client(base_url=self.base, timeout=timeout)
        signed = client.post("/api/session", json={"username": username, "password": password})
        signed.raise_for_status()
        client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
        return client

    def rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:")) / 1024

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # still finishing requests its clients gave up on
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
