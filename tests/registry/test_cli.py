"""The registry commands as a user runs them: consolidate, export links, evaluate links."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentbridge.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("feeds")
    generate_feeds(folder, persons=300, seed=9)
    return folder


def test_consolidate_export_and_evaluate(app_database: str, feeds: Path, tmp_path: Path) -> None:
    empty = runner.invoke(app, ["consolidate"])
    assert empty.exit_code == 1
    assert "import the agencies' feeds first" in empty.output
    for name in ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"):
        assert runner.invoke(app, ["import", str(feeds / name), "--json"]).exit_code == 0
    result = runner.invoke(app, ["consolidate", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    truth = list(csv.DictReader((feeds / "truth.csv").open(encoding="utf-8")))
    assert figures["records"] == len(truth)
    assert figures["created"] == figures["persons"] > 0

    out = tmp_path / "links.csv"
    assert runner.invoke(app, ["export", "links", str(out)]).exit_code == 0
    links = list(csv.reader(out.open(encoding="utf-8")))
    assert links[0] == ["feed", "record_id", "person_id"]
    assert len(links) - 1 == len(truth)
    assert {(feed, record) for feed, record, _ in links[1:]} == {(r["feed"], r["record_id"]) for r in truth}
    assert len({person for _, _, person in links[1:]}) == figures["persons"]

    scored = runner.invoke(app, ["evaluate", "links", "--truth", str(feeds / "truth.csv"), "--json"])
    assert scored.exit_code == 0, scored.output
    metrics = json.loads(scored.stdout)
    assert metrics["f1"] >= 0.95
    assert metrics["records"] == len(truth)

    wrong = runner.invoke(app, ["consolidate", "--engine", "flink"])
    assert wrong.exit_code == 1
    assert "no linkage engine 'flink'" in wrong.output
