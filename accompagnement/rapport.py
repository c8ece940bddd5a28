"""Exports of the editor's activity report: CSV (for a spreadsheet) and PDF (WeasyPrint)."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors import TableauDeBord

COLONNES = [
    gettext_lazy("Produit"),
    gettext_lazy("Versions du produit"),
    gettext_lazy("Candidature"),
    gettext_lazy("Version candidate"),
    gettext_lazy("DSR"),
    gettext_lazy("Vague"),
    gettext_lazy("Phase"),
    gettext_lazy("Statut"),
    gettext_lazy("Prochaine étape"),
    gettext_lazy("À votre charge"),
    gettext_lazy("Référent ANS"),
]


def lignes_csv(tdb: TableauDeBord) -> list[list[str]]:
    rows = []
    for ligne in tdb.lignes:
        c = ligne.candidature
        versions = ", ".join(v.numero for v in ligne.produit.versions.all())
        rows.append(
            [
                ligne.produit.nom,
                versions,
                c.reference if c else "",
                c.version.numero if c else "",
                c.dsr.code if c else "",
                c.vague.nom if c else "",
                str(ligne.phase or ""),
                str(ligne.statut_label),
                ligne.prochaine_etape,
                (_("oui") if ligne.action_editeur else _("non")) if c else "",
                (c.referent.get_full_name() or c.referent.username) if c and c.referent else "",
            ]
        )
    return rows


def rapport_csv(tdb: TableauDeBord) -> bytes:
    """UTF-8 with a BOM and semicolons, so that a French spreadsheet opens it as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(c) for c in COLONNES])
    writer.writerows(lignes_csv(tdb))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rapport_pdf(tdb: TableauDeBord, *, user) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "accompagnement/rapport_pdf.html", {"tdb": tdb, "utilisateur": user, "genere_le": timezone.localtime()}
    )
    return HTML(string=html).write_pdf()


def nom_fichier(tdb: TableauDeBord, extension: str) -> str:
    return f"rapport-activite-{tdb.organisation.siren}-{timezone.localdate():%Y-%m-%d}.{extension}"
