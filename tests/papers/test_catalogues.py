"""The papers' own catalogue in each of the 24 official EU languages (SPEC §11).

Every msgid the papers app has today (extracted from its source by
``makemessages``, as a translator would get them) is translated in each of the
23 non-English catalogues: no empty msgstr, no fuzzy entry, the placeholders of
the English text, the language's plural forms, and the compiled ``.mo`` files
committed beside the ``.po`` say the same.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PAPERS = Path(settings.BASE_DIR) / "papers"
LANGUAGES = [code for code, _name in settings.PAPER_LANGUAGES if code != "en"]

#: ``nplurals`` of each language (gettext's and CLDR's integer plural categories).
NPLURALS = {
    "bg": 2, "cs": 3, "da": 2, "de": 2, "el": 2, "es": 2, "et": 2, "fi": 2, "fr": 2,
    "ga": 5, "hr": 3, "hu": 2, "it": 2, "lt": 3, "lv": 3, "mt": 4, "nl": 2, "pl": 3,
    "pt": 2, "ro": 3, "sk": 3, "sl": 4, "sv": 2,
}  # fmt: skip

PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd%]")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PAPERS / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def source_msgids(tmp_path_factory) -> set[tuple[str, str]]:
    """Every ``(msgid, msgid_plural)`` of the papers app's source, as ``makemessages`` finds
    them today (run on a copy, so the real catalogues are not touched)."""
    copy = tmp_path_factory.mktemp("papers") / "papers"
    shutil.copytree(PAPERS, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [str(admin), "makemessages", "-l", "en", "--no-location", "--no-wrap"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    pot = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {(e.msgid, e.msgid_plural) for e in pot if not e.obsolete}


def test_the_source_has_the_paper_s_fixed_words(source_msgids):
    msgids = {msgid for msgid, _plural in source_msgids}
    assert {"Contents", "Vote result", "page %(page)s of %(pages)s", "Adopted on"} <= msgids


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_translates_every_msgid_of_the_source(language, source_msgids):
    po = catalogue(language)
    entries = {(e.msgid, e.msgid_plural): e for e in po if not e.obsolete}

    assert sorted(source_msgids - entries.keys()) == []  # none missing
    untranslated = [e.msgid for e in entries.values() if not e.translated()]
    fuzzy = [e.msgid for e in entries.values() if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_has_its_language_s_plural_forms(language):
    po = catalogue(language)
    header = po.metadata["Plural-Forms"]

    assert po.metadata["Language"] == language
    assert re.match(rf"nplurals={NPLURALS[language]}; plural=.+;$", header), header
    for entry in po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(NPLURALS[language]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_keeps_the_english_placeholders(language):
    wrong = []
    for entry in catalogue(language):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [entry.msgid for form in forms if sorted(PLACEHOLDER.findall(form)) != expected]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_the_compiled_catalogue(language):
    po = catalogue(language)
    mo = polib.mofile(str(PAPERS / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgid, e.msgid_plural): (e.msgstr, dict(e.msgstr_plural)) for e in mo}

    for entry in po.translated_entries():
        key = (entry.msgid, entry.msgid_plural)
        plural = {int(k): v for k, v in entry.msgstr_plural.items()}
        assert key in compiled, entry.msgid
        msgstr, forms = compiled[key]
        assert (msgstr, {int(k): v for k, v in forms.items()}) == (entry.msgstr, plural)
