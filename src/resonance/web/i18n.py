"""UI languages: gettext catalogues (compiled at startup when stale) and language negotiation."""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from resonance.config import SUPPORTED_LOCALES

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
LANG_COOKIE = "lang"

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "uk": "Українська",
    "ru": "Русский",
    "vi": "Tiếng Việt",
    "zh": "中文（简体）",
    "fr": "Français",
}
# BCP 47 tags for <html lang>, and the Babel locales used to format dates and numbers.
HTML_LANG: dict[str, str] = {"zh": "zh-Hans"}
BABEL_LOCALE: dict[str, str] = {"zh": "zh_Hans_CN", "en": "en_GB"}

log = logging.getLogger(__name__)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def _paths(locale: str, locale_dir: Path) -> tuple[Path, Path]:
    folder = locale_dir / locale / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _compile(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Compile every .po whose .mo is missing or older; returns the locales compiled."""
    compiled = []
    for locale in SUPPORTED_LOCALES:
        po_path, mo_path = _paths(locale, locale_dir)
        if not po_path.exists():
            continue
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            mo_path.write_bytes(_compile(po_path))
        except OSError as exc:  # a read-only install: translations() compiles in memory
            log.warning("cannot write %s (%s); compiling in memory instead", mo_path, exc)
            continue
        compiled.append(locale)
    return compiled


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def translations(locale: str) -> Translations:
    """The catalogue of a locale; an empty one (English source strings) when there is none."""
    po_path, mo_path = _paths(locale, LOCALE_DIR)
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if po_path.exists():
        return Translations(io.BytesIO(_compile(po_path)), domain=DOMAIN)
    return Translations()


def babel_locale(locale: str) -> Locale:
    return Locale.parse(BABEL_LOCALE.get(locale, locale))


def html_lang(locale: str) -> str:
    return HTML_LANG.get(locale, locale)


def supported(value: str | None) -> str | None:
    """The supported UI locale for a language tag such as "uk-UA" or "zh-Hans-CN"; else None."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in SUPPORTED_LOCALES else None


def parse_accept_language(header: str | None) -> list[str]:
    """Supported locales named in an Accept-Language header, best first."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        locale = supported(tag)
        if locale and quality > 0:
            ranked.append((-quality, position, locale))
    seen: list[str] = []
    for _, _, locale in sorted(ranked):
        if locale not in seen:
            seen.append(locale)
    return seen


def negotiate(
    *, user_locale: str | None, cookie: str | None, accept_language: str | None, default: str
) -> str:
    """The user's choice, then the switcher's cookie, then the browser's wish, then the default."""
    for candidate in (supported(user_locale), supported(cookie)):
        if candidate:
            return candidate
    wished = parse_accept_language(accept_language)
    return wished[0] if wished else default
