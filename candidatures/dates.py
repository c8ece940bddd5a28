"""The wave's three dates, enforced at the moment of the action (server time)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from comptes.errors import DateDepassee
from convergence.dates import date_locale

from .models import Vague

LIBELLES = {1: "Date N°1", 2: "Date N°2", 3: "Date N°3"}


def date_limite(vague: Vague, numero: int) -> datetime:
    return {1: vague.date1, 2: vague.date2, 3: vague.date3}[numero]


def est_depassee(vague: Vague, numero: int, *, now: datetime | None = None) -> bool:
    """True once the date has passed: an action exactly at the date is still on time."""
    return (now or timezone.now()) > date_limite(vague, numero)


def exiger_avant(vague: Vague, numero: int, action: str, *, now: datetime | None = None) -> None:
    """Raise DateDepassee when `action` (French, e.g. "soumettre le dossier") comes after the date."""
    if est_depassee(vague, numero, now=now):
        quand = date_locale(date_limite(vague, numero))
        de = "d'" if action[:1].lower() in "aàâeéèêiîoôuy" else "de "  # French elision: "d'ajouter"
        raise DateDepassee(
            f"Impossible {de}{action} : la {LIBELLES[numero]} ({quand}, heure de Paris) est dépassée."
        )


def temps_restant(vague: Vague, numero: int, *, now: datetime | None = None):
    """Time left before the date (a timedelta, negative once passed)."""
    return date_limite(vague, numero) - (now or timezone.now())
