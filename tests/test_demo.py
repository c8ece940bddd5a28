"""`manage.py demo` (used by `make run`): the demo journeys at their stages, loaded twice."""

import io

import pytest
from django.core.management import call_command

from accompagnement.models import DemandeSupport
from candidatures.models import Candidature, Evenement
from comptes.models import Fichier
from conventions.models import Convention, Decision
from messagerie.models import Message, Notification
from preuves.models import Depot, PreuveDemandee, Revue, VisiteInterop

pytestmark = pytest.mark.django_db(transaction=True)


def charger() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def etat() -> dict:
    return {
        modele.__name__: modele.objects.count()
        for modele in (Candidature, Evenement, Depot, Revue, Fichier, Message, Notification, VisiteInterop, DemandeSupport, Decision)
    }


def test_demo_builds_each_stage_once():
    """One test: loading the demo costs seconds (hundreds of deposits and reviews)."""
    premier = charger()
    avant = etat()

    second = charger()

    assert etat() == avant
    assert "Parcours de démonstration : HospiDPI 6.0.0 / DPI (dépôt des preuves), PassPFI 3.1 / PFI (convention à signer), " \
        "HospiDPI 5.2.0 / DPI (référencée), RadioRIS 4.0 / RIS (dossier soumis), RadioRIS 4.0 / DPI (brouillon)." in premier
    assert "Parcours de démonstration : déjà présents." in second
    verifier_phase2()
    verifier_phase3()
    verifier_annonces()
    assert sorted(Candidature.objects.values_list("organisation__raison_sociale", "version__produit__nom", "version__numero", "dsr__code", "statut")) == [
        ("Hôpital Logiciels SAS", "HospiDPI", "5.2.0", "DPI", "referencee"),
        ("Hôpital Logiciels SAS", "HospiDPI", "6.0.0", "DPI", "preuves"),
        ("Hôpital Logiciels SAS", "PassPFI", "3.1", "PFI", "convention_a_signer"),
        ("Radiologie Numérique SA", "RadioRIS", "4.0", "DPI", "brouillon"),
        ("Radiologie Numérique SA", "RadioRIS", "4.0", "RIS", "dossier_soumis"),
    ]


def verifier_phase2():
    c = Candidature.objects.get(version__numero="6.0.0")

    chapitres = dict(c.dossiers_chapitre.values_list("chapitre__code", "statut"))
    assert chapitres == {
        "CDA": "en_attente_editeur", "DMP": "soumis", "MSS": "a_completer", "PSC": "en_analyse",
        "RUM": "valide", "SSI": "a_completer",
    }
    psc = c.dossiers_chapitre.get(chapitre__code="PSC")
    assert psc.verificateur.username == "verificateur"
    assert Revue.objects.filter(preuve__dossier=psc).count() == 2
    non_conforme = c.preuves_demandees.get(statut="non_conforme")
    assert non_conforme.dossier.chapitre.code == "CDA"
    assert non_conforme.dernier_depot.revues.get().commentaire.startswith("La copie d'écran ne montre pas")
    assert c.preuves_demandees.filter(dossier__chapitre__code="MSS", dernier_depot__isnull=False).count() == 4
    assert set(c.preuves_demandees.filter(dossier__chapitre__code="MSS", dernier_depot__isnull=False)
               .values_list("dernier_depot__depose_par__username", flat=True)) == {"bruno"}
    assert c.referent.username == "instructeur"
    assert c.eligibilite.profils.filter(nom="Equipements mobiles").exists()
    assert Evenement.objects.filter(candidature=c, action="complement_demande").count() == 1
    assert c.visites_interop.count() == 1
    assert list(Message.objects.filter(fil__candidature=c, automatique=False).order_by("pk").values_list("auteur__username", flat=True)) == [
        "alice", "instructeur", "bruno",
    ]
    assert DemandeSupport.objects.filter(candidature=c, sujet="Visite Interop : quels documents préparer ?").count() == 1
    # The files are real: a WebM video, PNG images, PDFs.
    mimes = set(Fichier.objects.filter(depots__preuve__candidature=c).values_list("type_mime", flat=True))
    assert {"video/webm", "image/png", "application/pdf"} <= mimes


def verifier_phase3():
    a_signer = Candidature.objects.get(version__numero="3.1")
    referencee = Candidature.objects.get(version__numero="5.2.0")

    assert not PreuveDemandee.objects.filter(candidature__in=[a_signer, referencee]).exclude(statut="conforme").exists()
    assert Convention.objects.get(candidature=a_signer).statut == "preparee"
    assert a_signer.administrative.statut_vague1 == "reference"
    assert Convention.objects.get(candidature=referencee).statut == "signee"
    decision = Decision.objects.get(candidature=referencee)
    assert (decision.resultat, referencee.numero_referencement) == ("attribution", "SEGUR-V2-DPI-0001")
    assert decision.attestation.type_mime == "application/pdf"
    visite = referencee.visites_interop.get()
    assert visite.rapport is not None and visite.pas_a_pas is not None


def verifier_annonces():
    alice_notifs = Notification.objects.filter(destinataire__username="alice")

    # Deposits and the verifier's per-proof opinions are in the journal, not in the inbox.
    assert Evenement.objects.filter(action="preuve_deposee").count() == Depot.objects.count()
    assert not alice_notifs.filter(evenement__action__in=["preuve_deposee", "preuve_revue"]).exists()
    assert alice_notifs.filter(evenement__action="college_attribution").count() == 1
    assert alice_notifs.filter(evenement__action="convention_preparee").count() == 2
    assert alice_notifs.filter(evenement__action="message_envoye").count() == 2
    auto = Message.objects.filter(automatique=True, fil__candidature__version__numero="6.0.0")
    assert auto.filter(texte__startswith="Chapitre CDA analysé (tour 1) : en attente éditeur.").count() == 1
