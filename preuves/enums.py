"""Statuses of chapter dossiers and requested proofs, kinds of proofs, with their transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TypePreuve(models.TextChoices):
    VIDEO = "video", _("Vidéo")
    CAPTURE = "capture", _("Copies d'écran")
    VIDEO_OU_CAPTURE = "video_ou_capture", _("Vidéo ou copies d'écran")
    LOG = "log", _("Logs / traces")
    DOCUMENT = "document", _("Document")
    CNDA = "cnda", _("Homologation CNDA")
    TEST_INTRUSION = "test_intrusion", _("Rapport de test d'intrusion")
    LIEN_INTEROP = "lien_interop", _("Lien vers un rapport de test d'interopérabilité")
    FICHIER = "fichier", _("Fichier")


class Criticite(models.TextChoices):
    MINEURE = "mineure", _("Mineure")
    MAJEURE = "majeure", _("Majeure")
    CRITIQUE = "critique", _("Critique")
    NON_DEFINIE = "non_definie", _("Non définie")


class Perimetre(models.TextChoices):
    VAGUE1 = "vague1", _("Vague 1")
    VAGUE2 = "vague2", _("Vague 2")


class ChapitreStatus(models.TextChoices):
    A_COMPLETER = "a_completer", _("À compléter")
    SOUMIS = "soumis", _("Soumis")
    EN_ANALYSE = "en_analyse", _("En analyse")
    EN_ATTENTE_EDITEUR = "en_attente_editeur", _("En attente éditeur")
    VALIDE = "valide", _("Validé")


C = ChapitreStatus
CHAPITRE_TRANSITIONS: dict[str, set[str]] = {
    C.A_COMPLETER: {C.SOUMIS},
    C.SOUMIS: {C.EN_ANALYSE},
    C.EN_ANALYSE: {C.VALIDE, C.EN_ATTENTE_EDITEUR},
    C.EN_ATTENTE_EDITEUR: {C.SOUMIS},
    # A non-attribution by the college reopens validated chapters with non-conforming proofs.
    C.VALIDE: {C.EN_ATTENTE_EDITEUR},
}


class PreuveStatus(models.TextChoices):
    A_FOURNIR = "a_fournir", _("À fournir")
    DEPOSEE = "deposee", _("Déposée")
    CONFORME = "conforme", _("Conforme")
    NON_CONFORME = "non_conforme", _("Non conforme")
    A_COMPLETER = "a_completer", _("À compléter")


P = PreuveStatus
PREUVE_TRANSITIONS: dict[str, set[str]] = {
    P.A_FOURNIR: {P.DEPOSEE},
    P.DEPOSEE: {P.DEPOSEE, P.CONFORME, P.NON_CONFORME, P.A_COMPLETER},
    P.NON_CONFORME: {P.DEPOSEE},
    P.A_COMPLETER: {P.DEPOSEE},
    P.CONFORME: {P.NON_CONFORME},  # college reservations
}

# Review outcomes a verifier may give to one proof.
STATUTS_REVUE = [P.CONFORME, P.NON_CONFORME, P.A_COMPLETER]


class DecisionChapitre(models.TextChoices):
    VALIDE = "valide", _("Validé")
    EN_ATTENTE_EDITEUR = "en_attente_editeur", _("En attente éditeur")
