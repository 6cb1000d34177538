"""The local SMTP sink (talentbridge/notifications/sink.py) and the demo's mail."""

from __future__ import annotations

import smtplib
import socket
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

from talentbridge import config
from talentbridge.errors import Invalid
from talentbridge.notifications import sink


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def send(port: int, subject: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "talks@example.org", "acme@example.org", subject
    message.set_content("本文")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


def test_the_sink_keeps_what_it_is_sent_in_a_maildir(tmp_path: Path) -> None:
    port = free_port()
    with sink.running(tmp_path / "mail", port=port):
        send(port, "Talk confirmed")
        send(port, "Reminder")
    kept = sink.messages(tmp_path / "mail")
    assert [message["Subject"] for message in kept] == ["Talk confirmed", "Reminder"]
    assert len(list((tmp_path / "mail" / "new").iterdir())) == 2
    assert sink.messages(tmp_path / "nothing") == []


def test_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()
    with sink.running(tmp_path / "a", port=port), pytest.raises(Invalid, match="TALENTBRIDGE_SMTP_PORT"):
        with sink.running(tmp_path / "b", port=port):
            pass


def test_the_demo_runs_the_sink_and_the_worker_while_it_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from talentbridge import demo

    port = free_port()
    monkeypatch.setattr(config.get_settings(), "smtp_port", port)
    turns = threading.Event()
    monkeypatch.setattr(demo, "_send_mail", lambda stop: (turns.set(), stop.wait()))
    with demo._mail(tmp_path / "mail"):
        send(port, "from the platform")
        assert turns.wait(10)  # the worker's thread is running
    assert [message["Subject"] for message in sink.messages(tmp_path / "mail")] == ["from the platform"]
    with sink.running(tmp_path / "other", port=port), demo._mail(tmp_path / "mail"):
        pass  # the port is taken: the demo serves without mail, it does not stop
