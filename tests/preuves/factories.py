"""Factories and builders of phase 2: a small REM catalogue, a candidature in phase `preuves`,
editors with given rights, deposits and reviews."""

from __future__ import annotations

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from candidatures.enums import CandidatureStatus, StatutVague1
from preuves.enums import Perimetre, TypePreuve
from preuves.models import Depot, DossierChapitre, PreuveDemandee, Revue
from preuves.services import generer_preuves_demandees
from tests.factories import (
    CandidatureFactory,
    ChapitreFactory,
    DSRFactory,
    ExigenceFactory,
    HabilitationFactory,
    PreuveAttendueFactory,
    ProfilFactory,
    ScenarioFactory,
    UserFactory,
)


def png(nom="capture.png", couleur=(0, 120, 200)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), couleur).save(buf, "PNG")
    return SimpleUploadedFile(nom, buf.getvalue(), content_type="image/png")


def pdf(nom="rapport.pdf") -> SimpleUploadedFile:
    contenu = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


def mp4_octets(taille: int = 2048) -> bytes:
    """The head of an MP4 file (an `ftyp` box) that `filetype` recognises, padded."""
    ftyp = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    return ftyp + b"\x00" * max(0, taille - len(ftyp))


def mp4(nom="demo.mp4", taille=2048) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, mp4_octets(taille), content_type="video/mp4")


def texte(nom="trace.log", contenu=b"2026-01-01 INFO appel DMP ok\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type="text/plain")


def preuve_attendue(chapitre, *, profil=None, type=TypePreuve.CAPTURE, perimetre=Perimetre.VAGUE2, identifiant=None, **kwargs):
    """One requirement with one scenario and one expected proof, in `chapitre`."""
    exigence_kwargs = {"chapitre": chapitre, "dsr": chapitre.dsr, "perimetre": perimetre}
    if profil is not None:
        exigence_kwargs["profil"] = profil
    if identifiant:
        exigence_kwargs["identifiant"] = identifiant
    exigence = ExigenceFactory(**exigence_kwargs)
    scenario = ScenarioFactory(exigence=exigence)
    return PreuveAttendueFactory(scenario=scenario, exigence=exigence, dsr=chapitre.dsr, type=type, **kwargs)


def catalogue(dsr=None):
    """A small REM: chapters INS (2 proofs: a video and screenshots) and SSI (a pen-test report),
    plus a DMP proof of an optional profile and an INS proof carried over from Vague 1."""
    dsr = dsr or DSRFactory()
    general = dsr.profils.get(obligatoire=True)
    optionnel = ProfilFactory(dsr=dsr, nom="Alimentation DMP")
    ins = ChapitreFactory(dsr=dsr, code="INS", libelle="Identité nationale de santé", ordre=1)
    ssi = ChapitreFactory(dsr=dsr, code="SSI", libelle="Sécurité des systèmes d'information", ordre=3)
    dmp = ChapitreFactory(dsr=dsr, code="DMP", libelle="Dossier médical partagé", ordre=2)
    return {
        "dsr": dsr,
        "general": general,
        "optionnel": optionnel,
        "chapitres": {"INS": ins, "SSI": ssi, "DMP": dmp},
        "ins_video": preuve_attendue(ins, type=TypePreuve.VIDEO_OU_CAPTURE, identifiant="INS/GEN.01", ordre=1,
                                     texte="Vidéo de la récupération de l'INS"),
        "ins_capture": preuve_attendue(ins, type=TypePreuve.CAPTURE, identifiant="INS/GEN.02", ordre=2,
                                       texte="Copies d'écran de la qualification de l'identité"),
        "ins_vague1": preuve_attendue(ins, type=TypePreuve.CAPTURE, identifiant="INS/V1.01", ordre=3,
                                      perimetre=Perimetre.VAGUE1, texte="Preuve reprise de la Vague 1"),
        "ssi_pentest": preuve_attendue(ssi, type=TypePreuve.TEST_INTRUSION, identifiant="SSI/GEN.18", ordre=10,
                                       texte="Rapport de test d'intrusion"),
        "dmp_optionnel": preuve_attendue(dmp, profil=optionnel, type=TypePreuve.CNDA, identifiant="DMP/AIRS.03.01.01",
                                         ordre=5, texte="Homologation CNDA"),
    }


def candidature_en_preuves(cat=None, *, profils=(), vague1=StatutVague1.NON_REFERENCE, generer=True, statut=None, **kwargs):
    """A candidature in phase `preuves` (or `statut`) on the catalogue's DSR, its proofs requested."""
    cat = cat or catalogue()
    candidature = CandidatureFactory(dsr=cat["dsr"], statut=CandidatureStatus.BROUILLON, **kwargs)
    candidature.administrative.statut_vague1 = vague1
    candidature.administrative.save()
    candidature.eligibilite.profils.add(*profils)
    candidature.statut = statut or CandidatureStatus.PREUVES
    candidature.save(update_fields=["statut"])
    if generer:
        generer_preuves_demandees(candidature)
    return candidature


def editeur(candidature, **droits):
    """A user of the candidature's organisation with `droits` (lire by default) on its product."""
    user = UserFactory(organisation=candidature.organisation)
    HabilitationFactory(utilisateur=user, produit=candidature.version.produit, lire=True, **droits)
    return user


def contributeur_soumetteur(candidature):
    return editeur(candidature, contribuer=True, soumettre=True)


def preuves_par_numero(candidature) -> dict[str, PreuveDemandee]:
    return {
        p.preuve_attendue.exigence.identifiant: p
        for p in PreuveDemandee.objects.filter(candidature=candidature).select_related("preuve_attendue__exigence")
    }


def dossier(candidature, code) -> DossierChapitre:
    return DossierChapitre.objects.get(candidature=candidature, chapitre__code=code)


class DepotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Depot

    candidature = factory.SelfAttribute("preuve.candidature")
    version = factory.Sequence(lambda n: n + 1)
    tour = 1


class RevueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Revue


def hier():
    return timezone.localdate() - timedelta(days=1)


def deposer_chapitre_ins(candidature, user):
    """Deposit every proof of chapter INS: a video and a screenshot, a PDF, a screenshot."""
    from preuves.services import deposer_preuve

    p = preuves_par_numero(candidature)
    deposer_preuve(p["INS/GEN.01"], fichiers=[mp4(), png("ecran.png")], by=user)
    deposer_preuve(p["INS/GEN.02"], fichiers=[pdf()], by=user)
    deposer_preuve(p["INS/V1.01"], fichiers=[png()], by=user)
    return p
