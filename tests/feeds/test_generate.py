"""The synthetic register generator: layouts byte-true to feeds/README.md, truth, noise, bad rows."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import jaconv
import openpyxl
import pytest

from talentbridge.feeds.generate import generate_feeds, names
from talentbridge.feeds.generate.eras import maff_date
from talentbridge.feeds.generate.ids import Permutation
from talentbridge.feeds.generate.names import draw_name
from talentbridge.feeds.generate.vocab import COUNTRIES
from talentbridge.feeds.generate.writers import JASSO_HEADER, MAFF_HEADER, MHLW_HEADER

FILES = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv", "truth.csv")
ID_FORMATS = {
    "maff-agri": r"MAFF-\d{7}",
    "meti-mfg": r"METI-[0-9A-F]{6,7}",
    "mhlw-hellowork": r"\d{5}-\d{8}",
    "jasso-graduates": r"JS\d{4}\d{6}",
}
ERA_START = {"令和": date(2019, 5, 1), "平成": date(1989, 1, 8), "昭和": date(1926, 12, 25)}
ERA_END = {"令和": date(2099, 12, 31), "平成": date(2019, 4, 30), "昭和": date(1989, 1, 7)}
ERA_LETTER = {"R": "令和", "H": "平成", "S": "昭和"}
ERA_OFFSET = {"令和": 2018, "平成": 1988, "昭和": 1925}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("clean")
    return outdir, generate_feeds(outdir, persons=400, seed=3)


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("bad")
    return outdir, generate_feeds(outdir, persons=2000, seed=4, bad_rows=0.05)


def maff_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("cp932"), newline="")))


def meti_objects(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def mhlw_rows(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    return list(book["外国人求職者"].iter_rows(min_row=4, values_only=True))


def jasso_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def truth_rows(path: Path) -> list[tuple[str, str, str]]:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[0] == ["feed", "record_id", "person_key"]
    return [tuple(row) for row in rows[1:]]


def is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_dd_mm_yyyy(text: str) -> bool:
    try:
        datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return False
    return True


def parse_maff_date(text: str) -> date | None:
    """A small reader of maff's date forms; None when the text is not a real date."""
    if m := re.fullmatch(r"(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日", text):
        era, year, month, day = m[1], 1 if m[2] == "元" else int(m[2]), int(m[3]), int(m[4])
    elif m := re.fullmatch(r"([RHS])(\d{1,2})\.(\d{1,2})\.(\d{1,2})", text):
        era, year, month, day = ERA_LETTER[m[1]], int(m[2]), int(m[3]), int(m[4])
    elif m := re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    else:
        return None
    try:
        result = date(ERA_OFFSET[era] + year, month, day)
    except ValueError:
        return None
    return result if ERA_START[era] <= result <= ERA_END[era] else None


def test_four_feeds_and_truth_are_written(clean):
    outdir, summary = clean
    assert sorted(p.name for p in outdir.iterdir()) == sorted(FILES)
    assert summary.persons == 400
    assert set(summary.rows) == {"maff-agri", "meti-mfg", "mhlw-hellowork", "jasso-graduates"}
    assert all(count > 0 for count in summary.rows.values())


def test_maff_is_cp932_with_crlf_and_the_exact_header(clean):
    raw = (clean[0] / "maff-agri.csv").read_bytes()
    text = raw.decode("cp932")  # strict: raises on a byte CP932 cannot read
    assert text.startswith(",".join(MAFF_HEADER) + "\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n") == clean[1].rows["maff-agri"] + 1
    rows = maff_rows(clean[0] / "maff-agri.csv")
    assert all(len(row) == 18 for row in rows)


def test_jasso_is_utf8_with_bom_and_english_headers(clean):
    path = clean[0] / "jasso-graduates.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfstudent_id,surname,")
    rows = jasso_rows(path)
    assert tuple(rows[0]) == JASSO_HEADER
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", row[3]) for row in rows[1:])
    assert {row[4] for row in rows[1:]} <= {c.en for c in COUNTRIES}
    assert any(row[4] == "Viet Nam" for row in rows[1:])


def test_meti_is_json_lines_in_the_readme_structure(clean):
    path = clean[0] / "meti-mfg.jsonl"
    objects = meti_objects(path)
    assert len(objects) == clean[1].rows["meti-mfg"]
    assert all(re.fullmatch(ID_FORMATS["meti-mfg"], obj["record_id"]) for obj in objects)
    assert all(set(obj["name"]) == {"family", "given", "native"} for obj in objects)
    assert all(obj["nationality"] in {c.code for c in COUNTRIES} for obj in objects)
    assert all(set(obj["contact"]) == {"email", "phone"} for obj in objects)
    text = path.read_text(encoding="utf-8")
    assert "\\u" not in text
    assert re.search(r"[一-龥]|[À-ỹ]", text)


def test_mhlw_sheet_title_headers_and_date_cells(clean):
    book = openpyxl.load_workbook(clean[0] / "mhlw-hellowork.xlsx")
    assert book.sheetnames == ["外国人求職者"]
    sheet = book["外国人求職者"]
    assert sheet["A1"].value == "外国人求職者一覧（2018年11月末）"
    assert all(cell.value is None for cell in sheet[2])
    assert tuple(cell.value for cell in sheet[3]) == MHLW_HEADER
    for ref in ("C4", "O4"):
        assert isinstance(sheet[ref].value, datetime)
        assert sheet[ref].number_format == "yyyy-mm-dd"
    assert isinstance(sheet["A4"].value, str)
    assert re.fullmatch(ID_FORMATS["mhlw-hellowork"], sheet["A4"].value)
    phones = [row[11].value for row in sheet.iter_rows(min_row=4) if row[11].value is not None]
    assert phones
    assert all(isinstance(phone, str) for phone in phones)
    assert sheet.max_row - 3 == clean[1].rows["mhlw-hellowork"]


def test_truth_has_one_row_per_record_written(clean):
    outdir, summary = clean
    written = (
        [("maff-agri", row[0]) for row in maff_rows(outdir / "maff-agri.csv")[1:]]
        + [("meti-mfg", obj["record_id"]) for obj in meti_objects(outdir / "meti-mfg.jsonl")]
        + [("mhlw-hellowork", row[0]) for row in mhlw_rows(outdir / "mhlw-hellowork.xlsx")]
        + [("jasso-graduates", row[0]) for row in jasso_rows(outdir / "jasso-graduates.csv")[1:]]
    )
    truth = truth_rows(outdir / "truth.csv")
    pairs = [(feed, record_id) for feed, record_id, _ in truth]
    assert len(pairs) == len(set(pairs)) == summary.truth_rows == summary.records
    assert sorted(pairs) == sorted(written)
    assert all(re.fullmatch(ID_FORMATS[feed], record_id) for feed, record_id in pairs)


def test_persons_spread_over_feeds_with_re_registrations(clean):
    truth = truth_rows(clean[0] / "truth.csv")
    per_person = Counter(key for _, _, key in truth)
    assert 1.3 <= len(truth) / len(per_person) <= 1.7
    feeds_of = defaultdict(set)
    for feed, _, key in truth:
        feeds_of[key].add(feed)
    assert sum(len(feeds) >= 2 for feeds in feeds_of.values()) > len(per_person) // 10
    assert any(len(feeds) >= 3 for feeds in feeds_of.values())
    same_feed_twice = Counter((feed, key) for feed, _, key in truth)
    assert 1 <= sum(n == 2 for n in same_feed_twice.values()) <= 30


def test_ids_do_not_follow_the_person_order(clean):
    truth = [row for row in truth_rows(clean[0] / "truth.csv") if row[0] == "maff-agri"]
    ids = [record_id for _, record_id, _ in truth]
    assert ids != sorted(ids)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate_feeds(tmp_path / name, persons=200, seed=seed)
    for file in FILES:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file
        assert (tmp_path / "a" / file).read_bytes() != (tmp_path / "c" / file).read_bytes(), file


def test_progress_counts_every_person(tmp_path):
    calls = []
    generate_feeds(tmp_path, persons=2500, seed=1, progress=calls.append)
    assert calls == [1000, 1000, 500]


def test_no_impossible_dates_without_bad_rows(clean):
    outdir = clean[0]
    for row in maff_rows(outdir / "maff-agri.csv")[1:]:
        assert parse_maff_date(row[4]), row[4]
        assert row[12] == "" or parse_maff_date(row[12]), row[12]
    for row in jasso_rows(outdir / "jasso-graduates.csv")[1:]:
        assert datetime.strptime(row[3], "%d/%m/%Y")
    for obj in meti_objects(outdir / "meti-mfg.jsonl"):
        assert obj["birth_date"] is None or date.fromisoformat(obj["birth_date"])
    assert all(isinstance(row[2], datetime) for row in mhlw_rows(outdir / "mhlw-hellowork.xlsx"))


def test_maff_writes_every_date_form_and_noise(clean):
    rows = maff_rows(clean[0] / "maff-agri.csv")[1:]
    births = [row[4] for row in rows]
    assert any(re.fullmatch(r"(平成|昭和)\d+年\d+月\d+日", b) for b in births)
    assert any(re.fullmatch(r"[HS]\d+\.\d+\.\d+", b) for b in births)
    assert any(re.fullmatch(r"\d{4}/\d{2}/\d{2}", b) for b in births)
    assert any(re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", b) and not re.search(r"/0", b) for b in births)
    assert any(re.search(r"[０-９]", row[14]) for row in rows)  # full-width phone digits
    assert any(re.search(r"[ｦ-ﾟ]", row[2]) for row in rows)  # half-width katakana
    assert any(re.search(r"[一-龥]", row[1]) for row in rows if row[5] in ("中国", "台湾", "韓国"))
    assert any(row[15] == "" for row in rows)
    assert any(row[15].isupper() for row in rows)


def test_bad_rows_bring_every_kind(bad):
    outdir, summary = bad
    raw_lines = (outdir / "maff-agri.csv").read_bytes().split(b"\r\n")[1:-1]
    undecodable = 0
    maff = []
    for line in raw_lines:
        try:
            maff.append(next(csv.reader([line.decode("cp932")])))
        except UnicodeDecodeError:
            undecodable += 1
    assert undecodable > 0
    assert any(row[0] == "" for row in maff)
    assert any(parse_maff_date(row[4]) is None for row in maff)
    assert any(row[5] not in {c.ja for c in COUNTRIES} for row in maff)

    meti_lines = (outdir / "meti-mfg.jsonl").read_text(encoding="utf-8").splitlines()
    meti, malformed = [], []
    for line in meti_lines:
        try:
            meti.append(json.loads(line))
        except json.JSONDecodeError:
            malformed.append(line)
    assert malformed
    assert all(line.startswith('{"record_id": "METI-') for line in malformed)
    assert any(obj.get("record_id") is None for obj in meti)
    assert any(obj["nationality"] not in {c.code for c in COUNTRIES} for obj in meti)
    assert any(obj["birth_date"] and not is_iso_date(obj["birth_date"]) for obj in meti)

    mhlw = mhlw_rows(outdir / "mhlw-hellowork.xlsx")
    assert any(row[0] is None for row in mhlw)
    assert any(isinstance(row[2], str) for row in mhlw)  # a date that is not one, left as text
    assert any(row[3] not in {c.ja for c in COUNTRIES} for row in mhlw)

    jasso = jasso_rows(outdir / "jasso-graduates.csv")[1:]
    assert any(row[0] == "" for row in jasso)
    assert any(row[4] not in {c.en for c in COUNTRIES} for row in jasso)
    assert any(not is_dd_mm_yyyy(row[3]) for row in jasso)

    truth = {(feed, record_id) for feed, record_id, _ in truth_rows(outdir / "truth.csv")}
    assert (
        len(truth)
        == summary.truth_rows
        == summary.records - sum(kinds.get("missing_id", 0) for kinds in summary.unreadable.values())
    )
    cut_id = re.match(r'\{"record_id": "(METI-[0-9A-F]+)"', malformed[0])[1]
    assert ("meti-mfg", cut_id) in truth  # an unreadable row with an id is still in truth.csv
    assert all(summary.unreadable[feed] for feed in summary.unreadable)


def test_bad_rows_leave_the_readable_rows_as_they_were(tmp_path):
    generate_feeds(tmp_path / "clean", persons=300, seed=9)
    generate_feeds(tmp_path / "bad", persons=300, seed=9, bad_rows=0.1)
    clean = (tmp_path / "clean" / "jasso-graduates.csv").read_text(encoding="utf-8-sig").splitlines()
    damaged = (tmp_path / "bad" / "jasso-graduates.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(clean) == len(damaged)
    differing = sum(a != b for a, b in zip(clean, damaged, strict=True))
    assert 0 < differing < len(clean) // 4


def test_family_names_are_concentrated_like_real_registers():
    rng = random.Random(0)
    vietnamese = Counter(draw_name(rng, "VN", rng.choice("MF")).family_latin for _ in range(4000))
    assert 0.32 < vietnamese["Nguyen"] / 4000 < 0.45
    assert [name for name, _ in vietnamese.most_common(3)] == ["Nguyen", "Tran", "Le"]
    korean = Counter(draw_name(rng, "KR", "F").family.latin[0] for _ in range(3000))  # type: ignore[union-attr]
    assert 0.17 < korean["Kim"] / 3000 < 0.27
    chinese = Counter(draw_name(rng, "CN", "M").native[0] for _ in range(3000))  # type: ignore[index]
    assert sum(n for _, n in chinese.most_common(5)) / 3000 > 0.3


def test_names_carry_latin_katakana_and_native_forms():
    rng = random.Random(1)
    vietnamese = [draw_name(rng, "VN", "M") for _ in range(200)]
    assert any(name.native and not name.native.isascii() for name in vietnamese)
    assert all(name.latin_given().isascii() and name.family_latin.isascii() for name in vietnamese)
    assert all(re.fullmatch(r"[ァ-ヴー]+", name.family.kana[0]) for name in vietnamese)  # type: ignore[union-attr]
    assert sum(bool(name.middle) for name in vietnamese) > 150
    taiwanese = draw_name(rng, "TW", "F")
    assert taiwanese.kanji is not None
    assert taiwanese.native is not None
    myanmar = draw_name(rng, "MM", "F")
    assert myanmar.family is None
    assert len(myanmar.given) >= 2


def test_every_katakana_and_kanji_form_fits_cp932():
    tables = [*names.TABLES.values(), {"head": names.TH_HEAD, "tail": names.TH_TAIL}, names.MM_HEAD, names.MM_REST]
    parts = [part for group in tables for table in group.values() for part in table.parts]
    assert len(parts) > 900
    for part in parts:
        for kana in part.kana:
            assert re.fullmatch(r"[ァ-ヴー ]+", kana), kana
            kana.encode("cp932")
            jaconv.z2h(kana, kana=True).encode("cp932")
        assert all(latin.isascii() for latin in part.latin)
        if part.kanji:
            part.kanji.encode("cp932")


@pytest.mark.parametrize(
    ("day", "form", "expected"),
    [
        (date(1995, 4, 1), "era_kanji", "平成7年4月1日"),
        (date(1995, 4, 1), "era_letter", "H7.4.1"),
        (date(1988, 12, 3), "era_kanji", "昭和63年12月3日"),
        (date(1988, 12, 3), "era_letter", "S63.12.3"),
        (date(1989, 1, 7), "era_kanji", "昭和64年1月7日"),
        (date(1989, 1, 8), "era_kanji", "平成元年1月8日"),
        (date(2019, 5, 1), "era_kanji", "令和元年5月1日"),
        (date(1995, 4, 1), "slash", "1995/4/1"),
        (date(1995, 4, 1), "slash_padded", "1995/04/01"),
    ],
)
def test_maff_date_forms(day, form, expected):
    assert maff_date(day, form) == expected
    assert parse_maff_date(expected) == day


def test_permutation_is_a_bijection():
    permute = Permutation(1000, key=42)
    values = [permute(n) for n in range(1000)]
    assert sorted(values) == list(range(1000))
    assert values[:10] != list(range(10))


def test_every_generated_phone_number_is_in_the_numbering_plan(clean) -> None:
    """Mobile numbers are 090/080/070 then a digit 1-9: 090-0xxx does not exist, and once
    the generator wrote such numbers for a fifth of all persons."""
    import phonenumbers

    outdir, _ = clean
    numbers = [obj["contact"]["phone"] for obj in meti_objects(outdir / "meti-mfg.jsonl") if obj["contact"]["phone"]]
    numbers += [row[14] for row in maff_rows(outdir / "maff-agri.csv")[1:] if row[14]]
    assert len(numbers) > 200
    invalid = [
        n
        for n in numbers
        if not phonenumbers.is_valid_number(phonenumbers.parse(jaconv.z2h(n, digit=True, ascii=True), "JP"))
    ]
    assert invalid == []
