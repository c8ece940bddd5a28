"""The editor's actions: deposit a version of a proof, submit a complete chapter."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from candidatures.enums import CndaStatus
from candidatures.journal import journaliser
from candidatures.models import Candidature
from comptes.errors import DomainError, TransitionInterdite
from comptes.fichiers import enregistrer_fichiers
from comptes.policy import require

from ..completude import (
    CHAPITRES_OUVERTS,
    categories_pour,
    depot_en_attente,
    erreur_date_test,
    fichiers_obligatoires,
)
from ..enums import ChapitreStatus, TypePreuve
from ..models import Depot, DossierChapitre, PreuveDemandee
from ..selectors import avec_dernier_depot_revu, manquants
from ..transitions import changer_statut_chapitre, changer_statut_preuve
from ._commun import C, P, exiger_echanges_ouverts, lien_candidature, lien_chapitre

MAX_FICHIERS_PAR_DEPOT = 20
CHAMPS_SPECIFIQUES = {
    TypePreuve.TEST_INTRUSION: ("prestataire_passi", "date_test", "ko_haute", "ko_moyenne"),
    TypePreuve.CNDA: ("cnda_nil", "cnda_statut", "cnda_date_retour"),
}


def _champs_valides(type_preuve: str, champs: dict, *, jour: date) -> dict:
    """Check the fields of a pen-test or CNDA deposit; return the Depot fields to set."""
    attendus = CHAMPS_SPECIFIQUES.get(type_preuve, ())
    inconnus = set(champs) - {n for noms in CHAMPS_SPECIFIQUES.values() for n in noms}
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    valeurs = {nom: champs.get(nom) for nom in attendus}
    if type_preuve == TypePreuve.TEST_INTRUSION:
        if not (valeurs["prestataire_passi"] or "").strip():
            raise DomainError("Indiquez le prestataire PASSI qui a réalisé le test.", field="prestataire_passi")
        erreur = erreur_date_test(valeurs["date_test"], jour)
        if erreur:
            raise DomainError(erreur, field="date_test")
        for nom in ("ko_haute", "ko_moyenne"):
            if valeurs[nom] is None or int(valeurs[nom]) < 0:
                raise DomainError("Indiquez le nombre de points de contrôle KO (0 ou plus).", field=nom)
        valeurs["prestataire_passi"] = valeurs["prestataire_passi"].strip()
    elif type_preuve == TypePreuve.CNDA:
        if not (valeurs["cnda_nil"] or "").strip():
            raise DomainError("Indiquez le NIL (numéro d'identification logiciel).", field="cnda_nil")
        if valeurs["cnda_statut"] not in CndaStatus.values:
            raise DomainError("Indiquez le statut de la demande CNDA.", field="cnda_statut")
        if valeurs["cnda_statut"] != CndaStatus.FINALISATION and valeurs["cnda_date_retour"] is None:
            raise DomainError("Indiquez la date de retour prévisionnelle du CNDA.", field="cnda_date_retour")
        valeurs["cnda_nil"] = valeurs["cnda_nil"].strip()
    return valeurs


@transaction.atomic
def deposer_preuve(
    preuve: PreuveDemandee, *, fichiers=(), lien: str = "", commentaire: str = "", by, **champs_specifiques
) -> Depot:
    """Deposit a new version of a requested proof: files (of the kinds the proof allows) and/or
    a link, a comment, and the pen-test or CNDA fields. The version waits for the chapter's
    submission. Refused while the chapter is in analysis or validated, after Date N°3, and
    after Date N°2 for a dossier never complete. A refused file stores nothing."""
    dossier = DossierChapitre.objects.select_for_update().select_related("chapitre").get(pk=preuve.dossier_id)
    p = (
        PreuveDemandee.objects.select_for_update(of=("self",))
        .select_related("preuve_attendue", "candidature__vague", "candidature__organisation", "candidature__version__produit")
        .get(pk=preuve.pk)
    )
    c = p.candidature
    require(by, "preuves.deposer_preuve", c)
    now = timezone.now()  # the moment of the action, once the rows are locked: checked and journalled
    exiger_echanges_ouverts(c, "déposer une preuve", now=now)
    if dossier.statut in (C.SOUMIS, C.EN_ANALYSE):
        raise TransitionInterdite(
            f"Le chapitre {dossier.chapitre.code} est en cours d'analyse par l'ANS : il est en lecture seule "
            "jusqu'à la fin de l'analyse."
        )
    if dossier.statut == C.VALIDE or p.statut == P.CONFORME:
        raise TransitionInterdite(f"La preuve {p.preuve_attendue.numero} est conforme : aucun nouveau dépôt n'est attendu.")
    type_preuve = p.preuve_attendue.type
    fichiers = list(fichiers or [])
    lien = (lien or "").strip()
    if len(fichiers) > MAX_FICHIERS_PAR_DEPOT:
        raise DomainError(f"Déposez au plus {MAX_FICHIERS_PAR_DEPOT} fichiers à la fois.", field="fichiers")
    if type_preuve == TypePreuve.LIEN_INTEROP:
        if not lien:
            raise DomainError("Indiquez le lien vers le rapport de test d'interopérabilité.", field="lien")
        try:
            URLValidator(schemes=["http", "https"])(lien)
        except ValidationError as exc:
            raise DomainError("Le lien doit être une adresse web complète (https://…).", field="lien") from exc
    elif fichiers_obligatoires(type_preuve) and not fichiers:
        raise DomainError("Joignez au moins un fichier.", field="fichiers")
    valeurs = _champs_valides(type_preuve, champs_specifiques, jour=timezone.localdate(now))
    stockes = enregistrer_fichiers(
        fichiers, categories=categories_pour(type_preuve), organisation=c.organisation, produit=c.version.produit, by=by
    )
    version = (p.depots.aggregate(m=Max("version"))["m"] or 0) + 1
    depot = Depot(
        preuve=p, candidature=c, version=version, tour=dossier.tour + 1, commentaire=(commentaire or "").strip(), lien=lien,
        depose_par=by, **valeurs,
    )
    depot.full_clean()
    depot.save()
    depot.fichiers.set(stockes)
    p.dernier_depot = depot
    p.save(update_fields=["dernier_depot", "updated_at"])
    preuve.dernier_depot = depot
    journaliser(
        "preuve_deposee", acteur=by, candidature=c, cible=f"preuve:{p.pk}",
        message=f"Version {version} de la preuve {p.preuve_attendue.numero} déposée ({len(stockes)} fichier(s)).",
        details={"preuve": p.pk, "version": version, "fichiers": [f.pk for f in stockes], "chapitre": dossier.pk},
        le=now,
    )
    return depot


@transaction.atomic
def soumettre_chapitre(dossier: DossierChapitre, *, by) -> DossierChapitre:
    """Submit a complete chapter: opens analysis round n+1 (tour += 1), the new versions become
    `deposee`. Refused when a proof lacks a version since its last review asking for one (the
    message lists them), after Date N°3, and after Date N°2 for a dossier never complete.
    The first time every requested proof has been submitted, records `preuves_completes_le`."""
    d = (
        DossierChapitre.objects.select_for_update()
        .select_related("chapitre", "candidature__vague", "candidature__version__produit")
        .get(pk=dossier.pk)
    )
    c = d.candidature
    require(by, "preuves.soumettre_chapitre", c)
    now = timezone.now()  # the moment of the action, once the rows are locked: checked and journalled
    exiger_echanges_ouverts(c, "soumettre le chapitre", now=now)
    if d.statut not in CHAPITRES_OUVERTS:
        raise TransitionInterdite(
            f"Le chapitre {d.chapitre.code} est « {ChapitreStatus(d.statut).label} » : il ne peut pas être soumis."
        )
    preuves = list(
        avec_dernier_depot_revu(PreuveDemandee.objects.select_for_update(of=("self",)).filter(dossier=d))
        .select_related("preuve_attendue", "dernier_depot")
        .order_by("preuve_attendue__ordre", "pk")
    )
    if not preuves:
        raise DomainError(f"Le chapitre {d.chapitre.code} ne contient aucune preuve demandée.")
    manques = manquants(preuves)
    if manques:
        liste = " ; ".join(f"{p.preuve_attendue.numero} : {raison}" for p, raison in manques)
        raise DomainError(f"Le chapitre {d.chapitre.code} n'est pas complet. Il manque : {liste}.")
    tour = d.tour + 1
    nouvelles = [p for p in preuves if depot_en_attente(p, dernier_depot_revu=p.dernier_depot_revu)]
    changer_statut_chapitre(
        d, to=C.SOUMIS, by=by, action="chapitre_soumis",
        message=f"Chapitre {d.chapitre.code} soumis pour analyse (tour {tour}, {len(nouvelles)} preuve(s) déposée(s)).",
        details={"tour": tour, "preuves": [p.pk for p in nouvelles], "lien": lien_chapitre(d)}, le=now,
    )
    for p in nouvelles:
        changer_statut_preuve(p, to=P.DEPOSEE, by=by)
    d.tour, d.soumis_le = tour, now
    d.save(update_fields=["tour", "soumis_le", "updated_at"])
    dossier.statut, dossier.tour, dossier.soumis_le = d.statut, d.tour, d.soumis_le
    if c.preuves_completes_le is None and not PreuveDemandee.objects.filter(candidature=c, statut=P.A_FOURNIR).exists():
        Candidature.objects.filter(pk=c.pk).update(preuves_completes_le=now)
        journaliser(
            "dossier_preuves_complet", acteur=by, candidature=c, cible=f"candidature:{c.pk}",
            message="Le dossier complet de preuves a été soumis une première fois.",
            details={"lien": lien_candidature(c)}, le=now,
        )
    return d
