"""The canonical source record, and the import report, at the edges of the feeds domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentbridge.accounts.schemas import STEWARD_ROLES, UserRead

if TYPE_CHECKING:
    from talentbridge.feeds.models import SourceRecord, SourceRecordVersion

CONTACT_FIELDS = ("email", "phone")


class LanguageSkill(BaseModel):
    """One language on one scale: CEFR A1..C2 or native; JLPT kept beside it for Japanese."""

    model_config = ConfigDict(extra="forbid")

    code: str  # ISO 639-1
    level: str | None = None  # A1 A2 B1 B2 C1 C2 native, or None when the source gave none
    jlpt: str | None = None  # N1..N5, Japanese only


class Experience(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: str | None = None  # ISO 3166-1 alpha-2
    years: float | None = None
    role: str | None = None
    employer_type: str | None = None


class Education(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: str | None = None  # high_school, vocational, bachelor, master, doctor
    field: str | None = None
    institution: str | None = None
    country: str | None = None
    graduation: str | None = None  # YYYY-MM


class CanonicalRecord(BaseModel):
    """One row of one agency's register, normalised. Every layout maps onto these fields."""

    model_config = ConfigDict(extra="forbid")

    feed: str
    record_id: str
    # Names: Latin (passport) form, katakana reading, native script, side by side.
    family_name: str | None = None
    given_name: str | None = None
    name_kana: str | None = None
    native_name: str | None = None
    birth_date: date | None = None
    sex: Literal["M", "F"] | None = None
    nationality: str | None = None  # ISO 3166-1 alpha-2
    residence_country: str | None = None
    residence_prefecture: str | None = None  # JIS X 0401 code, "01".."47"
    desired_prefectures: list[str] = Field(default_factory=list)
    languages: list[LanguageSkill] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    occupation: str | None = None  # the role sought or held, free text
    experience: list[Experience] = Field(default_factory=list)
    experience_years: float | None = None
    experience_text: str | None = None
    education: Education | None = None
    visa_status: str | None = None  # the meti-mfg codes
    visa_expires: date | None = None
    email: str | None = None
    phone: str | None = None  # E.164
    consent_third_party: bool = False
    consent_purposes: list[str] = Field(default_factory=list)
    summary: str | None = None
    source_updated_at: datetime | None = None
    # Values the import could not read but that did not make the row unreadable
    # (e.g. a malformed phone number): kept so a steward can see and fix them.
    issues: list[str] = Field(default_factory=list)


IMPORT_COUNTS = ("read", "new", "changed", "unchanged", "withdrawn", "quarantined")


class ImportReport(BaseModel):
    """What one import did. `read` counts the file's data rows; `withdrawn` counts records
    withdrawn by this import, whether absent from the snapshot or with consent withdrawn."""

    import_id: int
    feed: str
    filename: str
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    quarantined: int = 0
    started_at: datetime
    finished_at: datetime | None = None

    @property
    def nothing_changed(self) -> bool:
        return self.new == 0 and self.changed == 0 and self.withdrawn == 0

    def counts(self) -> dict[str, int | str]:
        """The machine-readable report: exactly the counts and the feed."""
        out: dict[str, int | str] = {"feed": self.feed}
        out.update({key: getattr(self, key) for key in IMPORT_COUNTS})
        return out


class QuarantinedRowRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    row_number: int
    record_id: str | None
    reason: str
    raw: str


class SourceRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    feed: str
    record_id: str
    status: str
    version: int
    family_name: str | None
    given_name: str | None
    name_kana: str | None
    native_name: str | None
    birth_date: date | None
    nationality: str | None
    residence_prefecture: str | None
    consent_third_party: bool
    source_updated_at: datetime | None


# --- the API's shapes ------------------------------------------------------------------


class ImportResult(BaseModel):
    """What one import did; `nothing_changed` when the register already held the snapshot."""

    import_id: int
    feed: str
    filename: str
    read: int
    new: int
    changed: int
    unchanged: int
    withdrawn: int
    quarantined: int
    nothing_changed: bool


class ImportRead(ImportResult):
    imported_by: str | None
    started_at: datetime
    finished_at: datetime | None


class QuarantinePage(BaseModel):
    import_id: int
    total: int
    items: list[QuarantinedRowRead]


class RecordPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[SourceRecordRead]


class ContactRead(BaseModel):
    email: str | None
    phone: str | None


class SourceRecordVersionRead(BaseModel):
    """A superseded state of a source record; `data` and `raw` as they were then."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    status: str
    withdrawn_reason: str | None
    written_by_import_id: int
    superseded_by_import_id: int
    superseded_at: datetime
    data: dict[str, Any]
    raw: dict[str, Any] | None


class SourceRecordDetail(SourceRecordRead):
    """One source record. `contact` and `raw` (the row as the agency sent it) are filled
    only for administrators and data stewards; for other roles they are null and `data`
    carries no e-mail or phone."""

    withdrawn_reason: str | None
    withdrawn_at: datetime | None
    created_at: datetime
    updated_at: datetime
    first_import_id: int
    last_import_id: int
    data: dict[str, Any]
    contact: ContactRead | None
    raw: dict[str, Any] | None
    versions: list[SourceRecordVersionRead]


def may_see_contact(user: UserRead) -> bool:
    return user.role in STEWARD_ROLES


def _without_contact(data: dict[str, Any]) -> dict[str, Any]:
    # The issues go too: they quote the values the import could not read, an e-mail
    # address or phone number among them.
    return {key: value for key, value in data.items() if key not in CONTACT_FIELDS and key != "issues"}


def record_detail(record: SourceRecord, versions: list[SourceRecordVersion], *, user: UserRead) -> SourceRecordDetail:
    """The record serialised for this reader's role."""
    full = may_see_contact(user)
    base = SourceRecordRead.model_validate(record).model_dump()
    return SourceRecordDetail(
        **base,
        withdrawn_reason=record.withdrawn_reason,
        withdrawn_at=record.withdrawn_at,
        created_at=record.created_at,
        updated_at=record.updated_at,
        first_import_id=record.first_import_id,
        last_import_id=record.last_import_id,
        data=record.data if full else _without_contact(record.data),
        contact=ContactRead(email=record.email, phone=record.phone) if full else None,
        raw=record.raw if full else None,
        versions=[
            SourceRecordVersionRead(
                version=v.version,
                status=v.status,
                withdrawn_reason=v.withdrawn_reason,
                written_by_import_id=v.written_by_import_id,
                superseded_by_import_id=v.superseded_by_import_id,
                superseded_at=v.superseded_at,
                data=v.data if full else _without_contact(v.data),
                raw=v.raw if full else None,
            )
            for v in versions
        ],
    )
