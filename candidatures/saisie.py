"""Drafting the dossier's two steps: what the editor saves before submitting, and when they may.

Re-exported by candidatures.services, the one entry point of the app's actions.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from comptes.errors import (
    ConflitEdition,
    DateDepassee,
    DomainError,
    FichierRefuse,
    TransitionInterdite,
)
from comptes.fichiers import IMAGE, PDF, Categorie, enregistrer_fichier
from comptes.policy import require
from convergence.dates import date_locale

from .completude import manquants_administrative, manquants_eligibilite
from .dates import exiger_avant
from .enums import STATUTS_DOSSIER_EDITABLE, CandidatureStatus, EtapeStatus
from .journal import journaliser
from .models import Candidature, CandidatureAdministrative, Eligibilite

S = CandidatureStatus
ETAPES = {"administrative": CandidatureAdministrative, "eligibilite": Eligibilite}
CHAMPS_ADMINISTRATIVE = (
    "raison_sociale", "siren", "siret", "adresse", "contact_nom", "contact_email", "contact_telephone",
    "statut_vague1", "numero_referencement_vague1", "convention_vague1_signee",
)
CHAMPS_ELIGIBILITE = ("nie", "nil", "nils_composants", "cnda_statut", "cnda_date_retour")
# Upload keys accepted in `data`, with the kinds of file each accepts.
FICHIERS_ADMINISTRATIVE = {"attestation_vague1": (PDF,)}
FICHIERS_ELIGIBILITE = {"cnda_preuve": (IMAGE, PDF)}
def verrouiller(candidature: Candidature) -> Candidature:
    """The candidature's row, locked, with what rights and dates checks read."""
    return (
        Candidature.objects.select_for_update(of=("self",))
        .select_related("version__produit", "vague", "dsr", "organisation")
        .get(pk=candidature.pk)
    )


def date_limite_dossier(c: Candidature) -> int:
    """Never submitted: Date N°1 closes the dossier. Reopened by the agency: Date N°3."""
    return 1 if c.premiere_soumission_le is None else 3


def refus_modification(c: Candidature, etape, *, quoi: str = "modifier cette étape", now: datetime | None = None):
    """Why the editor may not edit `etape` now (a DomainError to raise or show), or None.

    Rights are not checked here (see `candidatures.change_candidature`).
    """
    if c.statut not in STATUTS_DOSSIER_EDITABLE:
        return TransitionInterdite(
            f"Le dossier administratif n'est plus modifiable : la candidature est « {S(c.statut).label} »."
        )
    if etape.statut in (EtapeStatus.SOUMISE, EtapeStatus.VALIDEE):
        return TransitionInterdite(
            "Cette étape a été soumise : elle n'est plus modifiable, sauf si l'ANS demande un complément."
        )
    try:
        exiger_avant(c.vague, date_limite_dossier(c), quoi, now=now)
    except DateDepassee as exc:
        return exc
    return None


def _exiger_modifiable(c: Candidature, etape, quoi: str, now: datetime | None) -> None:
    refus = refus_modification(c, etape, quoi=quoi, now=now)
    if refus is not None:
        raise refus


def _exiger_revision(etape, revision: int) -> None:
    if etape.revision != revision:
        auteur = etape.modifie_par or "un autre utilisateur"
        raise ConflitEdition(
            "Un autre utilisateur a modifié cette étape depuis que vous l'avez ouverte "
            f"({auteur}, le {date_locale(etape.updated_at)}). Vos modifications n'ont pas été enregistrées : "
            "rechargez la page pour voir la version actuelle, puis reportez-y vos changements."
        )


def _appliquer(etape, data: dict, champs: tuple[str, ...], fichiers: dict[str, tuple[Categorie, ...]]) -> None:
    inconnus = set(data) - set(champs) - set(fichiers)
    if inconnus:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    for champ in champs:
        if champ in data:
            valeur = data[champ]
            setattr(etape, champ, "" if valeur is None and champ != "cnda_date_retour" else valeur)
    try:
        etape.full_clean(exclude=[f.name for f in etape._meta.get_fields() if f.name not in champs])
    except ValidationError as exc:
        premier_champ, erreurs = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(erreurs), field=premier_champ) from None


def _stocker(etape, data: dict, fichiers: dict[str, tuple[Categorie, ...]], c: Candidature, by) -> list[int]:
    """Store each uploaded file through the one upload path, and attach it to the step."""
    stockes = []
    for champ, categories in fichiers.items():
        upload = data.get(champ)
        if not upload:
            continue
        try:
            fichier = enregistrer_fichier(
                upload, categories=categories, organisation=c.organisation, produit=c.version.produit, by=by
            )
        except FichierRefuse as exc:
            exc.field = champ
            raise
        setattr(etape, champ, fichier)
        stockes.append(fichier.pk)
    return stockes


def _statut_apres_saisie(etape, manque: list[str]) -> str:
    if etape.statut == EtapeStatus.COMPLEMENT_DEMANDE:
        return etape.statut  # stays reopened until the dossier is submitted again
    return EtapeStatus.A_COMPLETER if manque else EtapeStatus.COMPLETE


def verrouiller_etape(modele, c: Candidature):
    return modele.objects.select_for_update(of=("self",)).select_related("modifie_par").get(candidature=c)


@transaction.atomic
def enregistrer_administrative(
    candidature: Candidature, *, data: dict, revision: int, by, now: datetime | None = None
) -> CandidatureAdministrative:
    """Save step 1 as a draft (any subset of its fields, plus an `attestation_vague1` upload, PDF).

    `revision` is the step's revision the form was opened with. Raises PermissionRefusee,
    TransitionInterdite (not editable), DateDepassee, ConflitEdition (saved by someone else
    meanwhile), FichierRefuse or DomainError (invalid value; `field` names it). Nothing is saved
    when it raises.
    """
    c = verrouiller(candidature)
    require(by, "candidatures.change_candidature", c)
    etape = verrouiller_etape(CandidatureAdministrative, c)
    _exiger_modifiable(c, etape, "modifier la candidature administrative", now)
    _exiger_revision(etape, revision)
    _appliquer(etape, data, CHAMPS_ADMINISTRATIVE, FICHIERS_ADMINISTRATIVE)
    stockes = _stocker(etape, data, FICHIERS_ADMINISTRATIVE, c, by)
    etape.revision += 1
    etape.modifie_par = by
    etape.statut = _statut_apres_saisie(etape, manquants_administrative(etape))
    etape.save()
    journaliser(
        "administrative_enregistree", acteur=by, candidature=c, cible=f"administrative:{etape.pk}",
        details={"etape": "administrative", "revision": etape.revision, "fichiers": stockes},
    )
    return etape


@transaction.atomic
def enregistrer_eligibilite(
    candidature: Candidature, *, data: dict, profils, revision: int, by, now: datetime | None = None
) -> Eligibilite:
    """Save step 2 as a draft: the selected profiles (Profil objects or ids), the CNDA fields and
    a `cnda_preuve` upload (image or PDF) in `data`.

    The mandatory (Général) profiles cannot be removed; after Date N°2 no optional profile can be
    added. Raises like `enregistrer_administrative`; nothing is saved when it raises.
    """
    c = verrouiller(candidature)
    require(by, "candidatures.change_candidature", c)
    etape = verrouiller_etape(Eligibilite, c)
    _exiger_modifiable(c, etape, "modifier le formulaire d'éligibilité", now)
    _exiger_revision(etape, revision)
    du_dsr = {p.pk: p for p in c.dsr.profils.all()}
    choisis = {p if isinstance(p, int) else p.pk for p in profils}
    if choisis - du_dsr.keys():
        raise DomainError("Un des profils choisis n'appartient pas au DSR de la candidature.", field="profils")
    obligatoires = {pk for pk, p in du_dsr.items() if p.obligatoire}
    if not obligatoires <= choisis:
        raise DomainError("Le profil Général est obligatoire : il ne peut pas être retiré.", field="profils")
    actuels = set(etape.profils.values_list("pk", flat=True))
    ajoutes, retires = choisis - actuels, actuels - choisis
    if ajoutes - obligatoires:
        try:
            exiger_avant(c.vague, 2, "ajouter un profil optionnel", now=now)
        except DateDepassee as exc:
            exc.field = "profils"
            raise
    _appliquer(etape, data, CHAMPS_ELIGIBILITE, FICHIERS_ELIGIBILITE)
    stockes = _stocker(etape, data, FICHIERS_ELIGIBILITE, c, by)
    etape.revision += 1
    etape.modifie_par = by
    selection = [du_dsr[pk] for pk in sorted(choisis)]
    etape.statut = _statut_apres_saisie(etape, manquants_eligibilite(etape, selection))
    etape.save()
    etape.profils.set(selection)
    journaliser(
        "eligibilite_enregistree", acteur=by, candidature=c, cible=f"eligibilite:{etape.pk}",
        details={
            "etape": "eligibilite", "revision": etape.revision, "fichiers": stockes,
            "profils_ajoutes": sorted(du_dsr[pk].nom for pk in ajoutes),
            "profils_retires": sorted(du_dsr[pk].nom for pk in retires),
        },
    )
    return etape
