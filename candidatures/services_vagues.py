"""Configuration of waves, DSRs and profiles by ANS administrators (Django admin)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comptes.errors import DomainError
from comptes.policy import require
from convergence.dates import date_locale

from .dates import LIBELLES
from .journal import journaliser
from .models import DSR, Profil, Vague

PROFIL_GENERAL = "Général"


def erreurs_ordre_dates(date1, date2, date3) -> dict[str, str]:
    """French errors, by field, when the dates do not follow Date N°1 < Date N°2 < Date N°3."""
    erreurs = {}
    if date1 and date2 and date2 <= date1:
        erreurs["date2"] = "La Date N°2 doit être postérieure à la Date N°1."
    if date2 and date3 and date3 <= date2:
        erreurs["date3"] = "La Date N°3 doit être postérieure à la Date N°2."
    elif date1 and date3 and not date2 and date3 <= date1:
        erreurs["date3"] = "La Date N°3 doit être postérieure à la Date N°1."
    return erreurs


@transaction.atomic
def enregistrer_vague(vague: Vague, *, by) -> Vague:
    """Create or update a wave; each moved date is journalled (`vague_date_modifiee`).

    Raises PermissionRefusee (not an ANS administrator) or DomainError (dates out of order).
    """
    require(by, "candidatures.configurer_vague")
    erreurs = erreurs_ordre_dates(vague.date1, vague.date2, vague.date3)
    if erreurs:
        champ, message = next(iter(erreurs.items()))
        raise DomainError(message, field=champ)
    avant = Vague.objects.select_for_update().filter(pk=vague.pk).first() if vague.pk else None
    vague.save()
    if avant is None:
        journaliser("vague_creee", acteur=by, cible=f"vague:{vague.pk}", message=f"Vague {vague.numero} créée.")
        return vague
    for numero, champ, nouvelle in vague.dates():
        ancienne = getattr(avant, champ)
        if ancienne != nouvelle:
            journaliser(
                "vague_date_modifiee",
                acteur=by,
                cible=f"vague:{vague.pk}",
                message=f"{LIBELLES[numero]} de la vague {vague.numero} déplacée du {date_locale(ancienne)} au {date_locale(nouvelle)} (heure de Paris).",
                details={
                    "vague": vague.numero, "date": champ,
                    "avant": timezone.localtime(ancienne).isoformat(), "apres": timezone.localtime(nouvelle).isoformat(),
                },
            )
    return vague


def assurer_profil_general(dsr: DSR) -> Profil:
    """Every DSR has its mandatory Général profile (created if missing, kept mandatory)."""
    profil, _ = Profil.objects.get_or_create(dsr=dsr, nom=PROFIL_GENERAL, defaults={"obligatoire": True, "ordre": 0})
    if not profil.obligatoire:
        profil.obligatoire = True
        profil.save(update_fields=["obligatoire"])
    return profil
