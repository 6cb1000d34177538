"""One writer per layout of `feeds/README.md`, byte for byte; each row written as soon as it is made.

A writer takes a person and the record's place among that person's registrations, draws
the record's noise, writes the row and its line in truth.csv. Unreadable rows (see
`unreadable.py`) are damaged after the clean row is built, from their own random stream.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from talentbridge.feeds.generate import noise, vocab
from talentbridge.feeds.generate.eras import DATE_FORMS, maff_date
from talentbridge.feeds.generate.ids import RecordIds
from talentbridge.feeds.generate.persons import Person, Weighted
from talentbridge.feeds.generate.unreadable import (
    IMPOSSIBLE_DATE,
    MALFORMED_JSON,
    MISSING_ID,
    NOT_CP932,
    UNKNOWN_COUNTRY,
    Damage,
)

MAFF_HEADER = (
    "登録番号", "氏名", "氏名カナ", "性別", "生年月日", "国籍", "日本語能力", "その他言語", "分野", "経験年数",
    "資格", "在留資格", "在留期限", "居住地", "電話番号", "メール", "第三者提供同意", "更新日",
)  # fmt: skip
MHLW_SHEET = "外国人求職者"
MHLW_TITLE = "外国人求職者一覧（2018年11月末）"
MHLW_HEADER = (
    "求職番号", "氏名", "生年月日", "国籍・地域", "希望職種", "希望勤務地", "日本語レベル", "英語レベル",
    "その他の言語", "学歴", "職歴", "電話番号", "E-mail", "情報提供同意", "登録日",
)  # fmt: skip
JASSO_HEADER = (
    "student_id", "surname", "given_names", "date_of_birth", "country_of_citizenship", "university", "degree",
    "major", "expected_graduation", "jlpt", "other_languages", "desired_industries", "email",
    "consent_share_with_employers", "last_updated",
)  # fmt: skip
TRUTH_HEADER = ("feed", "record_id", "person_key")

_MAFF_FIELDS = Weighted(vocab.MAFF_FIELDS)
_MAFF_VISA_FALLBACK = Weighted(vocab.MAFF_VISA_FALLBACK)
_PREFECTURES = Weighted((p, p.weight) for p in vocab.PREFECTURES)
XLSX_MAX_ROWS = 1_048_576
_CP932_MARK = "\u3013"  # 〓: stands in for the undecodable bytes until the row is encoded


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _registered(rng: random.Random, rereg: bool) -> date:
    """When the row last changed; a re-registration is recent."""
    return _day(rng, date(2018, 6, 1) if rereg else date(2016, 4, 1), date(2018, 11, 20))


class FeedWriter:
    feed = ""

    def __init__(self, path: Path, *, seed: int, damage: Damage, truth) -> None:
        self.path = path
        self.ids = RecordIds(self.feed, seed)
        self.damage = damage
        self.truth = truth
        self.rows = 0
        self.unreadable: Counter[str] = Counter()

    def write(self, rng: random.Random, person: Person, *, later: bool, rereg: bool) -> None:
        kind = self.damage.kind(self.feed)
        record_id = self._write(rng, person, later=later, rereg=rereg, kind=kind)
        self.rows += 1
        if kind:
            self.unreadable[kind] += 1
        if kind != MISSING_ID:
            self.truth.writerow((self.feed, record_id, person.key))

    def _write(self, rng: random.Random, person: Person, *, later: bool, rereg: bool, kind: str | None) -> str:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class MaffWriter(FeedWriter):
    """CSV, CP932, CRLF, Japanese headers."""

    feed = "maff-agri"

    def __init__(self, path: Path, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.file = open(path, "wb")  # closed by close()
        self.buffer = io.StringIO()
        self.csv = csv.writer(self.buffer, lineterminator="\r\n")
        self._emit(list(MAFF_HEADER), None)

    def _emit(self, row: list[str], bad_bytes: bytes | None) -> None:
        self.csv.writerow(row)
        data = self.buffer.getvalue().encode("cp932")
        self.buffer.seek(0)
        self.buffer.truncate()
        if bad_bytes:
            data = data.replace(_CP932_MARK.encode("cp932"), bad_bytes, 1)
        self.file.write(data)

    def _write(self, rng: random.Random, person: Person, *, later: bool, rereg: bool, kind: str | None) -> str:
        name = person.name
        family, given, dropped = noise.latin_name(rng, name)
        if name.kanji and rng.random() < noise.MAFF_KANJI_NAME_RATE:
            full = noise.kanji_name(rng, name)
        elif name.family is None:
            full = given.upper()
        else:
            full = f"{family.upper()} {given}"
        kana = noise.kana_name(rng, name, drop_middle=dropped and rng.random() >= noise.KANA_KEEPS_MIDDLE)
        sex = {"M": "男", "F": "女", None: ""}[noise.sex(rng, person.sex)]
        birth = maff_date(noise.birth_date(rng, person.birth), rng.choice(DATE_FORMS))
        email, phone = noise.contact(rng, person, later=later, rereg=rereg)
        phone_text = noise.phone_text(rng, phone, (("dashed", 50), ("plain", 50))) if phone else ""
        if phone_text and rng.random() < noise.FULL_WIDTH_DIGITS_RATE:
            phone_text = noise.full_width(phone_text)
        expiry = ""
        if rng.random() < 0.6:
            expiry = maff_date(_day(rng, date(2019, 1, 1), date(2024, 12, 31)), rng.choice(DATE_FORMS))
        record_id = self.ids.next()
        row = [
            record_id,
            full,
            kana,
            sex,
            birth,
            person.country.ja,
            self._japanese(rng, person),
            self._languages(rng, person),
            _MAFF_FIELDS.draw(rng),
            self._years(rng),
            ";".join(rng.sample(vocab.MAFF_QUALIFICATIONS, rng.choice((0, 0, 1, 1, 2)))),
            vocab.VISA_MAFF[person.visa] or _MAFF_VISA_FALLBACK.draw(rng),
            expiry,
            person.prefecture.kanji,
            phone_text,
            email or "",
            "同意" if noise.consent(rng) else "不同意",
            _registered(rng, rereg).strftime("%Y/%m/%d"),
        ]
        bad_bytes = None
        if kind == IMPOSSIBLE_DATE:
            row[4] = self.damage.date(person.birth, "maff")
        elif kind == MISSING_ID:
            row[0] = ""
        elif kind == UNKNOWN_COUNTRY:
            row[5] = self.damage.country("ja")
        elif kind == NOT_CP932:
            i = len(full) // 2
            row[1] = full[:i] + _CP932_MARK + full[i + 1 :]
            bad_bytes = self.damage.cp932_bytes()
        self._emit(row, bad_bytes)
        return record_id

    @staticmethod
    def _japanese(rng: random.Random, person: Person) -> str:
        level = noise.jlpt(rng, person.jlpt)
        ssw = person.visa in ("specified_skilled_worker_1", "technical_intern")
        if level in (None, "N4", "N5") and ssw and rng.random() < 0.25:
            return "JFT-Basic A2"
        if level is None:
            return ""
        return rng.choice((level, level, f"JLPT {level}", f"日本語能力試験{level}"))

    @staticmethod
    def _languages(rng: random.Random, person: Person) -> str:
        spoken = [f"{person.country.lang_ja}(母語)"]
        if person.english and person.english != "native" and rng.random() >= noise.MISSING_LEVEL_RATE:
            spoken.append(f"英語({vocab.CEFR_TO_MAFF[person.english]})")
        return ";".join(spoken)

    @staticmethod
    def _years(rng: random.Random) -> str:
        r = rng.random()
        if r < 0.25:
            return ""
        years = str(rng.randint(0, 15))
        if r < 0.25 + 0.75 * noise.FULL_WIDTH_DIGITS_RATE:
            years = noise.full_width(years)
        return years + ("年" if rng.random() < 0.35 else "")

    def close(self) -> None:
        self.file.close()


class MetiWriter(FeedWriter):
    """JSON Lines, UTF-8; fields may be missing or null."""

    feed = "meti-mfg"
    OPTIONAL = ("sex", "experience", "education", "summary")

    def __init__(self, path: Path, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.file = open(path, "w", encoding="utf-8", newline="\n")  # closed by close()

    def _write(self, rng: random.Random, person: Person, *, later: bool, rereg: bool, kind: str | None) -> str:
        name, country = person.name, person.country
        family, given, _ = noise.latin_name(rng, name)
        email, phone = noise.contact(rng, person, later=later, rereg=rereg)
        birth = noise.birth_date(rng, person.birth)
        industries = rng.sample(vocab.METI_INDUSTRIES, rng.choice((1, 1, 1, 2)))
        skills = rng.sample(vocab.METI_SKILLS, rng.randint(1, 4))
        years = rng.randint(0, 18) / 2
        record_id = self.ids.next()
        obj = {
            "record_id": record_id,
            "name": {
                "family": family or None,
                "given": given,
                "native": name.native if rng.random() >= 0.1 else None,
            },
            "birth_date": birth.isoformat() if rng.random() >= 0.01 else None,
            "sex": noise.sex(rng, person.sex),
            "nationality": country.code,
            "residence": {"country": "JP", "prefecture": person.prefecture.romaji},
            "languages": self._languages(rng, person),
            "skills": skills,
            "industries": industries,
            "experience": [
                {
                    "country": rng.choice(vocab.EXPERIENCE_COUNTRIES),
                    "years": years,
                    "role": rng.choice(vocab.METI_ROLES),
                    "employer_type": rng.choice(vocab.METI_EMPLOYERS),
                }
            ],
            "education": {
                "level": person.education,
                "field": rng.choice(vocab.METI_FIELDS),
                "country": "JP" if rng.random() < 0.5 else country.code,
            },
            "visa": {
                "status": person.visa,
                "expires": f"{rng.choice(vocab.METI_VISA_EXPIRY_YEARS)}-03-31" if rng.random() < 0.9 else None,
            },
            "contact": {"email": email, "phone": noise.phone_text(rng, phone, (("intl", 1),)) if phone else None},
            "consent": {
                "third_party_provision": noise.consent(rng),
                "purposes": ["job_matching", "advisory"] if rng.random() < 0.8 else ["job_matching"],
            },
            "summary": self._summary(rng, industries[0], years, skills),
            "updated_at": f"{_registered(rng, rereg).isoformat()}T{rng.randint(8, 19):02d}:"
            f"{rng.randrange(60):02d}:00+09:00",
        }
        if rng.random() < 0.04:
            del obj[rng.choice(self.OPTIONAL)]
        if kind == IMPOSSIBLE_DATE:
            obj["birth_date"] = self.damage.date(person.birth, "meti")
        elif kind == MISSING_ID:
            if self.damage.rng.random() < 0.5:
                del obj["record_id"]
            else:
                obj["record_id"] = None
        elif kind == UNKNOWN_COUNTRY:
            obj["nationality"] = self.damage.country("alpha2")
        line = json.dumps(obj, ensure_ascii=False)
        if kind == MALFORMED_JSON:
            line = self.damage.cut(line)
        self.file.write(line + "\n")
        return record_id

    @staticmethod
    def _languages(rng: random.Random, person: Person) -> list[dict]:
        ja: dict = {"code": "ja"}
        level = noise.jlpt(rng, person.jlpt)
        if level:
            ja["jlpt"] = level
        languages = [ja, {"code": person.country.lang_code, "native": True}]
        if person.english and person.english != "native":
            en: dict = {"code": "en"}
            if rng.random() >= noise.MISSING_LEVEL_RATE:
                en["cefr"] = person.english
            languages.append(en)
        return languages

    @staticmethod
    def _summary(rng: random.Random, industry: str, years: float, skills: list[str]) -> str:
        r = rng.random()
        if r < 0.35:
            return f"{industry}の分野で{round(years)}年の経験があります。"
        if r < 0.7:
            return f"{round(years)} years in {industry}; skills: {', '.join(skills)}."
        return ""

    def close(self) -> None:
        self.file.close()


class MhlwWriter(FeedWriter):
    """Excel .xlsx: title row, empty row, headers on row 3, real date cells; streamed."""

    feed = "mhlw-hellowork"

    def __init__(self, path: Path, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        # A fixed creation time: the same seed gives the same bytes.
        self.book.set_properties({"created": datetime(2018, 11, 30, 9, 0, 0), "author": "ハローワーク"})
        self.sheet = self.book.add_worksheet(MHLW_SHEET)
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        for col, width in enumerate((16, 26, 12, 14, 14, 28, 12, 12, 24, 14, 30, 16, 34, 12, 12)):
            self.sheet.set_column(col, col, width)
        self.sheet.write_string(0, 0, MHLW_TITLE)
        for col, header in enumerate(MHLW_HEADER):
            self.sheet.write_string(2, col, header)
        self.next_row = 3

    def _write(self, rng: random.Random, person: Person, *, later: bool, rereg: bool, kind: str | None) -> str:
        if self.next_row >= XLSX_MAX_ROWS:
            raise ValueError(
                f"mhlw-hellowork is full: an Excel sheet holds {XLSX_MAX_ROWS:,} rows; generate fewer persons "
                "(about 2.9 million at most)"
            )
        name = person.name
        family, given, _ = noise.latin_name(rng, name)
        if rng.random() < 0.7:
            given = given.replace("-", " ")
        if not family:
            full = given
        elif rng.random() < noise.MHLW_NAME_SWAP_RATE:
            full = f"{given} {family}"
        else:
            full = f"{family} {given}"
        email, phone = noise.contact(rng, person, later=later, rereg=rereg)
        places = [person.prefecture.kanji]
        for _ in range(rng.choice((0, 1, 1, 2))):
            place = _PREFECTURES.draw(rng).kanji
            if place not in places:
                places.append(place)
        level = noise.jlpt(rng, person.jlpt)
        english = person.english if rng.random() >= noise.MISSING_LEVEL_RATE else None
        record_id = self.ids.next(office=person.prefecture.code * 1000 + rng.randint(10, 69))
        row: list = [
            record_id,
            full.upper(),
            noise.birth_date(rng, person.birth),
            person.country.ja,
            rng.choice(vocab.MHLW_OCCUPATIONS),
            "、".join(places),
            vocab.JLPT_TO_MHLW[level] if level else None,
            "ネイティブ" if english == "native" else vocab.CEFR_TO_MHLW.get(english or ""),
            None if person.country.code == "US" else f"{person.country.lang_ja}（ネイティブ）",
            vocab.EDUCATION_MHLW[person.education],
            rng.choice(vocab.MHLW_CAREERS) if rng.random() < 0.8 else None,
            noise.phone_text(rng, phone, (("dashed", 45), ("plain", 35), ("paren", 10), ("intl", 10)))
            if phone
            else None,
            email,
            "○" if noise.consent(rng) else "×",
            _registered(rng, rereg),
        ]
        if kind == IMPOSSIBLE_DATE:
            row[2] = self.damage.date(person.birth, "mhlw")
        elif kind == MISSING_ID:
            row[0] = None
        elif kind == UNKNOWN_COUNTRY:
            row[3] = self.damage.country("ja")
        sheet, r = self.sheet, self.next_row
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, date):
                sheet.write_datetime(r, col, value, self.date_format)
            else:
                sheet.write_string(r, col, value)
        self.next_row += 1
        return record_id

    def close(self) -> None:
        self.book.close()


class JassoWriter(FeedWriter):
    """CSV, UTF-8 with BOM, English headers, as Python's csv module writes it."""

    feed = "jasso-graduates"

    def __init__(self, path: Path, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.file = open(path, "w", encoding="utf-8", newline="")  # closed by close()
        self.file.write("\ufeff")  # the BOM; plain utf-8 after it is faster than the utf-8-sig codec
        self.csv = csv.writer(self.file)
        self.csv.writerow(JASSO_HEADER)

    def _write(self, rng: random.Random, person: Person, *, later: bool, rereg: bool, kind: str | None) -> str:
        country = person.country
        family, given, _ = noise.latin_name(rng, person.name)
        if not family:  # no family name: the whole name goes in surname
            family, given = given, ""
        if rng.random() < 0.15:
            family = family.upper()
        email, _ = noise.contact(rng, person, later=later, rereg=rereg)
        level = noise.jlpt(rng, person.jlpt)
        languages = f"{country.lang_en}:native"
        if person.english not in (None, "native") and rng.random() >= noise.MISSING_LEVEL_RATE:
            languages += f"|English:{person.english}"
        birth = noise.birth_date(rng, person.birth)
        record_id = self.ids.next()
        row = [
            record_id,
            family,
            given,
            f"{birth.day:02d}/{birth.month:02d}/{birth.year}",
            country.en,
            rng.choice(vocab.JASSO_UNIVERSITIES),
            vocab.EDUCATION_JASSO[person.education],
            rng.choice(vocab.JASSO_MAJORS),
            rng.choice(("2019-03", "2019-03", "2019-09", "2020-03")),
            level or "",
            languages,
            ";".join(rng.sample(vocab.JASSO_INDUSTRIES, rng.randint(1, 3))),
            email or "",
            "Y" if noise.consent(rng) else "N",
            "2018-11-15" if rng.random() < 0.5 else _registered(rng, rereg).isoformat(),
        ]
        if kind == IMPOSSIBLE_DATE:
            row[3] = self.damage.date(person.birth, "jasso")
        elif kind == MISSING_ID:
            row[0] = ""
        elif kind == UNKNOWN_COUNTRY:
            row[4] = self.damage.country("en")
        self.csv.writerow(row)
        return record_id

    def close(self) -> None:
        self.file.close()


WRITERS: dict[str, type[FeedWriter]] = {
    "maff-agri": MaffWriter,
    "meti-mfg": MetiWriter,
    "mhlw-hellowork": MhlwWriter,
    "jasso-graduates": JassoWriter,
}
FILE_NAMES = {
    "maff-agri": "maff-agri.csv",
    "meti-mfg": "meti-mfg.jsonl",
    "mhlw-hellowork": "mhlw-hellowork.xlsx",
    "jasso-graduates": "jasso-graduates.csv",
}
