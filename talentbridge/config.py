"""Settings from the environment; nothing else in the package reads os.environ."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALENTBRIDGE_", env_file=None)

    # The embedded default: a SQLite file in the working directory's var/.
    database_url: str = "sqlite:///var/talentbridge.db"
    # Signs the session cookie. The default is for the demo only; set it in production.
    secret_key: str = "talentbridge-demo-secret-change-me"
    # Where uploaded feed files are spooled while they are imported.
    upload_dir: Path = Path("var/uploads")
    # Where linkage runs keep the linkage keys of the register (Parquet), for incremental
    # linking; a cache that can be deleted at any time.
    linkage_cache_dir: Path = Path("var/linkage")
    # Rows written per statement during an import: bounds memory, keeps statements fast.
    import_chunk_rows: int = 2000
    # Worker processes that map and normalise rows during an import (1: in-process).
    import_workers: int = 2
    # Files smaller than this are imported in-process: a pool would cost more than it saves.
    import_parallel_bytes: int = 1_000_000
    # A snapshot that would withdraw more than this share of a feed's active records is
    # refused (a partial or wrong file, most likely) unless withdrawals are allowed.
    withdrawal_guard_share: float = 0.2
    # ... once the feed holds at least this many active records.
    withdrawal_guard_minimum: int = 50
    # A hiring need that gives no end expires this many days after its "as of" date.
    need_lifetime_days: int = 180
    # Free advice has limits the agency sets: hours of talks a specialist gives in a month,
    # and talks a company books in a month (months of the calendar, in Japan's time).
    specialist_hours_per_month: int = 20
    company_talks_per_month: int = 4
    # Inside this many hours before a talk, the company cancels or moves it only with the
    # specialist's consent.
    talk_change_cutoff_hours: int = 48
    # Where the platform's mail goes out (talk confirmations, changes, reminders), and from.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "talks@talentbridge.example"
    # How long a slot stays held for a company filling in the booking form.
    slot_hold_minutes: int = 10
    # Largest feed file the web upload accepts.
    max_upload_mb: int = 512
    # A folder of extra layout mapping files (*.toml), read beside the built-in ones.
    layouts_dir: Path | None = None
    # Failed sign-ins allowed per account, and per client address, within the window
    # below; further attempts are refused unchecked until the oldest one leaves it.
    sign_in_attempts: int = 10
    sign_in_attempts_per_client: int = 50
    sign_in_window_minutes: int = 15
    # Set to true behind HTTPS so the session cookie is marked Secure.
    secure_cookies: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
