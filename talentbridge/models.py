"""Imports every domain's tables, so the metadata (and Alembic) sees them all."""

from talentbridge.accounts import models as accounts_models
from talentbridge.advisory import models as advisory_models
from talentbridge.companies import models as companies_models
from talentbridge.db import Base
from talentbridge.feeds import models as feeds_models
from talentbridge.matching import models as matching_models
from talentbridge.notifications import models as notifications_models
from talentbridge.registry import models as registry_models

__all__ = [
    "Base",
    "accounts_models",
    "advisory_models",
    "companies_models",
    "feeds_models",
    "matching_models",
    "notifications_models",
    "registry_models",
]
