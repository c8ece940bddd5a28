from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from candidatures.enums import CandidatureStatus
from candidatures.models import Evenement
from messagerie.models import Notification, RappelEnvoye
from messagerie.rappels import envoyer_rappels
from messagerie.tasks import envoyer_rappels_task
from preuves.enums import ChapitreStatus, PreuveStatus
from preuves.models import VisiteInterop
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    ChapitreFactory,
    DossierChapitreFactory,
    DSRFactory,
    HabilitationFactory,
    PreuveDemandeeFactory,
    VagueFactory,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=PARIS)  # the job runs at 8:00, Paris time
FIN_DE_JOURNEE = (23, 59)


def _jour(days: int) -> datetime:
    d = NOW + timedelta(days=days)
    return d.replace(hour=FIN_DE_JOURNEE[0], minute=FIN_DE_JOURNEE[1])


def _vague(date1=400, date2=500, date3=600):
    return VagueFactory(numero=9, date1=_jour(date1), date2=_jour(date2), date3=_jour(date3))


def _candidature(vague, **kwargs):
    candidature = CandidatureFactory(dsr=DSRFactory(vague=vague), **kwargs)
    HabilitationFactory(utilisateur__username=f"editeur-{candidature.pk}", utilisateur__organisation=candidature.organisation,
                        produit=candidature.version.produit)
    return candidature


def _rappels(candidature):
    return list(
        Evenement.objects.filter(candidature=candidature, action="rappel_echeance").order_by("id").values_list("message", flat=True)
    )


def test_date1_reminder_is_sent_once_with_what_is_missing(mailoutbox, django_capture_on_commit_callbacks):
    vague = _vague(date1=30)
    brouillon = _candidature(vague)
    soumise = _candidature(vague, statut=CandidatureStatus.DOSSIER_SOUMIS)
    brouillon.referent = AgentFactory(username="referent")
    brouillon.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert envoyer_rappels(maintenant=NOW) == 1
        assert envoyer_rappels(maintenant=NOW) == 0
        envoyer_rappels_task.delay()  # today, 2030 is far: nothing is due

    assert _rappels(brouillon) == [
        "Rappel : la Date N°1 (date limite de soumission du dossier administratif) est dans 30 jours, le 3 avril 2030 "
        "à 23:59 (heure de Paris). Votre dossier administratif n'a pas encore été soumis. Reste à compléter : la "
        "candidature administrative et le formulaire d'éligibilité."
    ]
    assert _rappels(soumise) == []
    rappel = RappelEnvoye.objects.get()
    assert (rappel.candidature, rappel.numero_date, rappel.delai_jours) == (brouillon, 1, 30)
    notification = Notification.objects.get()
    assert notification.destinataire.username == f"editeur-{brouillon.pk}"
    assert notification.titre == f"Rappel d'échéance — {brouillon.reference}"
    assert [m.to for m in mailoutbox] == [[notification.destinataire.email]]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(31, []), (30, [30]), (8, [30]), (7, [7]), (2, [7]), (1, [1]), (0, [1])],
)
def test_reminder_delays_are_30_7_and_1_calendar_days(days, expected):
    vague = _vague(date1=days)
    candidature = _candidature(vague)

    envoyer_rappels(maintenant=NOW)

    assert list(RappelEnvoye.objects.filter(candidature=candidature).values_list("delai_jours", flat=True)) == expected


def test_each_delay_is_sent_once_across_days():
    vague = _vague(date1=30)
    candidature = _candidature(vague)

    for day in range(31):
        envoyer_rappels(maintenant=NOW + timedelta(days=day))

    assert sorted(RappelEnvoye.objects.filter(candidature=candidature).values_list("delai_jours", flat=True)) == [1, 7, 30]
    assert _rappels(candidature)[-1].startswith("Rappel : la Date N°1 (date limite de soumission du dossier administratif) est demain, le 3 avril 2030")


def test_reminder_delays_come_from_settings(settings):
    settings.CONVERGENCE_REMINDER_DAYS = [14, 3]
    candidature = _candidature(_vague(date1=14))

    envoyer_rappels(maintenant=NOW)

    assert list(RappelEnvoye.objects.filter(candidature=candidature).values_list("delai_jours", flat=True)) == [14]


def test_no_reminder_after_the_date_or_for_an_inactive_wave():
    vague = VagueFactory(numero=9, date1=NOW - timedelta(hours=1), date2=_jour(500), date3=_jour(600))
    _candidature(vague)
    inactive = VagueFactory(numero=8, date1=_jour(1), date2=_jour(500), date3=_jour(600), active=False)
    _candidature(inactive)

    assert envoyer_rappels(maintenant=NOW) == 0


def test_date2_reminder_lists_chapters_to_submit():
    vague = _vague(date1=-10, date2=7)
    candidature = _candidature(vague, statut=CandidatureStatus.PREUVES)
    DossierChapitreFactory(candidature=candidature, chapitre=ChapitreFactory(dsr=candidature.dsr, code="INS", ordre=1))
    DossierChapitreFactory(
        candidature=candidature,
        chapitre=ChapitreFactory(dsr=candidature.dsr, code="DMP", ordre=2),
        statut=ChapitreStatus.SOUMIS,
    )
    DossierChapitreFactory(candidature=candidature, chapitre=ChapitreFactory(dsr=candidature.dsr, code="SSI", ordre=3))
    complete = _candidature(vague, statut=CandidatureStatus.PREUVES, preuves_completes_le=NOW)

    envoyer_rappels(maintenant=NOW)

    assert _rappels(candidature) == [
        "Rappel : la Date N°2 (date limite de soumission du dossier complet de preuves) est dans 7 jours, le 11 mars "
        "2030 à 23:59 (heure de Paris). Votre dossier complet de preuves n'a pas encore été soumis. Chapitres à "
        "soumettre : INS, SSI."
    ]
    assert _rappels(complete) == []


def test_date3_reminder_lists_chapters_not_validated_and_proofs_to_redo():
    vague = _vague(date1=-20, date2=-10, date3=1)
    candidature = _candidature(vague, statut=CandidatureStatus.PREUVES)
    dmp = DossierChapitreFactory(
        candidature=candidature,
        chapitre=ChapitreFactory(dsr=candidature.dsr, code="DMP", ordre=1),
        statut=ChapitreStatus.EN_ATTENTE_EDITEUR,
    )
    PreuveDemandeeFactory(dossier=dmp, statut=PreuveStatus.NON_CONFORME)
    PreuveDemandeeFactory(dossier=dmp, statut=PreuveStatus.CONFORME)
    DossierChapitreFactory(
        candidature=candidature,
        chapitre=ChapitreFactory(dsr=candidature.dsr, code="INS", ordre=2),
        statut=ChapitreStatus.VALIDE,
    )
    tout_valide = _candidature(vague, statut=CandidatureStatus.PREUVES)
    DossierChapitreFactory(candidature=tout_valide, statut=ChapitreStatus.VALIDE)

    envoyer_rappels(maintenant=NOW)

    assert _rappels(candidature) == [
        "Rappel : la Date N°3 (fin des échanges avec l'ANS) est demain, le 5 mars 2030 à 23:59 (heure de Paris). "
        "Après cette date, plus aucune preuve ne pourra être déposée. Chapitres non encore validés : DMP (en attente "
        "éditeur). Preuves à redéposer : 1."
    ]
    assert _rappels(tout_valide) == []


def test_interop_visit_reminders_7_and_1_days_before():
    candidature = _candidature(_vague(), statut=CandidatureStatus.PREUVES)
    visite = VisiteInterop.objects.create(
        candidature=candidature, date_visite=datetime(2030, 3, 11, 14, 0, tzinfo=PARIS), lieu="Visioconférence"
    )

    assert envoyer_rappels(maintenant=NOW) == 1
    assert envoyer_rappels(maintenant=NOW + timedelta(days=1)) == 0
    assert envoyer_rappels(maintenant=NOW + timedelta(days=6)) == 1
    assert envoyer_rappels(maintenant=NOW + timedelta(days=6)) == 0

    assert list(RappelEnvoye.objects.filter(visite=visite).values_list("delai_jours", flat=True).order_by("-delai_jours")) == [7, 1]
    assert _rappels(candidature) == [
        "Rappel : votre visite Interop a lieu dans 7 jours, le 11 mars 2030 à 14:00 (Visioconférence).",
        "Rappel : votre visite Interop a lieu demain, le 11 mars 2030 à 14:00 (Visioconférence).",
    ]
