"""Settings: one pydantic-settings object, read from the environment (prefix RESONANCE_)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "uk", "ru", "vi", "zh", "fr")


class Settings(BaseSettings):
    """Every knob of a Resonance deployment. Secrets may also come from `<NAME>_FILE`."""

    model_config = SettingsConfigDict(env_prefix="RESONANCE_", extra="ignore")

    var_dir: Path = Field(default=Path("var"), description="Folder for the SQLite file and state.")
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means SQLite under var_dir."
    )
    secret_key: str = Field(
        default="",
        description="Key for sessions, CSRF and pseudonyms; empty means a key kept in var_dir.",
    )
    base_url: str = Field(default="http://127.0.0.1:8000", description="Public URL of the web app.")
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool | None = Field(
        default=None, description="Secure flag on cookies; default: on when base_url is https."
    )
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    login_max_failures: int = Field(default=5, ge=1, description="Failures per window before lock.")
    login_window_minutes: int = Field(default=15, ge=1)
    max_body_bytes: int = Field(default=2_000_000, ge=1024, description="Largest request body.")
    default_locale: str = "en"
    task_backend: Literal["embedded", "redis"] = "embedded"
    redis_url: str = "redis://127.0.0.1:6379/0"
    task_lease_seconds: int = Field(default=300, ge=5, description="Visibility timeout of a task.")
    store_author_handles: bool = Field(
        default=False, description="Keep clear author handles beside their keyed hash."
    )
    smtp_host: str = Field(default="", description="SMTP server for e-mail alerts; empty: off.")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "resonance@localhost"
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    telegram_bot_token: str = Field(default="", description="Bot token for Telegram alerts.")
    telegram_api_base: str = "https://api.telegram.org"
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    alerts_window_hours: int = Field(default=3, ge=1, le=48)
    alerts_baseline_weeks: int = Field(default=8, ge=2, le=52)
    alerts_quiet_minutes: int = Field(default=360, ge=0)
    alerts_group_hours: int = Field(default=24, ge=1)
    embedded_worker: bool = Field(
        default=True, description="Run the embedded job worker inside `resonance serve`."
    )
    feedback_rate_per_address: int = Field(
        default=5, ge=1, description="Public submissions per sender address per window."
    )
    feedback_rate_window_minutes: int = Field(default=10, ge=1, le=24 * 60)
    feedback_rate_per_form: int = Field(
        default=60, ge=1, description="Public submissions per form per minute, all senders."
    )
    feedback_import_max_bytes: int = Field(default=20_000_000, ge=1024)
    feedback_import_max_rows: int = Field(default=50_000, ge=1)
    feedback_contact_keys: str = Field(
        default="",
        description="Contact encryption secrets, newest first, comma-separated; "
        "'derived' is the key derived from secret_key (the default when empty).",
    )

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"default_locale must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings, reading `RESONANCE_<NAME>_FILE` for secrets when set."""
        import os

        overrides: dict[str, str] = {}
        for name in (
            "secret_key",
            "database_url",
            "redis_url",
            "smtp_password",
            "telegram_bot_token",
            "feedback_contact_keys",
        ):
            file_var = f"RESONANCE_{name.upper()}_FILE"
            if os.environ.get(file_var):
                overrides[name] = Path(os.environ[file_var]).read_text(encoding="utf-8").strip()
        return cls(**overrides)  # type: ignore[arg-type]

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'resonance.db').as_posix()}"

    @property
    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept in var_dir (one-box default)."""
        if self.secret_key:
            return self.secret_key
        key_file = self.var_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text(encoding="utf-8").strip()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key, encoding="utf-8")
        key_file.chmod(0o600)
        return key

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.base_url.startswith("https://")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings of this process, built once (entry points only; domain code takes them as args)."""
    return Settings.from_env()
