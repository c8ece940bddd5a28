"""English, when chosen: the whole interface comes from the catalogue in locale/en."""

import re
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _chaine(lignes: str) -> str:
    """A PO string (its quoted lines joined, escapes read)."""
    valeur = "".join(re.findall(r'"(.*)"', lignes))
    return valeur.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def entrees_du_po() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of the source catalogue; the singular form for plurals."""
    texte = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entrees = []
    for bloc in texte.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', bloc, re.MULTILINE)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', bloc, re.MULTILINE)
        if msgid and _chaine(msgid.group(1)):
            entrees.append((_chaine(msgid.group(1)), _chaine(msgstr.group(1)) if msgstr else ""))
    return entrees


def test_every_string_is_translated_and_the_compiled_catalogue_is_current():
    entrees = entrees_du_po()
    with open(CATALOGUE / "django.mo", "rb") as f:
        compile = GNUTranslations(f)

    assert len(entrees) > 1000
    assert [m for m, t in entrees if not t] == []  # nothing left untranslated
    # `make messages` was run. A plural entry is read as one: GNUTranslations.gettext finds it by its
    # singular form in some 3.11 releases, not in Debian's 3.11.2.
    def compile_(m: str) -> str:
        t = compile.gettext(m)
        return compile.ngettext(m, m, 1) if t == m else t

    assert [m for m, t in entrees if compile_(m) != t] == []


def test_an_editor_who_chose_english_reads_the_platform_in_english(client, org_admin):
    client.force_login(org_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("candidatures:liste")).content.decode()

    assert '<html lang="en"' in page
    assert "Applications" in page and "Start an application" in page
    assert "Démarrer une candidature" not in page


def test_french_stays_the_default(client, org_admin):
    client.force_login(org_admin)

    page = client.get(reverse("candidatures:liste")).content.decode()

    assert '<html lang="fr"' in page and "Démarrer une candidature" in page
