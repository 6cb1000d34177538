"""The feeds commands as a user runs them: import, export records, generate feeds."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from talentbridge.accounts.models import AuditEntry
from talentbridge.cli import app

runner = CliRunner()
EXPORT_KEYS = {
    "feed",
    "record_id",
    "family_name",
    "given_name",
    "name_kana",
    "birth_date",
    "nationality",
    "languages",
    "email",
    "phone",
    "consent_third_party",
    "status",
}


def test_import_json_prints_exactly_the_counts_and_the_feed(app_database: str, samples: Path) -> None:
    result = runner.invoke(app, ["import", str(samples / "jasso-graduates.csv"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"feed", "read", "new", "changed", "unchanged", "withdrawn", "quarantined"}
    rows = len((samples / "jasso-graduates.csv").read_bytes().splitlines()) - 1
    assert report == {
        "feed": "jasso-graduates",
        "read": rows,
        "new": rows,
        "changed": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "quarantined": 0,
    }


def test_reimport_reports_that_nothing_changed(app_database: str, samples: Path) -> None:
    first = runner.invoke(app, ["import", str(samples / "maff-agri.csv")])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["import", str(samples / "maff-agri.csv"), "--feed", "maff-agri"])
    assert second.exit_code == 0, second.output
    assert "Nothing changed" in second.stdout
    assert "unchanged" in second.stdout


def test_import_of_an_unknown_file_fails_with_a_message_and_writes_nothing(
    app_database: str, tmp_path: Path, engine_session: Session
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 1
    assert "not one of the known feed layouts" in result.stderr
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1
    assert "is not a file" in missing.stderr
    wrong = runner.invoke(app, ["import", str(path), "--feed", "maff-agri"])
    assert wrong.exit_code == 1
    assert "is not a maff-agri file" in wrong.stderr
    assert engine_session.scalars(select(AuditEntry)).all() == []


def test_export_records_writes_one_canonical_record_a_line(
    app_database: str, samples: Path, tmp_path: Path, engine_session: Session
) -> None:
    for name in ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"):
        assert runner.invoke(app, ["import", str(samples / name)]).exit_code == 0
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["export", "records", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) > 50
    for record in records:
        assert EXPORT_KEYS <= set(record)
        assert record["status"] in ("active", "withdrawn")
        assert isinstance(record["consent_third_party"], bool)
        assert record["phone"] is None or record["phone"].startswith("+")
        assert record["nationality"] is None or len(record["nationality"]) == 2
    tuan = next(r for r in records if r["record_id"] == "MAFF-0000040")
    assert (tuan["birth_date"], tuan["phone"], tuan["nationality"]) == ("1990-05-28", "+819097368247", "VN")
    assert {"feed.import", "records.export"} <= set(engine_session.scalars(select(AuditEntry.action)))


def test_generate_feeds_writes_the_four_layouts_that_import_cleanly(app_database: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "feeds", str(tmp_path), "--persons", "60", "--seed", "3"])
    assert result.exit_code == 0, result.output
    names = ["maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"]
    names += ["consortium-companies.csv", "company-needs.jsonl"]  # the companies before their needs
    names += ["overseas-specialists.csv"]
    assert {*names, "truth.csv"} <= {path.name for path in tmp_path.iterdir()}
    assert "consortium-companies" in result.stdout
    for name in names:
        imported = runner.invoke(app, ["import", str(tmp_path / name), "--json"])
        assert imported.exit_code == 0, imported.output
        report = json.loads(imported.stdout)
        assert report["quarantined"] == 0
        assert report["new"] == report["read"] > 0


def test_import_refuses_a_partial_snapshot_unless_withdrawals_are_allowed(
    app_database: str, samples: Path, tmp_path: Path, monkeypatch
) -> None:
    from talentbridge import config

    monkeypatch.setattr(config.get_settings(), "withdrawal_guard_minimum", 5)
    assert runner.invoke(app, ["import", str(samples / "maff-agri.csv")]).exit_code == 0
    lines = (samples / "maff-agri.csv").read_bytes().split(b"\r\n")
    partial = tmp_path / "maff-partial.csv"
    partial.write_bytes(b"\r\n".join(lines[:3]) + b"\r\n")
    refused = runner.invoke(app, ["import", str(partial)])
    assert refused.exit_code == 1
    assert "would withdraw 17 of the 19 active records" in refused.stderr
    allowed = runner.invoke(app, ["import", str(partial), "--allow-withdrawals", "--json"])
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)["withdrawn"] == 17
