"""iCalendar (RFC 5545) rendering of calendar entries, through the icalendar library."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import EntreeCalendrier

PRODID = "-//Agence du Numérique en Santé//Convergence//FR"


def _description(entree: EntreeCalendrier) -> str:
    lignes = [entree.description] if entree.description else []
    ev = entree.evenement
    if ev is not None:
        if ev.replay_url:
            lignes.append(f"Replay : {ev.replay_url}")
        if ev.support_url:
            lignes.append(f"Support de présentation : {ev.support_url}")
    return "\n\n".join(lignes)


def _vevent(entree: EntreeCalendrier, *, maintenant) -> Event:
    event = Event()
    event.add("uid", f"{entree.uid}@{urlsplit(settings.SITE_URL).hostname or 'convergence'}")
    event.add("dtstamp", (entree.evenement.updated_at if entree.evenement else maintenant).astimezone(UTC))
    event.add("dtstart", entree.debut.astimezone(UTC))
    if entree.fin and entree.fin > entree.debut:
        event.add("dtend", entree.fin.astimezone(UTC))
    event.add("summary", entree.titre)
    description = _description(entree)
    if description:
        event.add("description", description)
    if entree.url:
        event.add("url", entree.url)
    if entree.lieu:
        event.add("location", entree.lieu)
    event.add("categories", [str(entree.type_label)])
    return event


def calendrier_ics(entrees: list[EntreeCalendrier], *, nom: str) -> bytes:
    """A VCALENDAR with one VEVENT per entry (times in UTC)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", nom)
    maintenant = timezone.now()
    for entree in entrees:
        cal.add_component(_vevent(entree, maintenant=maintenant))
    return cal.to_ical()
