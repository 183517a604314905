"""Uploaded import files kept between the column-map preview and the import (one user's, a day)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from resonance.errors import NotFound

STAGING_DIR = "import-uploads"
MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def _folder(var_dir: Path) -> Path:
    folder = var_dir / STAGING_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stage_upload(var_dir: Path, *, user_id: int | None, filename: str, data: bytes) -> str:
    """Keep the file for its uploader; returns the token that names it. Old files are dropped."""
    folder = _folder(var_dir)
    cutoff = time.time() - MAX_AGE_SECONDS
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(18)
    (folder / f"{user_id or 0}-{token}.bin").write_bytes(data)
    (folder / f"{user_id or 0}-{token}.name").write_text(filename[:300], encoding="utf-8")
    return token


def load_staged(var_dir: Path, *, user_id: int | None, token: str) -> tuple[str, bytes]:
    """The uploader's own staged file (name, bytes), or NotFound: another user's is never read."""
    base = _folder(var_dir) / f"{user_id or 0}-{token}"
    data_path, name_path = base.with_suffix(".bin"), base.with_suffix(".name")
    if not _TOKEN.match(token) or not data_path.exists() or not name_path.exists():
        raise NotFound(
            "The uploaded file is no longer here (after a day it is removed); upload it again."
        )
    return name_path.read_text(encoding="utf-8"), data_path.read_bytes()


def discard_staged(var_dir: Path, *, user_id: int | None, token: str) -> None:
    if _TOKEN.match(token):
        base = _folder(var_dir) / f"{user_id or 0}-{token}"
        base.with_suffix(".bin").unlink(missing_ok=True)
        base.with_suffix(".name").unlink(missing_ok=True)
