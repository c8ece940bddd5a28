"""The security log (logger convergence.security): one structured line per login, failed
login, refused right, refused upload, administrative change and deadline change; and no log
line of any logger carries a password, a token, a session id or a file's content."""

import logging
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from comptes.jetons import creer_jeton
from convergence.logging import JsonFormatter
from tests.candidatures.test_admin_catalogue import donnees_vague
from tests.factories import PASSWORD, VagueFactory
from tests.isc.factories import IscIdentiteFactory
from tests.preuves.factories import preuves_par_numero

pytestmark = pytest.mark.django_db

MAUVAIS_MOT_DE_PASSE = "Mauvais-Secret-Tres-Long-77"
CONTENU = b"CONTENU-CONFIDENTIEL-DU-FICHIER-3141"


def evenements(caplog, event):
    return [r for r in caplog.records if r.name == "convergence.security" and getattr(r, "event", None) == event]


@pytest.fixture
def journal(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_logins_and_failed_logins(client, instructeur, journal):
    client.post(reverse("account_login"), {"login": "instructeur", "password": MAUVAIS_MOT_DE_PASSE})
    client.post(reverse("account_login"), {"login": "instructeur", "password": PASSWORD})
    client.post(reverse("isc-connexion"), {"username": "personne", "password": MAUVAIS_MOT_DE_PASSE})
    client.post(reverse("account_logout"))

    [echec, echec_isc] = evenements(journal, "login_failed")
    assert (echec.username, echec.ip, echec.levelname) == ("instructeur", "127.0.0.1", "WARNING")
    assert (echec_isc.username, echec_isc.fournisseur) == ("personne", "isc")
    [connexion] = evenements(journal, "login")
    assert (connexion.user_id, connexion.ip) == (instructeur.pk, "127.0.0.1")
    assert [r.user_id for r in evenements(journal, "logout")] == [instructeur.pk]


def test_refused_rights_are_logged_once(client, candidature, journal):
    from tests.preuves.factories import editeur

    lecteur = editeur(candidature)
    chapitre = preuves_par_numero(candidature)["INS/GEN.01"].dossier
    client.force_login(lecteur)

    # A service's refusal (policy.require), turned into a 403 by the view: one line.
    assert client.post(reverse("preuves:soumettre-chapitre", args=[chapitre.pk])).status_code == 403
    [refus] = evenements(journal, "permission_refused")
    assert (refus.user_id, refus.action, refus.objet) == (lecteur.pk, "preuves.soumettre_chapitre", f"Candidature:{candidature.pk}")
    # A view's own check (403) and an object the user may not see (404).
    assert client.get(reverse("preuves:file-verification")).status_code == 403
    assert client.get(reverse("candidatures:detail", args=[candidature.pk + 1000])).status_code == 404

    refus_vue = evenements(journal, "permission_refused")[1]
    assert (refus_vue.user_id, refus_vue.path, refus_vue.status) == (lecteur.pk, "/preuves/verification/", 403)
    [introuvable] = evenements(journal, "not_found")
    assert introuvable.path == f"/candidatures/{candidature.pk + 1000}/"
    assert len(evenements(journal, "permission_refused")) == 2


def test_refused_upload_is_logged_without_its_content(client, candidature, user, journal):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    client.force_login(user)

    client.post(reverse("preuves:deposer", args=[preuve.pk]), {"fichiers": [SimpleUploadedFile("page\x1b.pdf", b"<html>" + CONTENU)]})

    [refus] = evenements(journal, "upload_refused")
    assert (refus.user_id, refus.nom, refus.taille) == (user.pk, "page.pdf", 6 + len(CONTENU))
    assert refus.raison.startswith("Le type du fichier « page.pdf » n'est pas accepté ici.")


def test_admin_and_deadline_changes(client, administrateur, journal, django_capture_on_commit_callbacks):
    vague = VagueFactory(numero=2, nom="Ségur Vague 2", date1=datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
                         date2=datetime(2027, 1, 15, 17, 0, tzinfo=UTC), date3=datetime(2027, 3, 1, 11, 0, tzinfo=UTC))
    client.force_login(administrateur)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:candidatures_vague_change", args=[vague.pk]),
                               donnees_vague(vague, date3=("08/03/2027", "12:00")))

    assert response.status_code == 302
    [admin] = evenements(journal, "admin_change")
    assert (admin.user_id, admin.action_flag, admin.object_id) == (administrateur.pk, "modification", str(vague.pk))
    [date] = evenements(journal, "deadline_changed")
    assert (date.user_id, date.vague, date.date) == (administrateur.pk, 2, "date3")
    assert (date.avant, date.apres) == ("2027-03-01T12:00:00+01:00", "2027-03-08T12:00:00+01:00")


def test_control_characters_cannot_forge_log_lines(client, journal):
    client.post(reverse("account_login"), {"login": "x\n{\"event\": \"login\"}", "password": "y"})

    [echec] = evenements(journal, "login_failed")
    assert "\n" not in echec.username
    assert echec.username == 'x\\x0a{"event": "login"}'


def test_no_log_line_holds_a_secret(client, instructeur, candidature, user, journal):
    """A login, an API call with a token, an upload (accepted and refused): every record of every
    logger, as formatted in production (JSON), is free of the secrets involved."""
    client.post(reverse("account_login"), {"login": "instructeur", "password": MAUVAIS_MOT_DE_PASSE})
    client.post(reverse("account_login"), {"login": "instructeur", "password": PASSWORD})
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.get(reverse("preuves:file-verification"))
    identite = IscIdentiteFactory()
    client.post(reverse("isc-connexion"), {"username": identite.identifiant, "password": MAUVAIS_MOT_DE_PASSE})
    _jeton, valeur = creer_jeton(user, nom="CI")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {valeur}")
    assert api.get("/api/v1/organisations/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {valeur}x")
    assert api.get("/api/v1/organisations/").status_code == 401
    p = preuves_par_numero(candidature)
    editeur = APIClient()
    editeur.force_login(user)
    editeur.post(reverse("preuves:deposer", args=[p["INS/GEN.02"].pk]), {"fichiers": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + CONTENU)]})
    editeur.post(reverse("preuves:deposer", args=[p["INS/V1.01"].pk]), {"fichiers": [SimpleUploadedFile("b.png", CONTENU)]})

    secrets = [PASSWORD, MAUVAIS_MOT_DE_PASSE, valeur, session_id, CONTENU.decode()]
    formatter = JsonFormatter()
    lignes = [formatter.format(r) + repr(vars(r)) for r in journal.records]
    assert len(evenements(journal, "login")) == 2 and len(evenements(journal, "upload_refused")) == 1  # + force_login
    assert [(s, ligne) for ligne in lignes for s in secrets if s in ligne] == []
