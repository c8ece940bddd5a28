"""convergence.dates draws every date as Django's `date` filter does, and replaces it in templates."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.template.defaultfilters import date as date_django
from django.utils import timezone, translation

from convergence import dates

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
VALEURS = [
    datetime.datetime(2026, 1, 5, 8, 3, 9, tzinfo=PARIS),  # winter, single-digit day and hour
    datetime.datetime(2026, 7, 31, 23, 59, 1, tzinfo=PARIS),  # summer
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),  # the night the clocks change
    datetime.datetime(1999, 12, 1, 12, 0),  # noqa: DTZ001 (naive)
    datetime.date(2026, 2, 14),
    None,
    "",
    "pas une date",
]
FORMATS = [
    "j F Y à H:i", "j F Y", "j F à H:i", "j M Y H:i", "d/m/Y", "d/m/Y H:i", "Y-m-d G:i:s", "n/j/y",
    r"j \d\e F", "D j N Y", "SHORT_DATE_FORMAT", "DATE_FORMAT", "", None,
]


def _resultat(filtre, valeur, format_):
    try:
        return filtre(valeur, format_)
    except TypeError as e:  # Django refuses a time in the format of a date
        return f"TypeError: {e}"


@pytest.mark.parametrize("langue", ["fr", "en"])
@pytest.mark.parametrize("format_", FORMATS)
def test_same_as_django(langue, format_):
    with translation.override(langue):
        for valeur in VALEURS:
            assert _resultat(dates.date, valeur, format_) == _resultat(date_django, valeur, format_), (valeur, format_)


def test_unknown_pieces_and_named_formats_go_to_django():
    assert dates._plan("D j N Y", "fr") is None
    assert dates._plan("SHORT_DATE_FORMAT", "fr") is None
    assert dates._plan("j F Y à H:i", "fr") is not None


def test_month_names_follow_the_language():
    jour = datetime.date(2026, 8, 1)
    with translation.override("fr"):
        assert dates.format_date(jour, "j F Y") == "1 août 2026"
    with translation.override("en"):
        assert dates.format_date(jour, "j F Y") == "1 August 2026"


def test_templates_use_it_in_the_current_time_zone():
    gabarit = engines["django"].from_string('{{ v|date:"j F Y à H:i" }}')
    assert gabarit.template.engine.template_builtins[-1].filters["date"] is dates.date
    valeur = datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC)
    with translation.override("fr"), timezone.override(PARIS):
        assert gabarit.render({"v": valeur}) == "2 juillet 2026 à 00:30"


def test_date_locale_draws_a_moment_in_paris_time_as_the_templates_do():
    hiver = datetime.datetime(2026, 1, 15, 9, 30, tzinfo=datetime.UTC)
    ete = datetime.datetime(2026, 7, 15, 9, 30, tzinfo=datetime.UTC)

    with translation.override("fr"):
        assert (dates.date_locale(hiver, "H:i"), dates.date_locale(ete, "H:i")) == ("10:30", "11:30")
        assert dates.date_locale(ete) == "15 juillet 2026 à 11:30"
        assert dates.date_locale(None) == ""
