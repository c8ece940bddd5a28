"""Dates drawn the way Django's `date` filter draws them, without reading the format each time.

Django's `date` filter parses its format string and looks up each piece by name for every value
(~90 µs on this machine, the month's name translated anew): a page of a chapter's 78 deposits or
of 25 queue rows drew it for each. Here a format is read once per format and language into a
list of steps, the month names translated once per language; a format using a piece this module
does not draw (or a format named after a setting, such as "SHORT_DATE_FORMAT") goes to Django.

The module is a template library declared in `TEMPLATES["OPTIONS"]["builtins"]`: its `date`
filter replaces Django's in every template, with the same signature and result.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_django
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import FORMAT_SETTINGS
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

register = template.Library()

# The format characters drawn here, from a datetime's fields (as django.utils.dateformat does).
PIECES = {
    "d": lambda d, mois: f"{d.day:02d}",
    "j": lambda d, mois: str(d.day),
    "m": lambda d, mois: f"{d.month:02d}",
    "n": lambda d, mois: str(d.month),
    "y": lambda d, mois: f"{d.year % 100:02d}",
    "Y": lambda d, mois: f"{d.year:04d}",
    "F": lambda d, mois: mois[0][d.month],
    "M": lambda d, mois: mois[1][d.month],
    "H": lambda d, mois: f"{d.hour:02d}",
    "G": lambda d, mois: str(d.hour),
    "i": lambda d, mois: f"{d.minute:02d}",
    "s": lambda d, mois: f"{d.second:02d}",
}
HEURE = set("HGis")


@lru_cache(maxsize=256)
def _plan(format_: str, langue: str | None) -> tuple | None:
    """(steps, month names, uses the time) for `format_`, or None when Django must draw it."""
    if format_ in FORMAT_SETTINGS:
        return None
    etapes = []
    for i, morceau in enumerate(re_formatchars.split(format_)):
        if i % 2:
            if morceau not in PIECES:
                return None
            etapes.append(PIECES[morceau])
        elif morceau:
            etapes.append(re_escaped.sub(r"\1", morceau))
    mois = ({k: str(v) for k, v in MONTHS.items()}, {k: str(v).title() for k, v in MONTHS_3.items()})
    return tuple(etapes), mois, bool(HEURE & set(re_formatchars.findall(format_)))


def format_date(valeur, format_: str) -> str:
    """`valeur` (a date or datetime, already in the time zone to show) drawn with `format_`, as
    Django's `date` filter draws it."""
    plan = _plan(format_, get_language()) if format_ and isinstance(format_, str) else None
    if plan is None or not isinstance(valeur, datetime.date):
        return date_django(valeur, format_)
    etapes, mois, heure = plan
    if heure and not isinstance(valeur, datetime.datetime):
        return date_django(valeur, format_)
    return "".join(e if isinstance(e, str) else e(valeur, mois) for e in etapes)


def date_locale(valeur, format_: str = "j F Y à H:i") -> str:
    """A moment drawn as a template draws it (`{{ valeur|date:format_ }}`): in the current time
    zone (Europe/Paris), not in UTC as it is stored. For the tags, services and e-mails that write
    dates in Python; "" for None."""
    return format_date(template_localtime(valeur), format_)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter (same arguments and result), drawn by `format_date`."""
    if value in (None, ""):
        return ""
    return format_date(value, arg)
