"""Translation catalogues: complete, not fuzzy, and in step with the strings in the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.support import Translations

from resonance.config import SUPPORTED_LOCALES
from resonance.web.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
POT = LOCALE_DIR / "messages.pot"


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set[str]:
    return {str(m.id) for m in catalog if m.id}


def test_the_template_is_up_to_date_with_the_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - a fixed command line
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "--sort-output",
            "-k",
            "N_",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    missing = _ids(_read(fresh)) - _ids(_read(POT))
    stale = _ids(_read(POT)) - _ids(_read(fresh))
    assert missing | stale == set(), (
        f"messages.pot is out of date (new: {sorted(missing)}, gone: {sorted(stale)}); "
        "run: pybabel extract -F babel.cfg --no-location --sort-output -k N_ "
        "-o src/resonance/locale/messages.pot . && pybabel update "
        "-i src/resonance/locale/messages.pot -d src/resonance/locale"
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_string_is_translated_and_none_is_fuzzy(locale: str) -> None:
    catalog = _read(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po")
    assert _ids(catalog) == _ids(_read(POT)), f"{locale}: run pybabel update"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{locale}: untranslated {untranslated}"
    assert not fuzzy, f"{locale}: fuzzy {fuzzy}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_placeholders_survive_translation(locale: str) -> None:
    catalog = _read(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po")
    for message in catalog:
        if message.id and message.string:
            for token in (
                "%(name)s",
                "%(count)s",
                "%(minutes)s",
                "%(number)s",
                "%(pages)s",
                "%(when)s",
            ):
                assert (token in str(message.id)) == (token in str(message.string)), (
                    locale,
                    message.id,
                )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_committed_mo_files_match_their_po_files(locale: str) -> None:
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    with (folder / "messages.mo").open("rb") as handle:
        compiled = Translations(handle)
    for message in _read(folder / "messages.po"):
        if isinstance(message.id, tuple):  # plural forms: each count picks its form
            singular, plural = message.id
            forms = message.string
            assert isinstance(forms, tuple | list), (locale, singular)
            for n in (1, 2, 5):
                expected = forms[compiled.plural(n)]
                assert compiled.ngettext(singular, plural, n) == expected, (locale, n)
        elif message.id:
            assert compiled.gettext(str(message.id)) == message.string, (
                f"{locale}: messages.mo is stale; compile it (the app does so at startup)"
            )
