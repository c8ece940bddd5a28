"""The delegation tree: users created by users, rights on products granted down the tree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ..errors import DomainError, PermissionRefusee
from ..models import Droit, Habilitation, Produit, User
from ..policy import droits_produit, require
from ._commun import (
    _journaliser,
    _nom_utilisateur_libre,
    _synchroniser_email,
    _verrouiller,
)

TOUS_DROITS = frozenset(Droit.values)


def normaliser_droits(droits: Iterable[str]) -> frozenset[str]:
    """The rights asked, with `lire` added when any other is (they all imply reading)."""
    droits = frozenset(droits)
    inconnus = droits - TOUS_DROITS
    if inconnus:
        raise DomainError(f"Droit inconnu : {', '.join(sorted(inconnus))}.")
    return droits | {Droit.LIRE} if droits else droits


def _fermeture_retrait(droits: Iterable[str]) -> frozenset[str]:
    """Taking `lire` away takes everything (the other rights imply it)."""
    droits = frozenset(droits)
    return TOUS_DROITS if Droit.LIRE in droits else droits


# --- The delegation tree -----------------------------------------------------------------------


@dataclass
class _Changements:
    """What an action changed, down the tree (for the journal)."""

    lignes: list[dict] = field(default_factory=list)

    def droits(
        self, h: Habilitation, avant: set[str], apres: set[str], *, cascade: bool
    ) -> None:
        self.lignes.append(
            {
                "utilisateur": h.utilisateur_id,
                "produit": h.produit_id,
                "avant": sorted(avant),
                "apres": sorted(apres),
                "cascade": cascade,
            }
        )

    def gestion(self, user_id: int, *, cascade: bool, apres: bool) -> None:
        self.lignes.append(
            {
                "utilisateur": user_id,
                "peut_gerer_utilisateurs": apres,
                "cascade": cascade,
            }
        )


def _retirer_en_cascade(
    concede_par: int,
    produit_id: int,
    retires: frozenset[str],
    changements: _Changements,
) -> None:
    """Take `retires` away from everything `concede_par` granted on the product, recursively."""
    pile = [(concede_par, _fermeture_retrait(retires))]
    while pile:
        grantor_id, perdus_amont = pile.pop()
        for h in Habilitation.objects.select_for_update().filter(
            accordee_par_id=grantor_id, produit_id=produit_id
        ):
            avant = h.droits()
            perdus = _fermeture_retrait(avant & perdus_amont)
            if not perdus & avant:
                continue
            apres = avant - perdus
            _ecrire_habilitation(h, apres)
            changements.droits(h, avant, apres, cascade=True)
            pile.append((h.utilisateur_id, perdus))


def _ecrire_habilitation(h: Habilitation, droits: Iterable[str]) -> None:
    droits = set(droits)
    if Droit.LIRE not in droits:
        if h.pk:
            h.delete()
        return
    for d in Droit.values:
        setattr(h, d, d in droits)
    h.save()


def _retirer_gestion_en_cascade(utilisateur_id: int, changements: _Changements) -> None:
    """Users created below someone who loses the right to manage users lose it too."""
    niveau = [utilisateur_id]
    while niveau:
        ids = list(
            User.objects.filter(
                cree_par_id__in=niveau,
                peut_gerer_utilisateurs=True,
                est_admin_organisation=False,
            ).values_list("pk", flat=True)
        )
        User.objects.filter(pk__in=ids).update(peut_gerer_utilisateurs=False)
        for pk in ids:
            changements.gestion(pk, cascade=True, apres=False)
        niveau = ids


def _produits_de(acteur: User, ids: Iterable[int | Produit]) -> dict[int, Produit]:
    ids = {p.pk if isinstance(p, Produit) else int(p) for p in ids}
    produits = {
        p.pk: p
        for p in Produit.objects.filter(
            pk__in=ids, organisation_id=acteur.organisation_id
        )
    }
    if set(produits) != ids:
        raise PermissionRefusee("Ce produit n'appartient pas à votre organisation.")
    return produits


def _appliquer_droits(
    acteur: User,
    utilisateur: User,
    habilitations: Mapping[int | Produit, Iterable[str]],
    changements: _Changements,
) -> None:
    """Set the user's rights on each product to exactly the given set. Only rights the actor
    holds may be added or removed; removing cascades down what the user granted."""
    voulus = {
        (p.pk if isinstance(p, Produit) else int(p)): normaliser_droits(d)
        for p, d in habilitations.items()
    }
    produits = _produits_de(acteur, voulus)
    existantes = {
        h.produit_id: h
        for h in Habilitation.objects.select_for_update().filter(
            utilisateur=utilisateur, produit_id__in=voulus
        )
    }
    for produit_id, droits in voulus.items():
        h = existantes.get(produit_id) or Habilitation(
            utilisateur=utilisateur, produit=produits[produit_id]
        )
        avant = h.droits() if h.pk else set()
        ajoutes, retires = droits - avant, frozenset(avant - droits)
        propres = droits_produit(acteur, produits[produit_id])
        hors = (ajoutes | retires) - propres
        if hors:
            libelles = ", ".join(
                str(Droit(d).label).lower() for d in Droit.values if d in hors
            )
            raise PermissionRefusee(
                f"Vous ne pouvez pas accorder ou retirer sur « {produits[produit_id].nom} » des droits "
                f"que vous n'avez pas vous-même ({libelles})."
            )
        if not ajoutes and not retires:
            continue
        if ajoutes:
            h.accordee_par = acteur
        _ecrire_habilitation(h, droits)
        changements.droits(h, avant, set(droits), cascade=False)
        if retires:
            _retirer_en_cascade(utilisateur.pk, produit_id, retires, changements)


@transaction.atomic
def creer_utilisateur(
    createur: User,
    *,
    email: str,
    first_name: str,
    last_name: str,
    peut_gerer_utilisateurs: bool = False,
    habilitations: Mapping[int | Produit, Iterable[str]] | None = None,
) -> User:
    """Create a user of the creator's organisation, below the creator in the tree, with rights
    no wider than the creator's. The user logs in through iSC with the same e-mail address
    (linked at first login). Raises PermissionRefusee or DomainError (field "email")."""
    require(createur, "comptes.manage_users", createur.organisation)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(
            "Saisissez une adresse électronique valide.", field="email"
        ) from exc
    if User.objects.filter(
        organisation_id=createur.organisation_id, email__iexact=email
    ).exists():
        raise DomainError(
            "Un utilisateur de votre organisation a déjà cette adresse électronique.",
            field="email",
        )
    utilisateur = User(
        username=_nom_utilisateur_libre(email),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        organisation_id=createur.organisation_id,
        cree_par=createur,
        peut_gerer_utilisateurs=peut_gerer_utilisateurs,
    )
    utilisateur.set_unusable_password()
    utilisateur.save()
    _synchroniser_email(utilisateur, verifie=False)
    changements = _Changements()
    _appliquer_droits(createur, utilisateur, habilitations or {}, changements)
    _journaliser(
        "utilisateur_cree",
        acteur=createur,
        organisation=createur.organisation,
        cible=f"utilisateur:{utilisateur.pk}",
        message=f"{createur} a créé l'utilisateur {utilisateur} ({email}).",
        details={
            "peut_gerer_utilisateurs": peut_gerer_utilisateurs,
            "changements": changements.lignes,
        },
    )
    return utilisateur


@transaction.atomic
def modifier_droits(
    acteur: User,
    *,
    utilisateur: User,
    habilitations: Mapping[int | Produit, Iterable[str]] | None = None,
    peut_gerer_utilisateurs: bool | None = None,
) -> User:
    """Change a user's rights: `habilitations` gives the exact new rights per listed product
    (an empty set revokes), `peut_gerer_utilisateurs` the right to manage users (None: unchanged).
    Rights taken away are taken from everything the user granted below them, recursively.
    Raises PermissionRefusee (other organisation, not below the actor, wider than the actor's)."""
    require(acteur, "comptes.manage_user", utilisateur)
    utilisateur = _verrouiller(utilisateur)
    changements = _Changements()
    _appliquer_droits(acteur, utilisateur, habilitations or {}, changements)
    if (
        peut_gerer_utilisateurs is not None
        and peut_gerer_utilisateurs != utilisateur.peut_gerer_utilisateurs
    ):
        utilisateur.peut_gerer_utilisateurs = peut_gerer_utilisateurs
        utilisateur.save(update_fields=["peut_gerer_utilisateurs"])
        changements.gestion(
            utilisateur.pk, cascade=False, apres=peut_gerer_utilisateurs
        )
        if not peut_gerer_utilisateurs:
            _retirer_gestion_en_cascade(utilisateur.pk, changements)
    if changements.lignes:
        _journaliser(
            "droits_modifies",
            acteur=acteur,
            organisation=acteur.organisation,
            cible=f"utilisateur:{utilisateur.pk}",
            message=f"{acteur} a modifié les droits de {utilisateur}.",
            details={"changements": changements.lignes},
        )
    return utilisateur


def revoquer_habilitation(acteur: User, *, utilisateur: User, produit: Produit) -> User:
    """Take every right on the product away from the user (and from what they granted)."""
    return modifier_droits(acteur, utilisateur=utilisateur, habilitations={produit: ()})


@transaction.atomic
def desactiver_utilisateur(acteur: User, *, utilisateur: User) -> User:
    """Deactivate a user: they can no longer log in, and everything they granted (rights on
    products, the right to manage users) is taken away down their subtree."""
    require(acteur, "comptes.manage_user", utilisateur)
    utilisateur = _verrouiller(utilisateur)
    if not utilisateur.is_active:
        raise DomainError(f"{utilisateur} est déjà désactivé.")
    utilisateur.is_active = False
    utilisateur.save(update_fields=["is_active"])
    changements = _Changements()
    produits = set(
        Habilitation.objects.filter(accordee_par=utilisateur).values_list(
            "produit_id", flat=True
        )
    )
    for produit_id in sorted(produits):
        _retirer_en_cascade(utilisateur.pk, produit_id, TOUS_DROITS, changements)
    _retirer_gestion_en_cascade(utilisateur.pk, changements)
    _journaliser(
        "utilisateur_desactive",
        acteur=acteur,
        organisation=acteur.organisation,
        cible=f"utilisateur:{utilisateur.pk}",
        avant="actif",
        apres="inactif",
        message=f"{acteur} a désactivé {utilisateur}.",
        details={"changements": changements.lignes},
    )
    return utilisateur
