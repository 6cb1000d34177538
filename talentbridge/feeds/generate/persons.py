"""The true person behind the records: who they are, before any agency writes them down.

Persons are made one at a time from a seeded random.Random, so any number of them can
be generated in flat memory. E-mail addresses and phone numbers are unique per person by
construction (a keyed permutation of the person's index), except where people really do
share them: siblings, and interns whose supervising organisation registers its own mailbox.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from talentbridge.feeds.generate import vocab
from talentbridge.feeds.generate.ids import Permutation
from talentbridge.feeds.generate.names import Name, draw_name, sibling_name
from talentbridge.feeds.generate.vocab import FEEDS, Country, Prefecture

# How many feeds hold a person: most one, many two, some three or four (mean ~1.5).
FEEDS_PER_PERSON = ((1, 0.62), (2, 0.28), (3, 0.08), (4, 0.02))
REREGISTER_RATE = 0.02  # registered twice in the same feed under a new id
SIBLING_RATE = 0.01  # the next person is a brother or sister: same family name, prefecture
TWIN_SHARE = 0.3  # of siblings, born the same day
SIBLING_SHARED_EMAIL = 0.2  # of siblings, one family address
SHARED_MAILBOX_RATE = 0.004  # an intern registered with the supervising organisation's mailbox
UNKNOWN_BIRTHDAY_RATE = 0.04  # MM, NP, KH: birthday unknown, written as 1 January

VISAS = {
    "worker": (
        ("technical_intern", 35), ("specified_skilled_worker_1", 25), ("engineer_humanities_international", 12),
        ("student", 12), ("permanent_resident", 6), ("spouse_of_japanese", 4), ("specified_skilled_worker_2", 2),
        ("long_term_resident", 2), ("highly_skilled_professional", 1), ("other", 1),
    ),
    "professional": (
        ("engineer_humanities_international", 35), ("permanent_resident", 18), ("student", 15),
        ("highly_skilled_professional", 8), ("spouse_of_japanese", 8), ("technical_intern", 6),
        ("specified_skilled_worker_1", 4), ("long_term_resident", 3), ("other", 3),
    ),
    "nikkei": (
        ("long_term_resident", 45), ("permanent_resident", 40), ("spouse_of_japanese", 8),
        ("engineer_humanities_international", 4), ("other", 3),
    ),
}  # fmt: skip
JLPT_BY_GROUP = {
    "worker": (("N1", 3), ("N2", 10), ("N3", 30), ("N4", 35), ("N5", 10), (None, 12)),
    "professional": (("N1", 30), ("N2", 35), ("N3", 20), ("N4", 5), ("N5", 2), (None, 8)),
    "nikkei": (("N1", 5), ("N2", 10), ("N3", 15), ("N4", 15), ("N5", 10), (None, 45)),
}
ENGLISH_GOOD = (("C1", 40), ("B2", 40), ("C2", 10), ("B1", 10))
ENGLISH_OTHER = ((None, 40), ("A2", 20), ("B1", 20), ("B2", 15), ("C1", 5))
EDUCATION = (("bachelor", 40), ("vocational", 20), ("high_school", 20), ("master", 15), ("doctor", 5))
EDUCATION_STUDENT = (("bachelor", 50), ("master", 25), ("vocational", 20), ("doctor", 5))


class Weighted:
    """Values with weights, drawn in O(log n)."""

    def __init__(self, pairs) -> None:
        pairs = list(pairs)
        self.values = [v for v, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))

    def draw(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass(slots=True)
class Person:
    key: str  # truth.csv's person_key
    country: Country
    sex: str  # "M" or "F"
    name: Name
    birth: date
    email: str
    phone: str  # 11 digits, e.g. "09012345678"
    prefecture: Prefecture
    jlpt: str | None
    english: str | None  # CEFR grade, "native" or None
    education: str  # bachelor, master, doctor, vocational, high_school
    visa: str  # a meti visa code
    feeds: tuple[str, ...]  # the feeds that hold this person, first registration first
    reregistered: str | None  # the feed holding a second record under a new id
    index: int
    factory: PersonFactory = field(repr=False, compare=False)
    _new_email: str | None = field(default=None, repr=False, compare=False)
    _new_phone: str | None = field(default=None, repr=False, compare=False)

    def new_email(self) -> str:
        """The newer address a later registration gives: another pattern, number and often domain."""
        if self._new_email is None:
            self._new_email = self.factory.email(self.name, self.birth, self.index, self.country.code, new=True)
        return self._new_email

    def new_phone(self) -> str:
        """The newer mobile number a re-registration gives."""
        if self._new_phone is None:
            self._new_phone = self.factory.phone(self.index, new=True)
        return self._new_phone


_COUNTRIES = Weighted((c, c.weight) for c in vocab.COUNTRIES)
_PREFECTURES = Weighted((p, p.weight) for p in vocab.PREFECTURES)
_FEED_COUNT = Weighted(FEEDS_PER_PERSON)
_VISAS = {group: Weighted(pairs) for group, pairs in VISAS.items()}
_JLPT = {group: Weighted(pairs) for group, pairs in JLPT_BY_GROUP.items()}
_ENGLISH_GOOD, _ENGLISH_OTHER = Weighted(ENGLISH_GOOD), Weighted(ENGLISH_OTHER)
_EDUCATION, _EDUCATION_STUDENT = Weighted(EDUCATION), Weighted(EDUCATION_STUDENT)
_DOMAINS = {
    code: Weighted(vocab.EMAIL_DOMAINS + vocab.EMAIL_DOMAINS_NATIONAL.get(code, ())) for code in vocab.COUNTRY_BY_CODE
}
_FEED_BY_AFFINITY = {c.code: Weighted(zip(FEEDS, c.affinity, strict=True)) for c in vocab.COUNTRIES}
_MOBILE = Weighted((("090", 35), ("080", 40), ("070", 25)))
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
# The 8 digits after 090/080/070: a mobile number's next digit is 1-9 (090-0xxx is not
# in the numbering plan), so the space is 10000000-99999999, primary numbers in the lower
# half, the later ones in the upper.
_PHONE_FIRST = 10_000_000
_PHONE_SPACE = 45_000_000


def _ascii_key(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


class PersonFactory:
    """Makes persons 0..n-1 in order; everything derives from the seeded rng and the index."""

    def __init__(self, rng: random.Random, *, persons: int, seed: int) -> None:
        self.rng = rng
        self.persons = persons
        self.email_space = 10 ** len(str(max(persons - 1, 1)))  # the smallest power of ten >= persons
        self.email_number = Permutation(self.email_space, seed * 31 + 1)
        self.new_email_number = Permutation(self.email_space, seed * 31 + 2)
        self.phone_number = Permutation(_PHONE_SPACE, seed * 31 + 3)
        self.new_phone_number = Permutation(_PHONE_SPACE, seed * 31 + 4)
        self.mailboxes = max(1, persons // 2000)

    def __iter__(self) -> Iterator[Person]:
        index, rng = 0, self.rng
        while index < self.persons:
            person = self._person(index)
            yield person
            index += 1
            if index < self.persons and rng.random() < SIBLING_RATE:
                yield self._person(index, sibling_of=person)
                index += 1

    def _person(self, index: int, sibling_of: Person | None = None) -> Person:
        rng = self.rng
        country = sibling_of.country if sibling_of else _COUNTRIES.draw(rng)
        sex = "M" if rng.random() < 0.55 else "F"
        feeds = self._feeds(country)
        student = "jasso-graduates" in feeds
        if sibling_of:
            name = sibling_name(rng, country.code, sex, sibling_of.name)
            twin = rng.random() < TWIN_SHARE
            birth = sibling_of.birth if twin else _birth(rng, student, country.code)
        else:
            name = draw_name(rng, country.code, sex)
            birth = _birth(rng, student, country.code)
        email = self.email(name, birth, index, country.code, new=False)
        if sibling_of and rng.random() < SIBLING_SHARED_EMAIL:
            email = sibling_of.email
        elif country.group == "worker" and rng.random() < SHARED_MAILBOX_RATE:
            email = self._mailbox()
        visa = _VISAS[country.group].draw(rng)
        if student and rng.random() < 0.7:
            visa = "student"
        if country.code == "US":
            english: str | None = "native"
        elif country.code in ("PH", "IN", "LK", "FR"):
            english = _ENGLISH_GOOD.draw(rng)
        else:
            english = _ENGLISH_OTHER.draw(rng)
        return Person(
            key=f"P{index:07d}",
            country=country,
            sex=sex,
            name=name,
            birth=birth,
            email=email,
            phone=self.phone(index, new=False),
            prefecture=sibling_of.prefecture if sibling_of else _PREFECTURES.draw(rng),
            jlpt=_JLPT[country.group].draw(rng),
            english=english,
            education=(_EDUCATION_STUDENT if student else _EDUCATION).draw(rng),
            visa=visa,
            feeds=feeds,
            reregistered=rng.choice(feeds) if rng.random() < REREGISTER_RATE else None,
            index=index,
            factory=self,
        )

    def _feeds(self, country: Country) -> tuple[str, ...]:
        """Which feeds hold the person, drawn without replacement by the country's affinity."""
        rng = self.rng
        count = _FEED_COUNT.draw(rng)
        if count == 1:
            return (_FEED_BY_AFFINITY[country.code].draw(rng),)
        pool = list(zip(FEEDS, country.affinity, strict=True))
        chosen = []
        for _ in range(count):
            r = rng.random() * sum(w for _, w in pool)
            i = 0
            while r >= pool[i][1] and i < len(pool) - 1:
                r -= pool[i][1]
                i += 1
            chosen.append(pool.pop(i)[0])
        return tuple(chosen)

    def phone(self, index: int, *, new: bool) -> str:
        """A Japanese mobile number, unique per person (the newer ones apart from the first ones)."""
        if new:
            return _MOBILE.draw(self.rng) + str(
                _PHONE_FIRST + _PHONE_SPACE + self.new_phone_number(index % _PHONE_SPACE)
            )
        return _MOBILE.draw(self.rng) + str(_PHONE_FIRST + self.phone_number(index % _PHONE_SPACE))

    def email(self, name: Name, birth: date, index: int, code: str, *, new: bool) -> str:
        """Built from the name like real ones: nguyen85@..., an.nguyen@..., duong.lan515@..."""
        rng = self.rng
        if new:
            number = self.email_space + self.new_email_number(index % self.email_space)
        else:
            number = self.email_number(index % self.email_space)
        words = [_ascii_key(w) for part in name.given_latin for w in part.replace("-", " ").split()]
        if name.family is None:  # Myanmar: no family name
            family, given = words[0], "".join(words[1:]) or words[0]
        else:
            family = _ascii_key(name.family_latin)
            # Vietnamese use the last given name (an.nguyen), East Asians all of it (yating).
            given = words[-1] if code == "VN" else "".join(words) if code in ("CN", "TW", "KR") else words[0]
        pattern = rng.random()
        if pattern < 0.3:
            local = f"{family}{number}"
        elif pattern < 0.65:
            local = f"{family}.{given}{number}"
        elif pattern < 0.8:
            local = f"{given}.{family}{number}"
        elif pattern < 0.9:
            local = f"{given}{family}{number}"
        else:
            local = f"{family}{given[0]}{birth.year % 100:02d}{number}"
        return f"{local}@{_DOMAINS[code].draw(rng)}"

    def _mailbox(self) -> str:
        k = self.rng.randrange(self.mailboxes)
        orgs = vocab.SHARED_MAILBOX_ORGS
        org = orgs[k % len(orgs)] + (str(k // len(orgs)) if k >= len(orgs) else "")
        return f"info@{org}.or.jp"


def _birth(rng: random.Random, student: bool, code: str) -> date:
    """Born 1965-2002; students mostly 1988-2000."""
    if student:
        year = int(rng.triangular(1986, 2001, 1996))
    else:
        year = min(2002, int(rng.triangular(1965, 2003, 1993)))
    if code in ("MM", "NP", "KH") and rng.random() < UNKNOWN_BIRTHDAY_RATE:
        return date(year, 1, 1)
    return date(year, 1, 1) + timedelta(days=rng.randrange(366 if year % 4 == 0 else 365))
