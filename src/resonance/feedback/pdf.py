"""PDF from HTML through a headless Chromium, which shapes every script its fonts cover."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from resonance.errors import Conflict

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 60
NO_CHROMIUM = (
    "Making a PDF needs Chromium on the server (Debian: apt-get install chromium "
    "fonts-noto-cjk). The HTML report works without it."
)


def find_chromium(configured: str | None = None) -> str | None:
    """The Chromium executable: ``configured`` if it exists, else the first one on PATH."""
    if configured:
        return configured if Path(configured).is_file() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, *, chromium: str | None) -> bytes:
    """Print ``html`` (a self-contained page: no scripts, no remote assets) to an A4 PDF.

    Raises Conflict when there is no Chromium, so the page can say what to install.
    """
    if chromium is None:
        raise Conflict(NO_CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="resonance-pdf-") as tmp:
        folder = Path(tmp)
        page, out = folder / "report.html", folder / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",  # often run as a service user without user namespaces
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise Conflict(f"Chromium could not print the report: {exc}") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise Conflict("Chromium did not produce a PDF; see the server log.")
        return out.read_bytes()
