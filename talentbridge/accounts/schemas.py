"""Users at the edges: what the API and the pages show of an account."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from talentbridge.accounts.models import Role

STEWARD_ROLES = frozenset({Role.administrator, Role.data_steward})


class UserRead(BaseModel):
    """A signed-in user as the pages and the API see them; never the password hash."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    locale: str
    last_login_at: datetime | None = None
    # Whom the account acts for: a company user's company, a professional's person.
    company_id: int | None = None
    person_id: int | None = None
    specialist_id: int | None = None

    @property
    def is_steward(self) -> bool:
        return self.role in STEWARD_ROLES


class SessionCreate(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class SessionRead(BaseModel):
    """The signed-in user, and the token to send as X-CSRF-Token on POST, PUT, PATCH, DELETE."""

    user: UserRead
    csrf_token: str
