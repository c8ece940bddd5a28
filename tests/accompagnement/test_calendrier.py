from datetime import UTC, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accompagnement.services import attacher_support_evenement
from tests.accompagnement.factories import (
    EvenementCalendrierFactory,
    VisiteInteropFactory,
)


def _vevents(content: bytes) -> list:
    cal = Calendar.from_ical(content)
    assert (str(cal["VERSION"]), str(cal["PRODID"])) == ("2.0", "-//Agence du Numérique en Santé//Convergence//FR")
    return list(cal.walk("VEVENT"))


def _flux(client, user):
    return client.get(reverse("accompagnement:calendrier-ics", args=[user.jeton_calendrier]))


def test_feed_has_the_waves_three_dates_and_the_editors_visit_only(client, editeur_dpi, autre_editeur):
    vague = editeur_dpi.candidature.vague
    ma_visite = VisiteInteropFactory(candidature=editeur_dpi.candidature, lieu="Locaux de l'éditeur")
    VisiteInteropFactory(candidature=autre_editeur.candidature)

    response = _flux(client, editeur_dpi)  # no login: the token identifies the user

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(e["SUMMARY"]): e for e in _vevents(response.content)}
    assert set(events) == {
        "Vague 2 — Date N°1",
        "Vague 2 — Date N°2",
        "Vague 2 — Date N°3",
        "Visite Interop — DPI Horizon 5.0 (DPI)",
    }
    assert events["Vague 2 — Date N°2"].decoded("DTSTART") == vague.date2.astimezone(UTC).replace(microsecond=0)
    visite = events["Visite Interop — DPI Horizon 5.0 (DPI)"]
    assert str(visite["UID"]) == f"visite-interop-{ma_visite.pk}@127.0.0.1"
    assert str(visite["LOCATION"]) == "Locaux de l'éditeur"
    assert "Produit Concurrent" not in response.content.decode()


def test_feed_event_has_the_rfc5545_properties(client, editeur_dpi):
    debut = timezone.now().replace(microsecond=0) + timedelta(days=3)
    ev = EvenementCalendrierFactory(
        titre="AMA DSR / REM avec la TF HOP",
        type="ask_me_anything",
        debut=debut,
        fin=debut + timedelta(hours=1),
        description="Questions sur les DSR",
        lien_inscription="https://esante.gouv.fr/agenda",
        replay_url="https://video.example/replay",
    )

    events = {str(e["SUMMARY"]): e for e in _vevents(_flux(client, editeur_dpi).content)}

    vevent = events["AMA DSR / REM avec la TF HOP"]
    assert str(vevent["UID"]) == f"evenement-{ev.pk}@127.0.0.1"
    assert vevent.decoded("DTSTART") == debut.astimezone(UTC)
    assert vevent.decoded("DTEND") == (debut + timedelta(hours=1)).astimezone(UTC)
    assert "DTSTAMP" in vevent
    assert str(vevent["URL"]) == "https://esante.gouv.fr/agenda"
    assert str(vevent["DESCRIPTION"]) == "Questions sur les DSR\n\nReplay : https://video.example/replay"


def test_feed_uid_is_stable_between_two_downloads(client, editeur_dpi):
    EvenementCalendrierFactory()

    premier = sorted(str(e["UID"]) for e in _vevents(_flux(client, editeur_dpi).content))
    second = sorted(str(e["UID"]) for e in _vevents(_flux(client, editeur_dpi).content))

    assert premier == second


def test_feed_with_an_unknown_token_is_404(client, db):
    assert client.get(reverse("accompagnement:calendrier-ics", args=["inconnu"])).status_code == 404


def test_feed_of_an_inactive_user_is_404(client, editeur_dpi):
    editeur_dpi.is_active = False
    editeur_dpi.save()

    assert _flux(client, editeur_dpi).status_code == 404


def test_renewing_the_token_invalidates_the_old_url(client, editeur_dpi):
    ancienne_url = reverse("accompagnement:calendrier-ics", args=[editeur_dpi.jeton_calendrier])
    client.force_login(editeur_dpi)

    response = client.post(reverse("accompagnement:calendrier-renouveler"))

    editeur_dpi.refresh_from_db()
    assert response.status_code == 302
    assert client.get(ancienne_url).status_code == 404
    assert _flux(client, editeur_dpi).status_code == 200


def test_renew_needs_a_post(client, editeur_dpi):
    client.force_login(editeur_dpi)
    jeton = editeur_dpi.jeton_calendrier

    assert client.get(reverse("accompagnement:calendrier-renouveler")).status_code == 405
    editeur_dpi.refresh_from_db()
    assert editeur_dpi.jeton_calendrier == jeton


def test_one_event_download(client, editeur_dpi):
    ev = EvenementCalendrierFactory(titre="Webinaire dépôt des preuves")
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:evenement-ics", args=[ev.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="evenement-{ev.pk}.ics"'
    assert [str(e["SUMMARY"]) for e in _vevents(response.content)] == ["Webinaire dépôt des preuves"]


def test_one_event_download_needs_login_and_a_published_event(client, editeur_dpi):
    ev = EvenementCalendrierFactory()
    brouillon = EvenementCalendrierFactory(publie=False)

    assert client.get(reverse("accompagnement:evenement-ics", args=[ev.pk])).status_code == 302
    client.force_login(editeur_dpi)
    assert client.get(reverse("accompagnement:evenement-ics", args=[brouillon.pk])).status_code == 404


def test_calendar_page_splits_upcoming_and_past_with_replay(client, editeur_dpi):
    EvenementCalendrierFactory(
        titre="Webinaire passé", debut=timezone.now() - timedelta(days=10), replay_url="https://video.example/replay"
    )
    EvenementCalendrierFactory(titre="Webinaire à venir", lien_inscription="https://esante.gouv.fr/agenda")
    VisiteInteropFactory(candidature=editeur_dpi.candidature)
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:calendrier"))

    assert [e.titre for e in response.context["passes"]] == ["Webinaire passé"]
    assert [e.titre for e in response.context["a_venir"]] == [
        "Webinaire à venir",
        "Visite Interop — DPI Horizon 5.0 (DPI)",
        "Vague 2 — Date N°1",
        "Vague 2 — Date N°2",
        "Vague 2 — Date N°3",
    ]
    html = response.content.decode()
    assert 'href="https://video.example/replay"' in html
    assert f"/espace/calendrier/{editeur_dpi.jeton_calendrier}.ics" in html


def test_calendar_page_hides_other_organisations_visits(client, editeur_dpi, autre_editeur):
    VisiteInteropFactory(candidature=autre_editeur.candidature)
    client.force_login(editeur_dpi)

    response = client.get(reverse("accompagnement:calendrier"))

    assert "Produit Concurrent" not in response.content.decode()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_event_slides_are_stored_and_served_to_logged_in_users(client, editeur_dpi, administrateur):
    ev = EvenementCalendrierFactory(debut=timezone.now() - timedelta(days=2))
    attacher_support_evenement(ev, upload=SimpleUploadedFile("support.pdf", PDF), by=administrateur)
    url = reverse("accompagnement:evenement-support", args=[ev.pk])

    assert client.get(url).status_code == 302
    client.force_login(editeur_dpi)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert url in client.get(reverse("accompagnement:calendrier")).content.decode()


def test_only_an_ans_administrator_attaches_slides(agent):
    from comptes.errors import PermissionRefusee

    with pytest.raises(PermissionRefusee):
        attacher_support_evenement(EvenementCalendrierFactory(), upload=SimpleUploadedFile("s.pdf", PDF), by=agent)
