"""Every setting is documented in docs/settings.md (so operators can find it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonance.config import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_has_a_row_in_the_settings_page() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [n for n in Settings.model_fields if f"`RESONANCE_{n.upper()}`" not in text]
    assert missing == [], f"document these settings in docs/settings.md: {missing}"


def test_secrets_can_come_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("RESONANCE_SECRET_KEY_FILE", str(secret))
    assert Settings.from_env().resolved_secret_key == "from-a-file"
