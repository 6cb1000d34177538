"""Import semantics, on SQLite and PostgreSQL: snapshots, versions, withdrawal, quarantine."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentbridge import config
from talentbridge.feeds import models, service
from talentbridge.feeds.errors import LayoutMismatch, UnknownLayout
from talentbridge.feeds.models import FeedImport, QuarantinedRow, SourceRecord, SourceRecordVersion

MAFF_HEADER = (
    "登録番号,氏名,氏名カナ,性別,生年月日,国籍,日本語能力,その他言語,分野,経験年数,資格,"
    "在留資格,在留期限,居住地,電話番号,メール,第三者提供同意,更新日"
)


def maff_row(
    record_id: str,
    *,
    name: str = "NGUYEN Van An",
    kana: str = "グエン ヴァン アン",
    birth: str = "平成7年4月1日",
    consent: str = "同意",
    email: str = "an.nguyen@example.com",
    phone: str = "090-1234-5678",
) -> str:
    return (
        f"{record_id},{name},{kana},男,{birth},ベトナム,N2,英語(ビジネス);ベトナム語(母語),農業,3年,"
        f"HACCP,特定技能1号,2027/03/31,愛知県,{phone},{email},{consent},2018/10/30"
    )


def write_maff(path: Path, rows: list[str], *, extra: bytes = b"") -> Path:
    text = "\r\n".join([MAFF_HEADER, *rows]) + "\r\n"
    path.write_bytes(text.encode("cp932") + extra)
    return path


def count(session: Session, model: type, *where: object) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def record(session: Session, feed: str, record_id: str) -> SourceRecord:
    return session.scalars(
        select(SourceRecord).where(SourceRecord.feed == feed, SourceRecord.record_id == record_id)
    ).one()


def data_rows(path: Path) -> int:
    return len(path.read_bytes().splitlines()) - 1


def test_sample_maff_imports_every_row_with_normalised_fields(session: Session, samples: Path) -> None:
    report = service.import_feed(session, samples / "maff-agri.csv")
    rows = data_rows(samples / "maff-agri.csv")
    assert (report.feed, report.read, report.new, report.quarantined) == ("maff-agri", rows, rows, 0)
    tuan = record(session, "maff-agri", "MAFF-0000040")
    assert (tuan.family_name, tuan.given_name, tuan.name_kana) == ("NGUYEN", "Minh Tuan", "グエン ミン トゥアン")
    assert tuan.birth_date == date(1990, 5, 28)  # 平成2年5月28日
    assert tuan.phone == "+819097368247"  # full-width digits in the file
    assert tuan.email == "nguyen.tuan909@icloud.com"
    assert tuan.nationality == "VN"
    assert tuan.residence_prefecture == "28"  # 兵庫県
    assert tuan.visa_status == "specified_skilled_worker_1"
    languages = {item["code"]: item for item in tuan.data["languages"]}
    assert languages["ja"]["level"] == "A2"  # JFT-Basic A2
    assert languages["en"]["level"] == "B2"  # ビジネス
    assert languages["vi"]["level"] == "native"
    yang = record(session, "maff-agri", "MAFF-0000018")
    assert yang.native_name == "楊 慧"
    assert yang.birth_date == date(1987, 12, 26)  # 昭和62年12月26日
    refusing = record(session, "maff-agri", "MAFF-0000030")
    assert refusing.consent_third_party is False
    assert refusing.data["consent_purposes"] == []
    assert refusing.raw["第三者提供同意"] == "不同意"


@pytest.mark.parametrize(
    ("name", "feed"),
    [
        ("maff-agri.csv", "maff-agri"),
        ("meti-mfg.jsonl", "meti-mfg"),
        ("mhlw-hellowork.xlsx", "mhlw-hellowork"),
        ("jasso-graduates.csv", "jasso-graduates"),
    ],
)
def test_every_sample_layout_is_detected_and_read_whole(session: Session, samples: Path, name: str, feed: str) -> None:
    report = service.import_feed(session, samples / name)
    assert report.feed == feed
    assert report.read > 5
    assert report.quarantined == 0, session.scalars(select(QuarantinedRow.reason)).all()
    assert report.new == report.read
    assert count(session, SourceRecord, SourceRecord.feed == feed) == report.read


def test_sample_details_per_layout(session: Session, samples: Path) -> None:
    for name in ("meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"):
        service.import_feed(session, samples / name)
    wang = record(session, "meti-mfg", "METI-0381139")
    assert (wang.family_name, wang.native_name, wang.nationality) == ("Wang", "王雅婷", "TW")
    assert wang.phone == "+818059543752"
    assert wang.email == "wang.yating18@outlook.com"
    assert wang.data["consent_purposes"] == ["job_matching", "advisory"]
    johnson = record(session, "mhlw-hellowork", "13043-00000033")
    assert johnson.birth_date == date(1991, 1, 13)  # a real Excel date cell
    assert johnson.nationality == "US"
    assert johnson.data["desired_prefectures"] == ["13", "34"]  # 東京都、広島県
    assert johnson.raw["生年月日"] == "1991-01-13"
    duorg = record(session, "jasso-graduates", "JS2018000015")
    assert duorg.birth_date == date(1989, 7, 30)  # DD/MM/YYYY
    assert duorg.nationality == "VN"  # Viet Nam
    assert duorg.data["education"]["level"] == "doctor"


def test_reimporting_the_same_file_changes_nothing(session: Session, samples: Path) -> None:
    first = service.import_feed(session, samples / "maff-agri.csv")
    before = session.execute(select(SourceRecord.id, SourceRecord.version, SourceRecord.content_hash)).all()
    second = service.import_feed(session, samples / "maff-agri.csv")
    assert second.nothing_changed
    assert (second.new, second.changed, second.withdrawn, second.unchanged) == (0, 0, 0, first.new)
    after = session.execute(select(SourceRecord.id, SourceRecord.version, SourceRecord.content_hash)).all()
    assert sorted(before) == sorted(after)
    assert count(session, SourceRecordVersion) == 0


def test_a_changed_row_updates_its_record_and_keeps_the_previous_version(session: Session, tmp_path: Path) -> None:
    service.import_feed(session, write_maff(tmp_path / "a.csv", [maff_row("MAFF-1"), maff_row("MAFF-2")]))
    report = service.import_feed(
        session,
        write_maff(tmp_path / "b.csv", [maff_row("MAFF-1", email="new@example.jp"), maff_row("MAFF-2")]),
    )
    assert (report.changed, report.unchanged, report.new) == (1, 1, 0)
    changed = record(session, "maff-agri", "MAFF-1")
    assert (changed.email, changed.version) == ("new@example.jp", 2)
    old = session.scalars(select(SourceRecordVersion).where(SourceRecordVersion.source_record_id == changed.id)).one()
    assert (old.version, old.data["email"], old.raw["メール"]) == (1, "an.nguyen@example.com", "an.nguyen@example.com")


def test_absent_and_consent_withdrawn_records_become_withdrawn_and_are_kept(session: Session, tmp_path: Path) -> None:
    service.import_feed(
        session, write_maff(tmp_path / "a.csv", [maff_row("MAFF-1"), maff_row("MAFF-2"), maff_row("MAFF-3")])
    )
    report = service.import_feed(
        session, write_maff(tmp_path / "b.csv", [maff_row("MAFF-1"), maff_row("MAFF-2", consent="不同意")])
    )
    assert (report.withdrawn, report.unchanged, report.changed) == (2, 1, 0)
    absent, refused = record(session, "maff-agri", "MAFF-3"), record(session, "maff-agri", "MAFF-2")
    assert (absent.status, absent.withdrawn_reason) == ("withdrawn", models.REASON_ABSENT)
    assert (refused.status, refused.withdrawn_reason) == ("withdrawn", models.REASON_CONSENT)
    assert absent.family_name == "NGUYEN"  # the data stays for the audit trail
    assert count(session, SourceRecordVersion) == 2
    again = service.import_feed(
        session, write_maff(tmp_path / "c.csv", [maff_row("MAFF-1"), maff_row("MAFF-2", consent="不同意")])
    )
    assert again.nothing_changed
    back = service.import_feed(
        session, write_maff(tmp_path / "d.csv", [maff_row("MAFF-1"), maff_row("MAFF-2"), maff_row("MAFF-3")])
    )
    assert (back.changed, back.withdrawn) == (2, 0)
    assert record(session, "maff-agri", "MAFF-3").status == "active"


def test_a_new_record_without_consent_is_kept_but_marked(session: Session, tmp_path: Path) -> None:
    report = service.import_feed(session, write_maff(tmp_path / "a.csv", [maff_row("MAFF-1", consent="不同意")]))
    assert (report.new, report.withdrawn) == (1, 0)
    kept = record(session, "maff-agri", "MAFF-1")
    assert (kept.status, kept.consent_third_party) == ("active", False)


def test_unreadable_rows_are_quarantined_with_row_number_raw_and_reason(session: Session, tmp_path: Path) -> None:
    rows = [
        maff_row("MAFF-1"),
        maff_row("MAFF-2", birth="平成31年2月30日"),
        maff_row(""),
        maff_row("MAFF-4"),
        maff_row("MAFF-1", name="TRAN Thi Linh"),
    ]
    bad_bytes = b"MAFF-6,\x85\x40BAD,x,\x81,1990/1/1,\x82\r\n"
    path = write_maff(tmp_path / "bad.csv", rows, extra=bad_bytes)
    report = service.import_feed(session, path)
    assert (report.read, report.new, report.quarantined) == (6, 2, 4)
    reasons = {row.row_number: row for row in session.scalars(select(QuarantinedRow))}
    assert set(reasons) == {3, 4, 6, 7}
    assert "maff-agri row 3" in reasons[3].reason
    assert "生年月日" in reasons[3].reason
    assert "平成31年2月30日" in reasons[3].reason
    assert "平成31年2月30日" in reasons[3].raw
    assert reasons[3].record_id == "MAFF-2"
    assert "登録番号" in reasons[4].reason
    assert "empty" in reasons[4].reason
    assert "already appeared on row 2" in reasons[6].reason
    assert "CP932" in reasons[7].reason
    assert "\\x85" in reasons[7].raw
    assert record(session, "maff-agri", "MAFF-1").family_name == "NGUYEN"  # the first row wins


def test_a_quarantined_row_does_not_withdraw_its_record(session: Session, tmp_path: Path) -> None:
    service.import_feed(session, write_maff(tmp_path / "a.csv", [maff_row("MAFF-1"), maff_row("MAFF-2")]))
    report = service.import_feed(
        session, write_maff(tmp_path / "b.csv", [maff_row("MAFF-1"), maff_row("MAFF-2", birth="1990/13/01")])
    )
    assert (report.quarantined, report.withdrawn, report.unchanged) == (1, 0, 1)
    kept = record(session, "maff-agri", "MAFF-2")
    assert (kept.status, kept.version, kept.birth_date) == ("active", 1, date(1995, 4, 1))


def test_duplicates_across_chunks_are_found(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config.get_settings(), "import_chunk_rows", 2)
    rows = [maff_row(f"MAFF-{n}") for n in range(1, 6)] + [maff_row("MAFF-1")]
    report = service.import_feed(session, write_maff(tmp_path / "a.csv", rows))
    assert (report.read, report.new, report.quarantined) == (6, 5, 1)
    second = service.import_feed(session, write_maff(tmp_path / "b.csv", rows[:3]))
    assert (second.unchanged, second.withdrawn) == (3, 2)


def test_malformed_json_lines_are_quarantined_and_the_rest_imported(
    session: Session, samples: Path, tmp_path: Path
) -> None:
    lines = (samples / "meti-mfg.jsonl").read_text(encoding="utf-8").splitlines()
    broken = [*lines[:3], '{"record_id": "METI-X", "name": ', *lines[3:5], "[1, 2]"]
    path = tmp_path / "meti.jsonl"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    report = service.import_feed(session, path)
    assert (report.read, report.new, report.quarantined) == (7, 5, 2)
    reasons = sorted(session.scalars(select(QuarantinedRow.reason)))
    assert any("row 4" in reason and "not valid JSON" in reason for reason in reasons)
    assert any("row 7" in reason and "not an object" in reason for reason in reasons)


def test_an_unknown_file_gets_a_clear_error_and_nothing_is_written(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,born\n1,Someone,1990-01-01\n", encoding="utf-8")
    with pytest.raises(UnknownLayout, match="not one of the known feed layouts"):
        service.import_feed(session, path)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnknownLayout, match="empty"):
        service.import_feed(session, empty)
    assert count(session, FeedImport) == 0
    assert count(session, SourceRecord) == 0


def test_a_named_layout_that_does_not_fit_is_refused(session: Session, samples: Path, tmp_path: Path) -> None:
    with pytest.raises(LayoutMismatch, match="is not a jasso-graduates file"):
        service.import_feed(session, samples / "maff-agri.csv", feed="jasso-graduates")
    with pytest.raises(UnknownLayout, match="no feed layout named 'nope'"):
        service.import_feed(session, samples / "maff-agri.csv", feed="nope")
    partial = tmp_path / "partial.csv"
    partial.write_bytes(MAFF_HEADER.replace(",メール", "").encode("cp932") + b"\r\n")
    with pytest.raises(LayoutMismatch, match="メール"):
        service.import_feed(session, partial, feed="maff-agri")
    assert count(session, FeedImport) == 0


def test_export_streams_canonical_records_with_status(session: Session, tmp_path: Path) -> None:
    service.import_feed(session, write_maff(tmp_path / "a.csv", [maff_row("MAFF-1"), maff_row("MAFF-2")]))
    service.import_feed(session, write_maff(tmp_path / "b.csv", [maff_row("MAFF-1")]))
    exported = {item["record_id"]: item for item in service.iter_export_records(session)}
    assert exported["MAFF-1"]["status"] == "active"
    assert exported["MAFF-2"]["status"] == "withdrawn"
    one = exported["MAFF-1"]
    assert one["birth_date"] == "1995-04-01"
    assert one["phone"] == "+819012345678"
    assert one["consent_third_party"] is True
    json.dumps(one)  # plain JSON all the way down


GENERATED = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")


@pytest.mark.parametrize("name", GENERATED)
def test_worker_processes_import_exactly_what_one_process_does(
    session: Session, generated: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = config.get_settings()
    monkeypatch.setattr(settings, "import_chunk_rows", 37)
    monkeypatch.setattr(settings, "import_workers", 1)
    alone = service.import_feed(session, generated / name)
    in_one = dict(session.execute(select(SourceRecord.record_id, SourceRecord.content_hash)).all())
    quarantined_one = sorted(session.execute(select(QuarantinedRow.row_number, QuarantinedRow.reason)).all())
    session.rollback()
    monkeypatch.setattr(settings, "import_workers", 2)
    monkeypatch.setattr(settings, "import_parallel_bytes", 0)
    pooled = service.import_feed(session, generated / name)
    in_pool = dict(session.execute(select(SourceRecord.record_id, SourceRecord.content_hash)).all())
    quarantined_pool = sorted(session.execute(select(QuarantinedRow.row_number, QuarantinedRow.reason)).all())
    assert alone.counts() == pooled.counts()
    assert alone.quarantined > 0  # the generator made some rows unreadable on purpose
    assert in_one == in_pool
    assert quarantined_one == quarantined_pool


@pytest.mark.parametrize("name", GENERATED)
def test_every_generated_record_is_a_valid_canonical_record(generated: Path, name: str) -> None:
    from talentbridge.feeds.mapping import RowError

    layout = service.detect_layout(generated / name)
    checked, broken = 0, []
    for row in layout.read(generated / name):
        if row.values is None:
            continue
        try:
            layout.map_row(row)  # validates the hot path's dict against CanonicalRecord
        except RowError as exc:
            if "not a valid record" in exc.reason:
                broken.append(exc.reason)
            continue
        checked += 1
    assert broken == []
    assert checked > 100


def test_a_snapshot_that_would_withdraw_much_of_the_register_is_refused(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentbridge.feeds.errors import MassWithdrawal

    settings = config.get_settings()
    monkeypatch.setattr(settings, "withdrawal_guard_minimum", 10)
    monkeypatch.setattr(settings, "withdrawal_guard_share", 0.2)
    full = [maff_row(f"MAFF-{n}") for n in range(1, 21)]
    service.import_feed(session, write_maff(tmp_path / "full.csv", full))
    session.commit()
    partial = write_maff(tmp_path / "partial.csv", full[:3])
    with pytest.raises(MassWithdrawal, match="would withdraw 17 of the 20 active records of maff-agri"):
        service.import_feed(session, partial)
    session.rollback()
    assert count(session, SourceRecord, SourceRecord.status == "active") == 20
    assert count(session, FeedImport) == 1
    shrunk = write_maff(tmp_path / "shrunk.csv", full[:17])  # 3 of 20 withdrawn: under the share
    assert service.import_feed(session, shrunk).withdrawn == 3
    allowed = service.import_feed(session, partial, allow_withdrawals=True)
    assert allowed.withdrawn == 14


def test_repeated_ids_across_chunks_on_a_reimport_and_after_a_quarantined_row(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config.get_settings(), "import_chunk_rows", 2)
    first = [maff_row(f"MAFF-{n}") for n in range(1, 5)]
    service.import_feed(session, write_maff(tmp_path / "a.csv", first))
    # A record that existed before, repeated in a later chunk; an id whose first row is
    # unreadable and whose second row is fine.
    again = [*first, maff_row("MAFF-2", email="other@example.jp"), maff_row("MAFF-9", birth="H31.2.30")]
    again += [maff_row("MAFF-8"), maff_row("MAFF-9")]
    report = service.import_feed(session, write_maff(tmp_path / "b.csv", again))
    assert (report.read, report.unchanged, report.new, report.quarantined, report.withdrawn) == (8, 4, 1, 3, 0)
    reasons = dict(session.execute(select(QuarantinedRow.row_number, QuarantinedRow.reason)).all())
    assert "already appeared on row 3" in reasons[6]
    # The repeated row is kept as sent (on PostgreSQL it came back out of a COPY line).
    assert "other@example.jp" in session.scalars(select(QuarantinedRow.raw).where(QuarantinedRow.row_number == 6)).one()
    assert "生年月日" in reasons[7]
    assert "already appeared on row 7" in reasons[9]
    assert record(session, "maff-agri", "MAFF-2").email == "an.nguyen@example.com"  # the first row won


def test_two_imports_of_one_feed_at_once_run_one_after_the_other(engine, database_url: str, samples: Path) -> None:
    """The second waits for the first to commit, then sees its records as unchanged
    (PostgreSQL: an advisory lock per feed; SQLite: its one writer at a time)."""
    import threading

    first, second = Session(engine), Session(engine)
    results: dict[str, object] = {}
    try:
        one = service.import_feed(first, samples / "maff-agri.csv")  # holds its transaction open

        def other() -> None:
            try:
                results["report"] = service.import_feed(second, samples / "maff-agri.csv")
                second.commit()
            except Exception as exc:  # noqa: BLE001 - reported to the test below
                results["error"] = exc

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # waiting for the first import
        first.commit()
        thread.join(timeout=30)
        assert "error" not in results, results.get("error")
        report = results["report"]
        assert (report.new, report.unchanged) == (0, one.new)  # type: ignore[attr-defined]
    finally:
        first.close()
        second.close()
        with engine.begin() as conn:
            for table in ("source_record_versions", "quarantined_rows", "import_seen_records", "source_records"):
                conn.exec_driver_sql(f"DELETE FROM {table}")
            conn.exec_driver_sql("DELETE FROM feed_imports")


def test_a_file_in_the_wrong_encoding_is_named_as_such(session: Session, samples: Path, tmp_path: Path) -> None:
    utf8 = tmp_path / "maff-utf8.csv"
    utf8.write_text((samples / "maff-agri.csv").read_bytes().decode("cp932"), encoding="utf-8")
    with pytest.raises(UnknownLayout, match="has the columns of maff-agri but is encoded in UTF-8"):
        service.import_feed(session, utf8)
    with pytest.raises(LayoutMismatch, match="Save the file as CP932"):
        service.import_feed(session, utf8, feed="maff-agri")
    assert count(session, FeedImport) == 0
