"""Every value in the sample files' columns normalises without error.

The samples are the bytes agencies send (../shared/feeds/samples beside the repository,
or $TALENTBRIDGE_SHARED_DIR/feeds/samples). The column -> normaliser tables here are the
test's own, so a normaliser that breaks on a real value fails here whatever the layout
files say."""

import csv
import io
import json
import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from talentbridge.feeds.normalise import normalise

SHARED = Path(os.environ.get("TALENTBRIDGE_SHARED_DIR", Path(__file__).resolve().parents[4] / "shared"))
SAMPLES = SHARED / "feeds" / "samples"

MAFF = {
    "登録番号": ("text", {}),
    "氏名": ("name_on_card", {}),
    "氏名カナ": ("katakana", {}),
    "性別": ("sex", {}),
    "生年月日": ("date", {}),
    "国籍": ("country", {}),
    "日本語能力": ("japanese_level", {}),
    "その他言語": ("language_list", {"sep": ";", "style": "bracket"}),
    "分野": ("split_list", {}),
    "経験年数": ("years", {}),
    "資格": ("split_list", {"sep": ";"}),
    "在留資格": ("visa_status", {}),
    "在留期限": ("date", {}),
    "居住地": ("prefecture", {}),
    "電話番号": ("phone", {}),
    "メール": ("email", {}),
    "第三者提供同意": ("consent", {}),
    "更新日": ("datetime", {}),
}
JASSO = {
    "student_id": ("text", {}),
    "surname": ("latin_name", {}),
    "given_names": ("latin_name", {}),
    "date_of_birth": ("date", {"order": "dmy"}),
    "country_of_citizenship": ("country", {}),
    "university": ("text", {}),
    "degree": ("education_level", {}),
    "major": ("text", {}),
    "expected_graduation": ("year_month", {}),
    "jlpt": ("japanese_level", {}),
    "other_languages": ("language_list", {"sep": "|", "style": "colon"}),
    "desired_industries": ("split_list", {"sep": ";"}),
    "email": ("email", {}),
    "consent_share_with_employers": ("consent", {}),
    "last_updated": ("datetime", {}),
}
MHLW = {
    "求職番号": ("text", {}),
    "氏名": ("full_name", {}),
    "生年月日": ("date", {}),
    "国籍・地域": ("country", {}),
    "希望職種": ("text", {}),
    "希望勤務地": ("prefecture_list", {"sep": "、"}),
    "日本語レベル": ("japanese_level", {}),
    "英語レベル": ("language_level", {"code": "en"}),
    "その他の言語": ("language_list", {"sep": "、"}),
    "学歴": ("education_level", {}),
    "職歴": ("text", {}),
    "電話番号": ("phone", {}),
    "E-mail": ("email", {}),
    "情報提供同意": ("consent", {}),
    "登録日": ("datetime", {}),
}
METI = {
    "record_id": ("text", {}),
    "name.family": ("latin_name", {}),
    "name.given": ("latin_name", {}),
    "name.native": ("native_name", {}),
    "birth_date": ("date", {}),
    "sex": ("sex", {}),
    "nationality": ("country", {}),
    "residence.country": ("country", {}),
    "residence.prefecture": ("prefecture", {}),
    "languages": ("language_objects", {}),
    "skills": ("split_list", {}),
    "industries": ("split_list", {}),
    "experience": ("experience_objects", {}),
    "education.level": ("education_level", {}),
    "education.field": ("text", {}),
    "education.country": ("country", {}),
    "visa.status": ("visa_status", {}),
    "visa.expires": ("date", {}),
    "contact.email": ("email", {}),
    "contact.phone": ("phone", {}),
    "consent.third_party_provision": ("consent", {}),
    "consent.purposes": ("purposes", {}),
    "summary": ("text", {}),
    "updated_at": ("datetime", {}),
}


def _path(obj, dotted):
    for key in dotted.split("."):
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def maff_rows():
    text = (SAMPLES / "maff-agri.csv").read_bytes().decode("cp932")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def jasso_rows():
    return list(csv.DictReader(io.StringIO((SAMPLES / "jasso-graduates.csv").read_text(encoding="utf-8-sig"))))


def meti_rows():
    lines = (SAMPLES / "meti-mfg.jsonl").read_text(encoding="utf-8").splitlines()
    return [{column: _path(json.loads(line), column) for column in METI} for line in lines if line.strip()]


def mhlw_rows():
    workbook = openpyxl.load_workbook(SAMPLES / "mhlw-hellowork.xlsx", read_only=True)
    rows = list(workbook["外国人求職者"].iter_rows(values_only=True))
    workbook.close()
    header = rows[2]
    return [dict(zip(header, row, strict=True)) for row in rows[3:] if any(cell is not None for cell in row)]


FEEDS = {"maff-agri": (maff_rows, MAFF), "jasso-graduates": (jasso_rows, JASSO)}
FEEDS |= {"meti-mfg": (meti_rows, METI), "mhlw-hellowork": (mhlw_rows, MHLW)}


def normalise_rows(feed):
    read, columns = FEEDS[feed]
    out = []
    for row in read():
        assert set(columns) <= set(row), f"{feed}: the sample lacks {set(columns) - set(row)}"
        out.append({column: normalise(name, row[column], **args) for column, (name, args) in columns.items()})
    return out


def test_samples_are_there():
    assert SAMPLES.is_dir(), f"the sample feeds are expected in {SAMPLES}"


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_every_sample_value_normalises(feed):
    rows = normalise_rows(feed)
    assert len(rows) >= 9


def by_id(feed, id_column):
    return {row[id_column]: row for row in normalise_rows(feed)}


def test_maff_values():
    rows = by_id("maff-agri", "登録番号")
    nguyen = rows["MAFF-0000040"]
    assert nguyen["氏名"] == {"family_name": "NGUYEN", "given_name": "Minh Tuan", "native_name": None}
    assert nguyen["生年月日"] == date(1990, 5, 28)
    assert nguyen["在留期限"] == date(2022, 6, 15)
    assert nguyen["日本語能力"] == {"code": "ja", "level": "A2"}
    assert nguyen["その他言語"] == [{"code": "vi", "level": "native"}, {"code": "en", "level": "B2"}]
    assert nguyen["経験年数"] == 11.0
    assert nguyen["電話番号"] == "+819097368247"
    assert nguyen["メール"] == "nguyen.tuan909@icloud.com"
    assert nguyen["更新日"].isoformat() == "2017-09-19T00:00:00+09:00"
    yang = rows["MAFF-0000018"]
    assert yang["氏名"] == {"family_name": None, "given_name": None, "native_name": "楊 慧"}
    assert yang["生年月日"] == date(1987, 12, 26)
    assert yang["性別"] == "M"
    bautista = rows["MAFF-0000035"]
    assert bautista["氏名カナ"] == "バウティスタ ジョン ポール"
    assert bautista["国籍"] == "PH"
    assert bautista["居住地"] == "01"
    assert bautista["生年月日"] == date(1979, 1, 13)
    assert rows["MAFF-0000019"]["生年月日"] == date(1980, 3, 31)
    assert rows["MAFF-0000019"]["日本語能力"] == {"code": "ja", "level": "B2", "jlpt": "N2"}
    assert rows["MAFF-0000023"]["電話番号"] == "+817097167237"
    assert rows["MAFF-0000023"]["氏名カナ"] == "シュー ミン"
    assert rows["MAFF-0000015"]["氏名カナ"] == "ヴーヴァンハイ"
    assert rows["MAFF-0000003"]["性別"] is None
    assert rows["MAFF-0000030"]["第三者提供同意"] is False
    assert rows["MAFF-0000030"]["経験年数"] == 0.0
    assert rows["MAFF-0000022"]["メール"] is None
    assert rows["MAFF-0000025"]["生年月日"] == date(1989, 8, 13)
    assert rows["MAFF-0000025"]["資格"] == ["HACCP", "危険物取扱者"]


def test_mhlw_values():
    rows = by_id("mhlw-hellowork", "求職番号")
    wang = rows["13055-00000045"]
    assert wang["氏名"] == {"family_name": "WANG", "given_name": "YA TING", "native_name": None}
    assert wang["国籍・地域"] == "TW"
    assert wang["学歴"] == "master"
    assert wang["情報提供同意"] is False
    assert wang["その他の言語"] == [{"code": "zh", "level": "native"}]
    assert wang["日本語レベル"] == {"code": "ja", "level": "B2"}
    assert wang["英語レベル"] is None
    yang = rows["13020-00000010"]
    assert yang["希望勤務地"] == ["27", "01", "11"]
    assert yang["登録日"].isoformat() == "2018-10-04T00:00:00+09:00"
    assert yang["生年月日"] == date(1987, 12, 26)
    assert rows["13043-00000033"]["電話番号"] == "+818063915016"


def test_jasso_values():
    rows = by_id("jasso-graduates", "student_id")
    duong = rows["JS2018000015"]
    assert duong["date_of_birth"] == date(1989, 7, 30)
    assert duong["country_of_citizenship"] == "VN"
    assert rows["JS2018000010"]["country_of_citizenship"] == "US"
    assert rows["JS2018000007"]["other_languages"] == [
        {"code": "tl", "level": "native"},
        {"code": "en", "level": "A2"},
    ]
    assert rows["JS2018000019"]["email"] == "dang.son713@yahoo.co.jp"
    assert rows["JS2018000017"]["degree"] == "vocational"
    assert rows["JS2018000017"]["email"] is None
    assert rows["JS2018000017"]["date_of_birth"] == date(1992, 2, 7)
    assert rows["JS2018000017"]["expected_graduation"] == "2019-03"
    assert rows["JS2018000005"]["consent_share_with_employers"] is False


def test_meti_values():
    rows = by_id("meti-mfg", "record_id")
    duong = rows["METI-001EEF1"]
    assert duong["residence.prefecture"] == "21"
    assert duong["languages"] == [{"code": "ja", "level": "B1", "jlpt": "N3"}, {"code": "vi", "level": "native"}]
    assert duong["contact.phone"] == "+817015027470"
    assert duong["experience"] == [
        {"country": "TH", "years": 0.0, "role": "export sales", "employer_type": "manufacturer"}
    ]
    assert duong["updated_at"].isoformat() == "2018-11-02T09:12:00+09:00"
    assert rows["METI-02E6684"]["languages"][1] == {"code": "si", "level": "native"}
    assert rows["METI-03FCCF3"]["contact.email"] is None
    assert rows["METI-0381139"]["contact.email"] == "wang.yating18@outlook.com"
    assert rows["METI-01EEF06"]["name.native"] == "Đỗ Quang Huy"


def test_company_side_samples():
    companies = list(
        csv.DictReader(io.StringIO((SAMPLES / "consortium-companies.csv").read_text(encoding="utf-8-sig")))
    )
    for row in companies:
        assert normalise("prefecture", row["本社所在地"])
        assert normalise("date", row["登録日"])
        markets = [m for m in normalise("split_list", row["目標市場"]) if m != "EU"]
        assert all(normalise("country", market) for market in markets)
    specialists = list(csv.DictReader(io.StringIO((SAMPLES / "overseas-specialists.csv").read_text("utf-8"))))
    for row in specialists:
        assert normalise("country", row["country"])
        assert [normalise("country", m) for m in normalise("split_list", row["markets"])]
        languages = normalise("language_list", row["languages"], sep=";", style="colon")
        assert [entry["code"] for entry in languages] == row["languages"].split(";")
    for line in (SAMPLES / "company-needs.jsonl").read_text(encoding="utf-8").splitlines():
        need = json.loads(line)
        assert normalise("prefecture", need["prefecture"])
        assert all(normalise("country", m) for m in need["target_markets"] if m != "EU")
        for language in need["languages"]:
            if language["code"] == "ja":
                assert normalise("japanese_level", language["min"])
            else:
                assert normalise("language_level", language["min"], code=language["code"])
