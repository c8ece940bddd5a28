"""Products and their versions: what editors register before applying (services and reads)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet

from candidatures.journal import journaliser

from .errors import DomainError
from .models import Habilitation, Produit, VersionProduit
from .policy import produits_visibles, require


def produits_de(user) -> QuerySet[Produit]:
    """The products `user` may read, with their organisation and versions (newest first) loaded."""
    return (
        produits_visibles(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("versions", queryset=VersionProduit.objects.order_by("-created_at", "-pk")))
        .order_by("nom", "pk")
    )


@transaction.atomic
def creer_produit(*, nom: str, description: str = "", by) -> Produit:
    """Register a product of `by`'s organisation; journalled (`produit_cree`).

    A creator who is not the organisation's administrator receives every right on it (an
    Habilitation granted by nobody: the root of that product's delegation tree, like the
    administrator's own rights). Raises PermissionRefusee, or DomainError (name already used).
    """
    require(by, "comptes.add_produit")
    nom = " ".join(nom.split())
    if not nom:
        raise DomainError("Le nom commercial est obligatoire.", field="nom")
    if Produit.objects.filter(organisation_id=by.organisation_id, nom__iexact=nom).exists():
        raise DomainError(f"Votre organisation a déjà un produit nommé « {nom} ».", field="nom")
    produit = Produit(organisation_id=by.organisation_id, nom=nom, description=description.strip(), cree_par=by)
    produit.full_clean()
    produit.save()
    if not by.est_admin_organisation:
        Habilitation.objects.create(
            utilisateur=by, produit=produit, lire=True, contribuer=True, soumettre=True, signer=True, accordee_par=None
        )
        by.__dict__.pop("_droits_cache", None)  # policy caches rights on the user for the request
    journaliser(
        "produit_cree", acteur=by, organisation=produit.organisation, cible=f"produit:{produit.pk}",
        message=f"Produit « {produit.nom} » créé.",
    )
    return produit


@transaction.atomic
def creer_version(produit: Produit, *, numero: str, notes: str = "", by) -> VersionProduit:
    """Add a technical version to a product; journalled (`version_produit_creee`).

    The numéro de version technique is unique per product. Raises PermissionRefusee (no
    `contribuer` right on the product) or DomainError (empty or duplicate number).
    """
    require(by, "comptes.change_produit", produit)
    numero = numero.strip()
    if not numero:
        raise DomainError("Le numéro de version technique est obligatoire.", field="numero")
    produit = Produit.objects.select_for_update().get(pk=produit.pk)  # serialises concurrent additions
    doublon = DomainError(
        f"La version « {numero} » existe déjà pour le produit « {produit.nom} » : "
        "le numéro de version technique identifie une version.",
        field="numero",
    )
    if produit.versions.filter(numero=numero).exists():
        raise doublon
    try:
        with transaction.atomic():
            version = VersionProduit.objects.create(produit=produit, numero=numero, notes=notes.strip())
    except IntegrityError as exc:
        raise doublon from exc
    journaliser(
        "version_produit_creee", acteur=by, organisation=produit.organisation, cible=f"version:{version.pk}",
        message=f"Version {numero} du produit « {produit.nom} » créée.", details={"produit": produit.pk},
    )
    return version
